import re

import pytest
from django.test import Client

from danvan.accounts.enums import Role
from danvan.accounts.models import User
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.models import Organization
from danvan.organizations.services import add_person_link
from tests.factories.organizations import (
    dong_thap,
    make_organization,
    make_person,
    tuyen_quang,
    unit,
)
from tests.permissions import READER_ROLES, check_matrix, user_with_role

pytestmark = pytest.mark.django_db

EVERY_ROLE_SEES = dict.fromkeys(READER_ROLES, (200, 404))
MANAGERS_CHANGE = {
    Role.ADMIN: (200, 404),
    Role.STAFF: (200, 404),
    Role.UNIT_EDITOR: (403, 404),
    Role.REVIEWER: (403, 404),
    Role.VIEWER: (403, 404),
}
EDITORS_CHANGE_PEOPLE = {
    Role.ADMIN: (200, 404),
    Role.STAFF: (200, 404),
    Role.UNIT_EDITOR: (200, 404),
    Role.VIEWER: (403, 404),
    Role.REVIEWER: (404, 404),
}
PEOPLE_READERS = {**EVERY_ROLE_SEES, Role.REVIEWER: (404, 404)}


@pytest.fixture
def world():
    tq = make_organization(
        name="Tỉnh ủy Tuyên Quang", kind=OrganizationKind.PARTY_COMMITTEE, unit=tuyen_quang()
    )
    dt = make_organization(
        name="Tỉnh ủy Đồng Tháp", kind=OrganizationKind.PARTY_COMMITTEE, unit=dong_thap()
    )
    tq_person = make_person(full_name="Ma Thị Lan", unit=tuyen_quang())
    dt_person = make_person(full_name="Trần Văn Nam", unit=dong_thap())
    return {"tq": tq, "dt": dt, "tq_person": tq_person, "dt_person": dt_person}


@pytest.mark.parametrize(
    ("url", "expect"),
    [
        ("/to-chuc/{pk}/", EVERY_ROLE_SEES),
        ("/to-chuc/{pk}/sua/", MANAGERS_CHANGE),
        ("/to-chuc/{pk}/ket-thuc/", MANAGERS_CHANGE),
    ],
)
def test_organisation_pages_permission_matrix(world, url, expect):
    check_matrix(
        url_for=lambda org: url.format(pk=org.pk),
        inside=world["tq"],
        outside=world["dt"],
        scope_unit=tuyen_quang(),
        expect=expect,
    )


@pytest.mark.parametrize(
    ("url", "expect"),
    [
        ("/can-bo/{pk}/", PEOPLE_READERS),
        ("/can-bo/{pk}/sua/", EDITORS_CHANGE_PEOPLE),
        ("/can-bo/{pk}/position/them/", EDITORS_CHANGE_PEOPLE),
        ("/can-bo/{pk}/service_period/them/", EDITORS_CHANGE_PEOPLE),
    ],
)
def test_person_pages_permission_matrix(world, url, expect):
    check_matrix(
        url_for=lambda person: url.format(pk=person.pk),
        inside=world["tq_person"],
        outside=world["dt_person"],
        scope_unit=tuyen_quang(),
        expect=expect,
    )


def test_user_pages_permission_matrix(world):
    inside = user_with_role(Role.VIEWER, unit=unit("02296", level="commune"))
    outside = user_with_role(Role.VIEWER, unit=dong_thap())
    forbidden = (403, 403)
    check_matrix(
        url_for=lambda account: f"/nguoi-dung/{account.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect={
            Role.ADMIN: (200, 404),
            Role.STAFF: (200, 404),
            Role.UNIT_EDITOR: forbidden,
            Role.REVIEWER: forbidden,
            Role.VIEWER: forbidden,
            Role.PORTAL_EDITOR: forbidden,
            Role.PORTAL_MODERATOR: forbidden,
        },
    )


def test_a_staff_of_one_province_sees_nothing_of_another_by_any_url(world):
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    client = Client()
    client.force_login(staff)
    other_user = user_with_role(Role.STAFF, unit=dong_thap())
    urls = [
        f"/to-chuc/{world['dt'].pk}/",
        f"/to-chuc/{world['dt'].pk}/sua/",
        f"/to-chuc/{world['dt'].pk}/ket-thuc/",
        f"/can-bo/{world['dt_person'].pk}/",
        f"/can-bo/{world['dt_person'].pk}/sua/",
        f"/can-bo/{world['dt_person'].pk}/membership/them/",
        f"/nguoi-dung/{other_user.pk}/",
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)
    lists = client.get("/to-chuc/").content.decode() + client.get("/can-bo/").content.decode()
    assert "Đồng Tháp" not in lists
    assert "Trần Văn Nam" not in lists
    picker = client.get("/to-chuc/chon/", {"q": "tinh uy"}).content.decode()
    assert "Tỉnh ủy Tuyên Quang" in picker
    assert "Đồng Tháp" not in picker
    assert client.get("/nguoi-dung/").content.decode().count(other_user.username) == 0


