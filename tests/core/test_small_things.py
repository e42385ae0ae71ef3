"""Small things that make it feel finished (issue 12, 8)."""

import pytest
from django.utils import timezone, translation

from danvan.accounts.enums import Role
from danvan.core import registry
from danvan.initiatives.forms import InitiativeFilterForm
from danvan.organizations.forms import GrantForm, InviteForm
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import unit
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

ALL_ROLES = [(role.value, role.label) for role in Role]


def figures_of(user) -> dict[str, int]:
    """The home page's figures, as its view computes them for ``user``."""
    with translation.override("vi"):
        return {str(f.label): f.compute(user) for f in registry.home_figures()}


def test_the_home_page_counts_only_within_the_users_scope():
    tuyen_quang = unit("08")
    staff = user_with_role(Role.STAFF, unit=tuyen_quang)
    staff.is_staff = True  # a Django staff flag too: it used to see every account counted
    staff.save(update_fields=["is_staff"])
    user_with_role(Role.VIEWER, unit=unit("82"))  # an account of Đồng Tháp
    figures = figures_of(staff)
    communes = AdministrativeUnit.objects.filter(
        era="current", level="commune", path__startswith=tuyen_quang.path
    ).count()
    assert figures["Xã, phường, đặc khu hiện nay"] == communes
    assert 0 < communes < AdministrativeUnit.objects.filter(era="current", level="commune").count()
    assert figures["Tài khoản đang hoạt động"] == 1  # the staff member, not Đồng Tháp's viewer


def test_the_invite_and_grant_forms_offer_the_least_powerful_role_first():
    assert InviteForm(roles=ALL_ROLES)["role"].value() == Role.VIEWER
    assert GrantForm(roles=ALL_ROLES)["role"].value() == Role.VIEWER
    without_viewer = [choice for choice in ALL_ROLES if choice[0] != Role.VIEWER]
    assert GrantForm(roles=without_viewer)["role"].value() == Role.REVIEWER


def test_the_year_filters_offer_no_year_to_come():
    form = InitiativeFilterForm(user=user_with_role(Role.STAFF, unit=unit("08")))
    this_year = timezone.localdate().year
    for name in ("year", "year_from", "year_to"):
        years = [value for value, _label in form.fields[name].choices if value]
        assert max(years) == this_year
