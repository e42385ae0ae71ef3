"""Selectors: who sees which organisations and people."""

import pytest

from danvan.accounts.enums import Role
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.queries import organizations_visible_to, people_visible_to
from danvan.organizations.services import add_person_link
from tests.factories.organizations import (
    dong_thap,
    make_organization,
    make_person,
    tuyen_quang,
    unit,
)
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces():
    tq = make_organization(
        name="Tỉnh ủy Tuyên Quang", kind=OrganizationKind.PARTY_COMMITTEE, unit=tuyen_quang()
    )
    tq_ban = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", parent=tq)
    tq_commune = make_organization(
        name="Đảng ủy xã Bình An",
        kind=OrganizationKind.PARTY_COMMITTEE,
        parent=tq,
        unit=unit("02296", level="commune"),
    )
    dt = make_organization(
        name="Tỉnh ủy Đồng Tháp", kind=OrganizationKind.PARTY_COMMITTEE, unit=dong_thap()
    )
    central = make_organization(name="Ban Dân vận Trung ương", unit=None)
    return {"tq": tq, "tq_ban": tq_ban, "tq_commune": tq_commune, "dt": dt, "central": central}


def test_a_province_grant_sees_its_province_and_central_bodies_only(two_provinces):
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    names = set(organizations_visible_to(staff).values_list("name", flat=True))
    assert names == {
        "Tỉnh ủy Tuyên Quang",
        "Ban Dân vận Tỉnh ủy Tuyên Quang",
        "Đảng ủy xã Bình An",
        "Ban Dân vận Trung ương",
    }


def test_a_commune_grant_never_sees_above_or_beside(two_provinces):
    commune_staff = user_with_role(Role.STAFF, unit=unit("02296", level="commune"))
    names = set(organizations_visible_to(commune_staff).values_list("name", flat=True))
    assert names == {"Đảng ủy xã Bình An", "Ban Dân vận Trung ương"}


def test_an_organisation_grant_sees_its_subtree(two_provinces):
    editor = user_with_role(Role.UNIT_EDITOR, organization=two_provinces["tq_ban"])
    names = set(organizations_visible_to(editor).values_list("name", flat=True))
    assert names == {"Ban Dân vận Tỉnh ủy Tuyên Quang", "Ban Dân vận Trung ương"}


def test_a_grant_on_todays_province_covers_old_units_that_became_part_of_it(two_provinces):
    # Huyện Lâm Bình (old map) is now part of tỉnh Tuyên Quang; Hà Giang merged into it too.
    old_district = make_organization(
        name="Huyện ủy Lâm Bình",
        kind=OrganizationKind.PARTY_COMMITTEE,
        unit=unit("071", era="legacy", level="district"),
    )
    ha_giang = make_organization(name="Tỉnh ủy Hà Giang", unit=unit("02", era="legacy"))
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    visible = organizations_visible_to(staff)
    assert old_district in visible
    assert ha_giang in visible
    other = user_with_role(Role.STAFF, unit=dong_thap())
    assert old_district not in organizations_visible_to(other)


def test_no_grant_sees_nothing(two_provinces):
    from tests.factories.accounts import UserFactory

    assert list(organizations_visible_to(UserFactory())) == []
    assert list(people_visible_to(UserFactory())) == []


def test_people_are_visible_through_their_unit_or_their_positions(two_provinces):
    local = make_person(full_name="Ma Thị Lan", unit=unit("02296", level="commune"))
    outsider = make_person(full_name="Trần Văn Nam", unit=dong_thap())
    add_person_link(
        person=outsider,
        kind="position",
        acting_user=None,
        data={"organization": two_provinces["tq_ban"], "title": "Cán bộ biệt phái"},
    )
    stranger = make_person(full_name="Lê Văn Xa", unit=dong_thap())
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    assert set(people_visible_to(staff)) == {local, outsider}
    assert stranger not in people_visible_to(staff)


def test_reviewers_do_not_see_the_people_register(two_provinces):
    make_person(full_name="Ma Thị Lan")
    reviewer = user_with_role(Role.REVIEWER, unit=tuyen_quang())
    assert list(people_visible_to(reviewer)) == []
    assert organizations_visible_to(reviewer).filter(name="Tỉnh ủy Tuyên Quang").exists()