def test_organisation_list_is_a_tree_and_searchable(world, django_assert_max_num_queries):
    make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", parent=world["tq"])
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    client = Client()
    client.force_login(staff)
    with django_assert_max_num_queries(10):
        body = client.get("/to-chuc/").content.decode()
    assert "org-tree__item--depth-1" in body
    found = client.get("/to-chuc/", {"q": "ban dan van"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Ban Dân vận Tỉnh ủy Tuyên Quang" in found
    assert "<html" not in found


def test_list_query_count_does_not_grow_with_rows(world, django_assert_num_queries):
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    client = Client()
    client.force_login(staff)
    client.get("/to-chuc/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/can-bo/")
    for number in range(3):
        make_person(full_name=f"Người {number}", unit=tuyen_quang())
    with CaptureQueriesContext(connection) as three:
        client.get("/can-bo/")
    assert len(three) == len(one)


def test_staff_create_an_organisation_inside_their_scope_only(world):
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    client = Client()
    client.force_login(staff)
    response = client.post(
        "/to-chuc/them/",
        {
            "name": "Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang",
            "kind": "dan_van",
            "parent": world["tq"].pk,
            "unit": tuyen_quang().pk,
            "valid_from": "01/03/2025",
        },
    )
    created = Organization.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang")
    assert response["Location"] == f"/to-chuc/{created.pk}/"
    assert created.parent == world["tq"]
    refused = client.post(
        "/to-chuc/them/",
        {
            "name": "Ban ở tỉnh khác",
            "kind": "dan_van",
            "parent": world["dt"].pk,
            "unit": dong_thap().pk,
        },
    )
    assert refused.status_code == 200
    assert not Organization.objects.filter(name="Ban ở tỉnh khác").exists()


def test_organisation_page_shows_the_merger_history(world, admin_client):
    from datetime import date

    from danvan.organizations.services import end_organization

    old = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", parent=world["tq"])
    new = make_organization(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang", parent=world["tq"]
    )
    end_organization(organization=old, ended_on=date(2025, 2, 28), successor=new, acting_user=None)
    text = re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", "", admin_client.get(f"/to-chuc/{new.pk}/").content.decode()),
    )
    assert (
        "Đến 28/02/2025: Ban Dân vận Tỉnh ủy Tuyên Quang — sau đó sáp nhập vào tổ chức này." in text
    )
    text = re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", "", admin_client.get(f"/to-chuc/{old.pk}/").content.decode()),
    )
    assert "sau đó sáp nhập vào Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang" in text


def test_person_page_shows_positions(world, admin_client):
    add_person_link(
        person=world["tq_person"],
        kind="position",
        acting_user=None,
        data={"organization": world["tq"], "title": "Phó Bí thư Thường trực Tỉnh ủy"},
    )
    body = admin_client.get(f"/can-bo/{world['tq_person'].pk}/").content.decode()
    assert "Phó Bí thư Thường trực Tỉnh ủy" in body
    org_page = admin_client.get(f"/to-chuc/{world['tq'].pk}/").content.decode()
    assert "Ma Thị Lan" in org_page


def test_invite_through_the_page(world, django_capture_on_commit_callbacks):
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    client = Client()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/nguoi-dung/moi/",
            {
                "username": "nam.tv",
                "full_name": "Trần Văn Nam",
                "email": "nam@example.vn",
                "role": "viewer",
                "unit": unit("02296", level="commune").pk,
            },
        )
    invited = User.objects.get(username="nam.tv")
    assert response["Location"] == f"/nguoi-dung/{invited.pk}/"
    refused = client.post(
        "/nguoi-dung/moi/",
        {
            "username": "ngoai.pv",
            "full_name": "X",
            "email": "x@example.vn",
            "role": "viewer",
            "unit": dong_thap().pk,
        },
    )
    assert refused.status_code == 200
    assert not User.objects.filter(username="ngoai.pv").exists()


def test_reviewers_have_no_people_menu_and_an_empty_people_list(world):
    client = Client()
    client.force_login(user_with_role(Role.REVIEWER, unit=tuyen_quang()))
    home = client.get("/").content.decode()
    assert 'href="/can-bo/"' not in home
    assert 'href="/to-chuc/"' in home
    assert "Ma Thị Lan" not in client.get("/can-bo/").content.decode()
