from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from danvan.accounts import services as account_services
from danvan.accounts.enums import Role
from danvan.accounts.models import Grant, User
from danvan.core.queries import events_for_object
from danvan.organizations import services
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.queries import ancestors
from tests.factories.organizations import (
    dong_thap,
    make_organization,
    make_person,
    tuyen_quang,
    unit,
)
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


def test_organisations_form_a_tree_with_paths():
    root = make_organization(name="Tỉnh ủy Tuyên Quang", kind=OrganizationKind.PARTY_COMMITTEE)
    child = make_organization(name="Ban Dân vận Tỉnh ủy", parent=root)
    assert child.path == f"{root.pk}.{child.pk}."
    assert ancestors(child) == [root]
    assert events_for_object(child).get().action == "organizations.organization.created"


def test_moving_an_organisation_moves_its_subtree(admin_user):
    a = make_organization(name="A")
    b = make_organization(name="B")
    child = make_organization(name="A1", parent=a)
    grandchild = make_organization(name="A1a", parent=child)
    moved = services.update_organization(
        organization=child, data={"parent": b}, version=child.version, acting_user=admin_user
    )
    grandchild.refresh_from_db()
    assert moved.path == f"{b.pk}.{child.pk}."
    assert grandchild.path == f"{b.pk}.{child.pk}.{grandchild.pk}."
    with pytest.raises(ValidationError):
        services.update_organization(
            organization=b, data={"parent": grandchild}, version=b.version, acting_user=admin_user
        )


def test_the_2025_merger_of_ban_dan_van_is_kept_in_history(admin_user):
    tinh_uy = make_organization(name="Tỉnh ủy Tuyên Quang", kind=OrganizationKind.PARTY_COMMITTEE)
    dan_van = make_organization(
        name="Ban Dân vận Tỉnh ủy Tuyên Quang", parent=tinh_uy, valid_from=date(1949, 1, 1)
    )
    merged = make_organization(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang",
        parent=tinh_uy,
        valid_from=date(2025, 3, 1),
    )
    services.end_organization(
        organization=dan_van, ended_on=date(2025, 2, 28), successor=merged, acting_user=admin_user
    )
    dan_van.refresh_from_db()
    assert dan_van.valid_to == date(2025, 2, 28)
    assert dan_van.successor == merged
    assert list(merged.predecessors.all()) == [dan_van]
    assert events_for_object(dan_van).filter(action="organizations.organization.merged").exists()
    assert events_for_object(merged).filter(action="organizations.organization.absorbed").exists()
    with pytest.raises(ValidationError):
        services.end_organization(
            organization=dan_van, ended_on=date(2025, 3, 1), successor=None, acting_user=admin_user
        )


def test_stale_edit_of_a_person_is_refused(admin_user):
    person = make_person(full_name="Hoàng Thị Mai")
    services.update_person(
        person=person, data={"birth_year": 1980}, version=1, acting_user=admin_user
    )
    with pytest.raises(ValidationError):
        services.update_person(
            person=person, data={"birth_year": 1990}, version=1, acting_user=admin_user
        )
    person.refresh_from_db()
    assert person.birth_year == 1980
    changes = events_for_object(person).get(action="organizations.person.updated").changes
    assert changes == {"birth_year": [None, 1980]}


def test_positions_and_service_periods(admin_user):
    org = make_organization(
        name="Huyện ủy Lâm Bình", unit=unit("071", era="legacy", level="district")
    )
    person = make_person(full_name="Ma Văn Tuấn")
    position = services.add_person_link(
        person=person,
        kind="position",
        acting_user=admin_user,
        data={
            "organization": org,
            "title": "Phó Bí thư Thường trực Huyện ủy",
            "start": date(2020, 10, 1),
        },
    )
    period = services.add_person_link(
        person=person,
        kind="service_period",
        acting_user=admin_user,
        data={
            "organization": org,
            "start": date(2010, 1, 1),
            "end": date(2019, 12, 31),
            "full_time": True,
            "difficult_area": True,
        },
    )
    assert position.is_current
    assert period.difficult_area is True
    with pytest.raises(ValidationError):
        services.add_person_link(
            person=person,
            kind="membership",
            acting_user=admin_user,
            data={"organization": org, "start": date(2020, 1, 1), "end": date(2019, 1, 1)},
        )
    services.end_person_link(link=position, end=date(2025, 6, 30), acting_user=admin_user)
    position.refresh_from_db()
    assert position.end == date(2025, 6, 30)


def test_staff_grant_only_inside_their_scope():
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    target = User.objects.create_user(username="canbo-moi")
    grant = account_services.add_grant(
        user=target, role=Role.VIEWER, unit=unit("02296", level="commune"), acting_user=staff
    )
    assert grant.granted_by == staff
    with pytest.raises(ValidationError):
        account_services.add_grant(
            user=target, role=Role.VIEWER, unit=dong_thap(), acting_user=staff
        )
    with pytest.raises(ValidationError):
        account_services.add_grant(
            user=target, role=Role.ADMIN, unit=tuyen_quang(), acting_user=staff
        )
    viewer = user_with_role(Role.VIEWER, unit=tuyen_quang())
    with pytest.raises(ValidationError):
        account_services.add_grant(
            user=target, role=Role.VIEWER, unit=tuyen_quang(), acting_user=viewer
        )
    assert list(Grant.objects.filter(user=target).values_list("role", flat=True)) == ["viewer"]


def test_invitation_creates_the_account_and_mails_a_set_password_link(
    django_capture_on_commit_callbacks,
):
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    with django_capture_on_commit_callbacks(execute=True):
        user = account_services.invite_user(
            username="lan.mt",
            full_name="Ma Thị  Lan",
            email="lan@tuyenquang.example.vn",
            role=Role.UNIT_EDITOR,
            unit=unit("02296", level="commune"),
            acting_user=staff,
            base_url="https://danvan.example.vn/",
        )
    assert user.full_name == "Ma Thị Lan"
    assert not user.has_usable_password()
    assert [g.role for g in user.grants.all()] == ["unit_editor"]
    assert len(mail.outbox) == 1
    assert "https://danvan.example.vn/dat-lai-mat-khau/" in mail.outbox[0].body
    assert "lan.mt" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        account_services.invite_user(
            username="LAN.MT",
            full_name="X",
            email="x@example.vn",
            role=Role.VIEWER,
            unit=tuyen_quang(),
            acting_user=staff,
            base_url="https://danvan.example.vn/",
        )
