"""Issue 11: the initiative services decide who may write, whoever calls them (a form, the
Excel import, the bulk registration). What a form offers is limited to the user's scope and the
service checks it again; an initiative out of scope is refused by the service (404 in a view)."""

from datetime import date
from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.accounts.enums import Role
from danvan.core.permissions import OutOfScope
from danvan.initiatives import bulk, evidence, services
from danvan.initiatives.enums import Kind, Subject
from danvan.initiatives.models import ImportJob, Initiative, Progress
from tests.initiatives.factories import (
    binh_an,
    dong_thap,
    make_organization,
    seed,
    thap_muoi,
    tuyen_quang,
)
from tests.permissions import check_matrix, user_with_role

pytestmark = pytest.mark.django_db

_numbers = count(1)
CENTRAL = "Ban Dân vận Trung ương"
EDITORS_WRITE = {
    Role.ADMIN: (302, 404),
    Role.STAFF: (302, 404),
    Role.UNIT_EDITOR: (302, 404),
    Role.REVIEWER: (403, 404),
    Role.VIEWER: (403, 404),
}


@pytest.fixture(autouse=True)
def catalogues():
    seed()


def data(**fields) -> dict:
    return {
        "name": f"Dân vận khéo {next(_numbers)}",
        "kind": Kind.MODEL,
        "subject": Subject.COLLECTIVE,
        "place": binh_an(),
        "year": 2024,
        **fields,
    }


def test_matrix_a_progress_update_is_written_only_inside_the_scope(pair):
    check_matrix(
        url_for=lambda initiative: f"/mo-hinh/{initiative.pk}/tien-do/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        method="post",
        data={"date": "01/03/2024", "text": "Ra quân làm đường"},
        snapshot=lambda initiative: Progress.objects.filter(initiative=initiative).count(),
        expect=EDITORS_WRITE,
        superuser=(302, 302),
    )


def test_matrix_an_import_job_is_its_owners_only():
    """Every other account — a superuser too — finds no job of someone else (404); who may not
    import at all is refused first (403). A cancel sent to another's job deletes nothing."""
    inside = ImportJob.objects.create(
        user=user_with_role(Role.STAFF, unit=tuyen_quang()),
        original_name="a.xlsx",
        status=ImportJob.State.PENDING,
    )
    outside = ImportJob.objects.create(
        user=user_with_role(Role.STAFF, unit=dong_thap()),
        original_name="b.xlsx",
        status=ImportJob.State.PENDING,
    )
    expect = {
        Role.ADMIN: (404, 404),
        Role.STAFF: (404, 404),
        Role.UNIT_EDITOR: (404, 404),
        Role.REVIEWER: (403, 403),
        Role.VIEWER: (403, 403),
        Role.PORTAL_EDITOR: (403, 403),
        Role.PORTAL_MODERATOR: (403, 403),
    }
    for method in ("get", "post"):
        check_matrix(
            url_for=lambda job: f"/mo-hinh/excel/nhap/{job.pk}/",
            inside=inside,
            outside=outside,
            scope_unit=tuyen_quang(),
            method=method,
            data={"cancel": "1"},
            snapshot=lambda job: list(ImportJob.objects.filter(pk=job.pk).values("status")),
            expect=expect,
            superuser=(404, 404),
        )
    client = Client()
    client.force_login(inside.user)
    response = client.post(f"/mo-hinh/excel/nhap/{inside.pk}/", {"cancel": "1"})
    assert response["Location"] == "/mo-hinh/excel/nhap/"
    assert not ImportJob.objects.filter(pk=inside.pk).exists()  # its owner may cancel it


