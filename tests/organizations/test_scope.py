"""Issue 11: the organisation services decide who may write, whoever calls them. An organisation
may not be placed under a body above the user's scope, a person not placed outside it, and a
refused POST changes nothing (the matrices snapshot the rows before and after)."""

import io
from datetime import date
from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant
from danvan.core.permissions import OutOfScope
from danvan.organizations import services
from danvan.organizations.models import Organization, Person, Position
from tests.core.import_helpers import submit
from tests.factories.organizations import dong_thap, make_organization, make_person, tuyen_quang
from tests.factories.organizations import unit as unit_of
from tests.permissions import check_matrix, user_with_role

pytestmark = pytest.mark.django_db

_numbers = count(1)
CENTRAL = "Ban Dân vận Trung ương"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def central():
    return make_organization(name=CENTRAL, unit=None)


@pytest.fixture
def provinces():
    return (
        make_organization(name="Tỉnh ủy Tuyên Quang", unit=tuyen_quang()),
        make_organization(name="Tỉnh ủy Đồng Tháp", unit=dong_thap()),
    )


def test_matrix_editing_an_organisation_writes_only_inside_the_scope(provinces):
    def data(org):
        org.refresh_from_db()
        return {
            "name": f"Tỉnh ủy {next(_numbers)}",
            "kind": org.kind,
            "unit": org.unit_id,
            "version": org.version,
        }

    check_matrix(
        url_for=lambda org: f"/to-chuc/{org.pk}/sua/",
        inside=provinces[0],
        outside=provinces[1],
        scope_unit=tuyen_quang(),
        method="post",
        data=data,
        snapshot=lambda org: Organization.objects.filter(pk=org.pk).values("name").get(),
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (403, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )


def test_matrix_ending_a_position_writes_only_inside_the_scope(provinces):
    people = []
    for person_unit, organization in zip((tuyen_quang(), dong_thap()), provinces, strict=True):
        person = make_person(unit=person_unit)
        for n in range(6):
            services.add_person_link(
                person=person,
                kind="position",
                acting_user=None,
                data={"organization": organization, "title": f"Ủy viên {n}"},
            )
        people.append(person)

    def url_for(person):
        link = person.positions.filter(end__isnull=True).order_by("pk").first()
        return f"/can-bo/{person.pk}/position/{link.pk}/ket-thuc/"

    check_matrix(
        url_for=url_for,
        inside=people[0],
        outside=people[1],
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda person: sorted(
            Position.objects.filter(person=person, end__isnull=True).values_list("pk", flat=True)
        ),
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (302, 404),
            Role.REVIEWER: (404, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )


def test_matrix_revoking_a_grant_only_inside_the_managing_scope():
    accounts = []
    for province in (tuyen_quang(), dong_thap()):
        account = user_with_role(Role.VIEWER, unit=province)
        for _n in range(4):  # one to revoke for each manager allowed, one left to find it by
            Grant.objects.create(user=account, role=Role.REVIEWER, unit=province)
        accounts.append(account)

    def url_for(account):
        grant = Grant.objects.filter(user=account).order_by("pk").first()
        return f"/nguoi-dung/{account.pk}/quyen/{grant.pk}/xoa/"

    check_matrix(
        url_for=url_for,
        inside=accounts[0],
        outside=accounts[1],
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda account: sorted(
            Grant.objects.filter(user=account).values_list("pk", flat=True)
        ),
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (403, 403),
            Role.REVIEWER: (403, 403),
            Role.VIEWER: (403, 403),
            Role.PORTAL_EDITOR: (403, 403),
            Role.PORTAL_MODERATOR: (403, 403),
        },
        superuser=(302, 302),
    )


# ---- what a form offers and the service accepts ------------------------------------------------


def test_an_organisation_cannot_be_placed_under_a_central_body(central, provinces):
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    client = client_of(staff)
    assert "&quot;writes&quot;: &quot;manage&quot;" in client.get("/to-chuc/them/").content.decode()
    offered = client.get("/to-chuc/chon/", {"q": "ban dan van", "writes": "manage"})
    assert CENTRAL not in offered.content.decode()
    offered = client.get("/to-chuc/chon/", {"q": "tinh uy", "writes": "manage"})
    assert "Tỉnh ủy Tuyên Quang" in offered.content.decode()
    assert "Tỉnh ủy Đồng Tháp" not in offered.content.decode()
    assert CENTRAL in client.get("/to-chuc/chon/", {"q": "ban dan van"}).content.decode()
    response = client.post(
        "/to-chuc/them/", {"name": "Ban mới", "kind": "dan_van", "parent": central.pk}
    )
    assert "Chọn một tổ chức trong danh sách hiện ra khi gõ tên." in response.content.decode()
    with pytest.raises(ValidationError) as error:
        services.create_organization(
            data={
                "name": "Ban Dân vận mới",
                "kind": "dan_van",
                "parent": central,
                "unit": tuyen_quang(),
            },
            acting_user=staff,
        )
    assert error.value.message_dict == {
        "parent": ["Chọn tổ chức cấp trên trong phạm vi của đồng chí."]
    }
    assert not Organization.objects.filter(name="Ban Dân vận mới").exists()


def test_an_organisation_cannot_be_created_beside_the_scope_or_as_a_central_body(provinces):
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    for data in ({"unit": dong_thap()}, {"unit": None}, {"parent": provinces[1]}):
        with pytest.raises(ValidationError):
            services.create_organization(
                data={"name": "Ban mới", "kind": "dan_van", "unit": None, **data},
                acting_user=staff,
            )
    assert not Organization.objects.filter(name="Ban mới").exists()
    made = services.create_organization(
        data={"name": "Ban mới", "kind": "dan_van", "parent": provinces[0], "unit": None},
        acting_user=staff,
    )
    assert (made.parent, made.unit) == (provinces[0], tuyen_quang())  # the parent's unit


def test_an_organisation_cannot_be_moved_out_of_the_scope(provinces):
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    child = make_organization(name="Ban Dân vận Tỉnh ủy", parent=provinces[0])
    with pytest.raises(ValidationError):
        services.update_organization(
            organization=child,
            data={"parent": provinces[1], "unit": dong_thap()},
            version=1,
            acting_user=staff,
        )
    child.refresh_from_db()
    assert (child.parent, child.unit, child.version) == (provinces[0], tuyen_quang(), 1)


def test_the_services_refuse_an_object_out_of_scope_and_the_page_answers_404(provinces):
    stranger = user_with_role(Role.STAFF, unit=dong_thap())
    person = make_person(full_name="Ma Thị Lan", unit=tuyen_quang())
    with pytest.raises(OutOfScope):
        services.update_organization(
            organization=provinces[0], data={"name": "Đổi"}, version=1, acting_user=stranger
        )
    with pytest.raises(OutOfScope):
        services.update_person(
            person=person, data={"full_name": "Đổi"}, version=1, acting_user=stranger
        )
    with pytest.raises(OutOfScope):
        services.end_organization(
            organization=provinces[0],
            ended_on=date(2025, 7, 1),
            successor=None,
            acting_user=stranger,
        )
    assert Organization.objects.get(pk=provinces[0].pk).name == "Tỉnh ủy Tuyên Quang"
    assert Person.objects.get(pk=person.pk).full_name == "Ma Thị Lan"


def test_a_person_cannot_be_placed_or_linked_outside_the_scope(provinces):
    editor = user_with_role(Role.UNIT_EDITOR, unit=tuyen_quang())
    response = client_of(editor).post(
        "/can-bo/them/", {"full_name": "Trần Văn Nam", "unit": dong_thap().pk}
    )
    assert "Chọn đơn vị hành chính trong phạm vi của đồng chí." in response.content.decode()
    assert not Person.objects.filter(full_name="Trần Văn Nam").exists()
    person = make_person(full_name="Ma Thị Lan", unit=unit_of("08"))
    with pytest.raises(ValidationError) as error:
        services.add_person_link(
            person=person,
            kind="position",
            acting_user=editor,
            data={"organization": provinces[1], "title": "Bí thư"},
        )
    assert set(error.value.message_dict) == {"organization"}
    with pytest.raises(ValidationError):
        services.update_person(
            person=person, data={"unit": dong_thap()}, version=1, acting_user=editor
        )
    person.refresh_from_db()
    assert (person.unit, person.positions.count()) == (tuyen_quang(), 0)


def test_matrix_people_edits_are_written_only_inside_the_scope(provinces):
    people = (make_person(unit=tuyen_quang()), make_person(unit=dong_thap()))
    editors = {
        Role.ADMIN: (302, 404),
        Role.STAFF: (302, 404),
        Role.UNIT_EDITOR: (302, 404),
        Role.REVIEWER: (404, 404),
        Role.VIEWER: (403, 404),
    }

    def data(person):
        person.refresh_from_db()
        return {
            "full_name": f"Ma Thị Lan {next(_numbers)}",
            "unit": person.unit_id,
            "version": person.version,
        }

    check_matrix(
        url_for=lambda person: f"/can-bo/{person.pk}/sua/",
        inside=people[0],
        outside=people[1],
        scope_unit=tuyen_quang(),
        method="post",
        data=data,
        snapshot=lambda person: Person.objects.filter(pk=person.pk).values("full_name").get(),
        expect=editors,
        superuser=(302, 302),
    )
    check_matrix(
        url_for=lambda person: f"/can-bo/{person.pk}/position/them/",
        inside=people[0],
        outside=people[1],
        scope_unit=tuyen_quang(),
        method="post",
        data=lambda person: {"title": f"Ủy viên {next(_numbers)}", "organization": provinces[0].pk},
        snapshot=lambda person: Position.objects.filter(person=person).count(),
        expect=editors,
        superuser=(302, 302),
    )


def test_an_import_row_changing_a_record_out_of_scope_is_a_row_error(central):
    """The service refuses (``OutOfScope``); the import reports the row and goes on."""
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổ chức"
    sheet.append(["Mã", "Tên tổ chức", "Loại", "Địa bàn"])
    sheet.append([central.pk, "Ban Dân vận Trung ương (đổi tên)", "dan_van", ""])
    sheet.append(["", "Ban Dân vận Huyện ủy Lâm Bình", "dan_van", "tỉnh Tuyên Quang"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("to-chuc.xlsx", buffer.getvalue())
    body = submit(client_of(staff), "/to-chuc/excel/nhap/", {"file": upload})
    assert "Bản ghi này nằm ngoài phạm vi của đồng chí: đồng chí không được sửa." in body
    central.refresh_from_db()
    assert central.name == CENTRAL
