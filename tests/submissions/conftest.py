import pytest

from danvan.submissions.models import Obligation
from tests.permissions import user_with_role
from tests.submissions import helpers


@pytest.fixture
def template(db):
    return helpers.make_template()


@pytest.fixture
def obligation(template):
    """Xã Bình An's obligation to tỉnh Tuyên Quang."""
    return Obligation.objects.get(template=template, unit=helpers.binh_an())


@pytest.fixture
def commune_editor(obligation):
    return user_with_role("unit_editor", unit=obligation.unit)


@pytest.fixture
def province_staff(db):
    return user_with_role("staff", unit=helpers.tuyen_quang())
