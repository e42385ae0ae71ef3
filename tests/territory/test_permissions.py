"""Who may add and edit units: administrators and staff of the unit's territory only (before,
any account with the ``is_staff`` flag could add hamlets anywhere in the country)."""

from itertools import count

import pytest

from danvan.accounts.enums import Role
from danvan.core.permissions import OutOfScope
from danvan.territory import services
from danvan.territory.enums import Era, Level, UnitType
from danvan.territory.models import AdministrativeUnit
from tests.factories.accounts import UserFactory
from tests.permissions import check_matrix, user_with_role
from tests.territory.helpers import current_commune

pytestmark = pytest.mark.django_db

EVERY_ROLE_READS = dict.fromkeys(Role.values, (200, 200))
MANAGERS_IN = {
    Role.ADMIN: (200, 403),
    Role.STAFF: (200, 403),
    Role.UNIT_EDITOR: (403, 403),
    Role.REVIEWER: (403, 403),
    Role.VIEWER: (403, 403),
    Role.PORTAL_EDITOR: (403, 403),
    Role.PORTAL_MODERATOR: (403, 403),
}
_names = count(1)


def province(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=code)


def dong_thap_commune() -> AdministrativeUnit:
    return (
        AdministrativeUnit.objects.filter(
            era=Era.CURRENT, level=Level.COMMUNE, path__startswith=province("82").path
        )
        .order_by("code")
        .first()
    )


def hamlet(commune) -> AdministrativeUnit:
    return services.add_unit(
        parent=commune, unit_type=UnitType.THON, name=f"Thôn {next(_names)}", acting_user=None
    )


@pytest.fixture
def communes():
    return current_commune("02296"), dong_thap_commune()


def children(commune) -> list:
    return sorted(AdministrativeUnit.objects.filter(parent=commune).values_list("name", flat=True))


def test_matrix_unit_page_is_read_by_everyone_signed_in(communes):
    check_matrix(
        url_for=lambda unit: f"/dia-ban/{unit.pk}/",
        inside=communes[0],
        outside=communes[1],
        scope_unit=province("08"),
        expect=EVERY_ROLE_READS,
    )


def test_matrix_add_page_only_for_managers_of_the_commune(communes):
    check_matrix(
        url_for=lambda unit: f"/dia-ban/{unit.pk}/them/",
        inside=communes[0],
        outside=communes[1],
        scope_unit=province("08"),
        expect=MANAGERS_IN,
    )


def test_matrix_adding_a_hamlet_writes_only_inside_the_scope(communes):
    check_matrix(
        url_for=lambda unit: f"/dia-ban/{unit.pk}/them/",
        inside=communes[0],
        outside=communes[1],
        scope_unit=province("08"),
        method="post",
        data=lambda unit: {"unit_type": "thon", "name": f"Bản {next(_names)}"},
        snapshot=children,
        expect={
            **MANAGERS_IN,
            Role.ADMIN: (302, 403),
            Role.STAFF: (302, 403),
        },
        superuser=(302, 302),
    )


def test_matrix_editing_a_hamlet_writes_only_inside_the_scope(communes):
    inside, outside = hamlet(communes[0]), hamlet(communes[1])

    def data(unit):
        unit.refresh_from_db()
        return {"name": f"Thôn mới {next(_names)}", "version": unit.version}

    def snapshot(unit):
        return AdministrativeUnit.objects.filter(pk=unit.pk).values("name", "version").get()

    check_matrix(
        url_for=lambda unit: f"/dia-ban/{unit.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=province("08"),
        expect=MANAGERS_IN,
    )
    check_matrix(
        url_for=lambda unit: f"/dia-ban/{unit.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=province("08"),
        method="post",
        data=data,
        snapshot=snapshot,
        expect={**MANAGERS_IN, Role.ADMIN: (302, 403), Role.STAFF: (302, 403)},
        superuser=(302, 302),
    )


def test_the_service_refuses_a_hamlet_outside_the_scope(communes):
    """The service is the authority: an ``is_staff`` account without a grant there, or staff of
    another province, cannot add a hamlet, whatever the caller checked."""
    flagged = UserFactory(is_staff=True)
    other_province = user_with_role(Role.STAFF, unit=province("82"))
    for user in (flagged, other_province):
        with pytest.raises(OutOfScope):
            services.add_unit(
                parent=communes[0], unit_type=UnitType.THON, name="Nà Lầu", acting_user=user
            )
    assert children(communes[0]) == []
    staff = user_with_role(Role.STAFF, unit=province("08"))
    added = services.add_unit(
        parent=communes[0], unit_type=UnitType.THON, name="Nà Lầu", acting_user=staff
    )
    assert added.parent == communes[0]
