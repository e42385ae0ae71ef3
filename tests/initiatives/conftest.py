"""Fixtures shared by the tests of this package: the initiatives, province and editor of
the evidence tests, and the pair of initiatives of the view tests."""

import pytest

from tests.initiatives import factories
from tests.initiatives.evidence_helpers import make_initiative, province
from tests.permissions import user_with_role


@pytest.fixture
def tuyen_quang():
    return province("08")


@pytest.fixture
def initiative(tuyen_quang):
    return make_initiative(tuyen_quang, "Vận động nhân dân xây dựng môi trường xanh, sạch, đẹp")


@pytest.fixture
def outside():
    return make_initiative(province("82"), "Dân vận khéo trong xây dựng nông thôn mới")


@pytest.fixture
def staff(tuyen_quang):
    return user_with_role("staff", unit=tuyen_quang)


@pytest.fixture
def pair():
    """A model at xã Bình An (tỉnh Tuyên Quang, every matrix scope) and one in Đồng Tháp."""
    inside = factories.make_initiative(name="Dân vận khéo ở xã Bình An")
    outside = factories.make_initiative(
        name="Dân vận khéo ở Đồng Tháp", place=factories.thap_muoi()
    )
    return inside, outside