def test_an_owner_organisation_above_or_beside_the_scope_is_refused():
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    central = make_organization(name=CENTRAL, unit=None)
    beside = make_organization(name="Hội Nông dân tỉnh Đồng Tháp", unit=dong_thap())
    for owner in (central, beside):
        with pytest.raises(ValidationError) as error:
            services.register_initiative(data=data(owner_organization=owner), acting_user=staff)
        assert error.value.message_dict == {
            "owner_organization": ["Chọn trong phạm vi của đồng chí."]
        }
    client = Client()
    client.force_login(staff)
    offered = client.get("/to-chuc/chon/", {"q": "ban dan van", "writes": "edit"})
    assert CENTRAL not in offered.content.decode()
    page = client.get("/mo-hinh/dang-ky/").content.decode()
    assert "&quot;writes&quot;: &quot;edit&quot;" in page
    assert not Initiative.objects.exists()


def test_a_place_outside_the_scope_is_refused_by_the_service_and_the_bulk_registration():
    editor = user_with_role(Role.UNIT_EDITOR, unit=tuyen_quang())
    owner = make_organization(name="Đoàn Thanh niên xã Bình An", unit=binh_an())
    elsewhere = data(owner_organization=owner, place=thap_muoi())
    with pytest.raises(ValidationError) as error:
        services.register_initiative(data=elsewhere, acting_user=editor)
    assert set(error.value.message_dict) == {"place"}
    with pytest.raises(ValidationError):
        bulk.new_initiative(data=elsewhere, acting_user=editor)
    unchecked = bulk.new_initiative(data=elsewhere)  # a caller that forgot the user
    with pytest.raises(OutOfScope):
        bulk.register_initiatives_in_bulk(rows=[unchecked], acting_user=editor)
    assert not Initiative.objects.exists()


def test_writes_on_an_initiative_out_of_scope_are_refused_by_the_services(pair):
    inside = pair[0]
    stranger = user_with_role(Role.STAFF, unit=dong_thap())
    writes = [
        lambda: services.update_initiative(
            initiative=inside,
            data={"name": "Đổi tên"},
            version=inside.version,
            acting_user=stranger,
        ),
        lambda: services.transition(initiative=inside, to_status="active", acting_user=stranger),
        lambda: services.add_progress(
            initiative=inside, day=date(2024, 3, 1), text="Ra quân", acting_user=stranger
        ),
        lambda: services.set_quantities(initiative=inside, quantities={}, acting_user=stranger),
        lambda: evidence.add_evidence(
            initiative=inside,
            uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
            acting_user=stranger,
        ),
    ]
    for write in writes:
        with pytest.raises(OutOfScope):
            write()
    inside.refresh_from_db()
    assert (inside.name, inside.status, inside.version) == (
        "Dân vận khéo ở xã Bình An",
        "registered",
        1,
    )
    assert not inside.progress.exists()
    assert not inside.evidence.exists()


def test_matrix_a_status_change_is_written_only_inside_the_scope(pair):
    def data(initiative):
        status = Initiative.objects.get(pk=initiative.pk).status
        following = {"registered": "active", "active": "suspended", "suspended": "active"}
        return {"to_status": following[status], "reason": "Tạm dừng để củng cố"}

    check_matrix(
        url_for=lambda initiative: f"/mo-hinh/{initiative.pk}/trang-thai/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        method="post",
        data=data,
        snapshot=lambda initiative: (
            Initiative.objects.filter(pk=initiative.pk).values("status", "version").get()
        ),
        expect=EDITORS_WRITE,
        superuser=(302, 302),
    )


def test_matrix_an_edit_is_written_only_inside_the_scope(pair):
    def data(initiative):
        current = Initiative.objects.get(pk=initiative.pk)
        return {
            "name": f"Dân vận khéo {next(_numbers)}",
            "kind": current.kind,
            "subject": current.subject,
            "owner_organization": current.owner_organization_id,
            "place": current.place_id,
            "year": current.year,
            "version": current.version,
        }

    check_matrix(
        url_for=lambda initiative: f"/mo-hinh/{initiative.pk}/sua/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        method="post",
        data=data,
        snapshot=lambda initiative: (
            Initiative.objects.filter(pk=initiative.pk).values("name", "version").get()
        ),
        expect=EDITORS_WRITE,
        superuser=(302, 302),
    )
