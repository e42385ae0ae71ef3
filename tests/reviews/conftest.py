import pytest

from tests.reviews import factories


@pytest.fixture(autouse=True)
def _catalogues(db):
    factories.seed()
