import pytest

from tests.initiatives.factories import seed


@pytest.fixture(autouse=True)
def _catalogues(db):
    seed()
