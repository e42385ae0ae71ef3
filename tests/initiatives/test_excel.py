import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from danvan.accounts.enums import Role
from danvan.core.spreadsheets import read_rows
from danvan.initiatives import excel, excel_lookups, services
from danvan.initiatives.models import ImportJob, Initiative, StatusChange
from danvan.initiatives.tasks import import_rows, progress_key
from danvan.organizations.models import Organization, Person
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import make_organization, make_person, unit
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

HEADERS = [
    "Mã",
    "Tên mô hình",
    "Loại",
    "Chủ thể",
    "Đơn vị thực hiện",
    "Người thực hiện",
    "Lĩnh vực",
    "Địa bàn",
    "Thôn/bản/tổ dân phố",
    "Năm đăng ký",
    "Ngày bắt đầu",
    "Vùng đồng bào DTTS",
    "Vùng tôn giáo",
    "Vùng biên giới",
    "Trạng thái",
    "Nội dung, cách làm",
    "Kết quả",
    "Nhân rộng từ (mã)",
]
NGOC_LAP = "xã Ngọc Lập, huyện Yên Lập, tỉnh Phú Thọ"
OWNER = "Hội Nông dân xã Ngọc Lập"


def row(**cells) -> list:
    """A sheet row from ``{column key: value}``."""
    return [cells.get(column.key) for column in excel.COLUMNS]


def xlsx(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Mô hình"
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(content: bytes, user=None, **options):
    rows, errors = read_rows(content, sheet_title=excel.SHEET, columns=excel.COLUMNS)
    return import_rows(rows, errors, user=user, **options)


def commune(code: str, era: str = "legacy") -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(era=era, level="commune", code=code)


@pytest.fixture(autouse=True)
def catalogues():
    services.seed_catalogues()


@pytest.fixture
def phu_tho_staff():
    return user_with_role(Role.STAFF, unit=unit("25"))


@pytest.fixture
def owner():
    return make_organization(name=OWNER, kind="mass_org", unit=commune("08335"))


GOOD_VALUES = {
    "name": "Dân vận khéo trong giữ gìn an ninh thôn bản",
    "kind": "Mô hình",
    "subject": "Tập thể",
    "owner_organization": OWNER.upper(),
    "fields": "an ninh - quốc phòng; kinh te",
    "place": NGOC_LAP,
    "year": 2022,
    "start_date": "15/03/2022",
    "ethnic_minority_area": "x",
    "border_area": "",
    "status": "Đang thực hiện",
    "content": "Tổ tự quản, họp dân hằng tháng",
}
GOOD = row(**GOOD_VALUES)


def test_the_template_has_the_issue_headers_in_order(user_client):
    response = user_client.get(reverse("initiatives:initiative-template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Mô hình"
    assert [cell.value for cell in workbook["Mô hình"][1]] == HEADERS


def test_import_resolves_the_old_commune_fields_flags_and_walks_the_status(phu_tho_staff, owner):
    result = run(xlsx([GOOD]), user=phu_tho_staff)
    assert (result.created, result.errors, result.committed) == (1, [], True)
    initiative = Initiative.objects.get()
    assert (initiative.place.era, initiative.place.code) == ("legacy", "08335")
    assert initiative.code.startswith("25-2022-")
    assert initiative.owner_organization == owner
    assert sorted(f.name for f in initiative.fields.all()) == ["Kinh tế", "Quốc phòng - an ninh"]
    flags = (initiative.ethnic_minority_area, initiative.religious_area, initiative.border_area)
    assert flags == (True, False, False)
    assert initiative.start_date == date(2022, 3, 15)
    assert initiative.status == "active"
    walked = StatusChange.objects.filter(initiative=initiative).order_by("id")
    assert [(c.from_status, c.to_status) for c in walked] == [
        ("", "registered"),
        ("registered", "active"),
    ]


def test_reimporting_the_same_file_creates_nothing(phu_tho_staff, owner):
    content = xlsx([GOOD, row(**{**GOOD_VALUES, "name": "Mô hình thứ hai"})])
    first = run(content, user=phu_tho_staff)
    second = run(content, user=phu_tho_staff)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Initiative.objects.count() == 2


def test_a_filled_code_updates_that_record(phu_tho_staff, owner):
    run(xlsx([GOOD]), user=phu_tho_staff)
    initiative = Initiative.objects.get()
    changes = {"code": initiative.code, "name": "Tên mới", "status": "Đang củng cố"}
    renamed = row(**{**GOOD_VALUES, **changes})
    result = run(xlsx([renamed]), user=phu_tho_staff)
    assert (result.created, result.updated) == (0, 1)
    initiative.refresh_from_db()
    assert (initiative.name, initiative.status) == ("Tên mới", "suspended")


def test_export_then_import_changes_nothing(phu_tho_staff, owner):
    person = make_person(full_name="Hà Văn Thắng", unit=commune("08335"))
    source = services.register_initiative(
        data={
            "name": "Mô hình gốc",
            "kind": "model",
            "subject": "collective",
            "owner_organization": owner,
            "place": commune("08335"),
            "year": 2021,
        },
        acting_user=None,
    )
    exemplar = row(name="Điển hình dân vận khéo", kind="Điển hình", subject="Cá nhân",
                   owner_person="Hà Văn Thắng", fields="VH-XH", place=NGOC_LAP, year=2023,
                   religious_area="X", status="Đã kết thúc", results_text="120 hộ tham gia",
                   replicated_from=source.code)  # fmt: skip
    assert run(xlsx([GOOD, exemplar]), user=phu_tho_staff).created == 2
    client = Client()
    client.force_login(phu_tho_staff)
    exported = client.get(reverse("initiatives:initiative-export")).content
    result = run(exported, user=phu_tho_staff)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 3, [])
    imported = Initiative.objects.get(name="Điển hình dân vận khéo")
    assert (imported.owner_person, imported.replicated_from, imported.status) == (
        person,
        source,
        "ended",
    )


def test_errors_are_located_by_row_and_column_and_nothing_is_written(phu_tho_staff, owner):
    content = xlsx(
        [
            GOOD,
            row(name="Lĩnh vực lạ", owner_organization=OWNER, fields="thể thao", place=NGOC_LAP,
                year=2022),
            row(name="Địa bàn lạ", owner_organization=OWNER, place="xã Ngọc Lậpp, huyện Yên Lập",
                year=2022),
            row(name="Ngày sai", owner_organization=OWNER, place=NGOC_LAP, year=2022,
                start_date="31/02/2022"),
            row(name="Đơn vị lạ", owner_organization="Hội Nông dân xã Ngọc Lâm", place=NGOC_LAP,
                year=2022),
        ]
    )  # fmt: skip
    result = run(content, user=phu_tho_staff)
    located = [(e.row, e.column) for e in result.errors]
    assert located == [
        (3, "Lĩnh vực"),
        (4, "Địa bàn"),
        (5, "Ngày bắt đầu"),
        (6, "Đơn vị thực hiện"),
    ]
    assert "Kinh tế" in result.errors[0].message  # the known fields are listed
    assert "Xã Ngọc Lập" in result.errors[1].message or "xã Ngọc Lập" in result.errors[1].message
    assert OWNER in result.errors[3].message  # the closest name
    assert (result.created, result.committed) == (0, False)
    assert not Initiative.objects.exists()
    kept = run(content, user=phu_tho_staff, keep_valid=True)
    assert (kept.created, len(kept.errors), kept.committed) == (1, 4, True)
    assert Initiative.objects.count() == 1


def test_create_organizations_adds_the_missing_owner_person_and_hamlet(phu_tho_staff):
    content = xlsx(
        [
            row(name="Chi bộ làm kinh tế", owner_organization="Chi bộ khu 3 xã Ngọc Lập",
                place=NGOC_LAP, hamlet="khu Ba", year=2022),
            row(name="Cá nhân tiêu biểu", subject="Cá nhân", owner_person="Đinh Thị Hoa",
                place=NGOC_LAP, year=2022),
        ]
    )  # fmt: skip
    refused = run(content, user=phu_tho_staff)
    assert [e.column for e in refused.errors] == [
        "Đơn vị thực hiện",
        "Thôn/bản/tổ dân phố",
        "Người thực hiện",
    ]
    result = run(content, user=phu_tho_staff, create_missing=True)
    assert (result.created, result.errors) == (2, [])
    created = Organization.objects.get(name="Chi bộ khu 3 xã Ngọc Lập")
    assert (created.kind, created.unit.code) == ("party_cell", "08335")
    first = Initiative.objects.get(name="Chi bộ làm kinh tế")
    assert (first.hamlet.name, first.hamlet.parent.code) == ("khu Ba", "08335")
    assert Person.objects.get(full_name="Đinh Thị Hoa").unit.code == "08335"


def test_a_row_outside_the_scope_is_an_error(owner):
    tuyen_quang_staff = user_with_role(Role.STAFF, unit=unit("08"))
    result = run(xlsx([GOOD]), user=tuyen_quang_staff)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Đơn vị thực hiện")]
    make_organization(name="Ban Dân vận Huyện ủy Lâm Bình", unit=unit("08"))
    outside = row(name="Ngoài địa bàn", owner_organization="Ban Dân vận Huyện ủy Lâm Bình",
                  place=NGOC_LAP, year=2022)  # fmt: skip
    result = run(xlsx([outside]), user=tuyen_quang_staff)
    assert [(e.column, e.message) for e in result.errors] == [
        (
            "Địa bàn",
            "Đồng chí chỉ được đăng ký mô hình, điển hình trên địa bàn thuộc phạm vi "
            "của mình hoặc cho đơn vị mà đồng chí được giao đăng ký.",
        )
    ]


def test_a_dry_run_counts_and_writes_nothing(owner):
    result = run(xlsx([GOOD]), dry_run=True)
    assert (result.created, result.committed) == (1, False)
    assert not Initiative.objects.exists()


def test_an_impossible_status_is_an_error(owner):
    run(xlsx([GOOD]))
    initiative = Initiative.objects.get()
    back = row(**{**GOOD_VALUES,
                  "code": initiative.code, "status": "Đã đăng ký"})  # fmt: skip
    result = run(xlsx([back]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Trạng thái")]


def test_a_new_organisation_kind_comes_from_its_name():
    assert excel_lookups.organization_kind("Đảng ủy xã Ngọc Lập") == "party_committee"
    assert excel_lookups.organization_kind("Ban Dân vận Huyện ủy Yên Lập") == "dan_van"
    assert excel_lookups.organization_kind("Tổ tự quản") == "other"


# ---- the browser -------------------------------------------------------------------------------


def upload(client, content: bytes, **options):
    """The upload as the server runs it: the file is written and the reading queued once the
    request's transaction commits."""
    data = {"file": SimpleUploadedFile("mo-hinh.xlsx", content), **options}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("initiatives:initiative-import"), data)


def test_upload_previews_then_the_confirmed_job_runs_and_shows_its_counts(phu_tho_staff, owner):
    client = Client()
    client.force_login(phu_tho_staff)
    response = upload(client, xlsx([GOOD]))
    job = ImportJob.objects.get()
    assert response.url == reverse("initiatives:initiative-import-status", args=[job.pk])
    assert (job.status, job.total, job.preview["created"]) == ("pending", 1, 1)
    page = client.get(response.url).content.decode()
    assert "Dân vận khéo trong giữ gìn an ninh thôn bản" in page
    assert not Initiative.objects.exists()  # the preview wrote nothing
    client.post(response.url, {"confirm": "1"})
    job.refresh_from_db()
    assert (job.status, job.processed, job.result["created"], job.result["committed"]) == (
        "done",
        1,
        1,
        True,
    )
    assert Initiative.objects.count() == 1
    page = client.get(response.url).content.decode()
    assert "Đã nhập xong" in page
    assert "1 thêm mới, 0 cập nhật, 0 không đổi." in page
    assert reverse("initiatives:initiative-list") in page


def test_the_status_page_polls_while_the_job_runs(phu_tho_staff):
    job = ImportJob.objects.create(user=phu_tho_staff, original_name="a.xlsx", total=1000,
                                   status="running")  # fmt: skip
    from django.core.cache import cache

    cache.set(progress_key(job.pk), 400)
    client = Client()
    client.force_login(phu_tho_staff)
    page = client.get(
        reverse("initiatives:initiative-import-status", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<progress id="import-progress" max="1000" value="400">' in page
    assert "<html" not in page  # only the part that is swapped


def test_a_job_is_not_found_for_another_user(phu_tho_staff):
    job = ImportJob.objects.create(user=phu_tho_staff, original_name="a.xlsx", status="pending")
    other = Client()
    other.force_login(user_with_role(Role.STAFF, unit=unit("25")))
    url = reverse("initiatives:initiative-import-status", args=[job.pk])
    assert other.get(url).status_code == 404
    assert other.post(url, {"confirm": "1"}).status_code == 404
    job.refresh_from_db()
    assert job.status == "pending"


def test_only_users_who_may_add_initiatives_import():
    viewer = Client()
    viewer.force_login(user_with_role(Role.VIEWER, unit=unit("25")))
    assert viewer.get(reverse("initiatives:initiative-import")).status_code == 403


def test_a_file_that_is_not_a_workbook_is_refused_on_upload(phu_tho_staff):
    client = Client()
    client.force_login(phu_tho_staff)
    page = upload(client, b"MZ\x90\x00 not a workbook").content.decode()
    assert "Excel (.xlsx)" in page  # the accepted type is named
    assert not ImportJob.objects.exists()
    too_large = b"PK\x03\x04" + b"0" * (20 * 1024 * 1024)
    assert "20 MB" in upload(client, too_large).content.decode()
    assert not ImportJob.objects.exists()


def test_the_preview_shows_the_errors_and_a_confirmed_import_with_errors_saves_nothing(
    phu_tho_staff, owner
):
    client = Client()
    client.force_login(phu_tho_staff)
    bad = row(name="Lĩnh vực lạ", owner_organization=OWNER, fields="thể thao", place=NGOC_LAP,
              year=2022)  # fmt: skip
    url = upload(client, xlsx([GOOD, bad])).url
    page = client.get(url).content.decode()
    assert (
        '<td class="num">3</td><td>Lĩnh vực</td><td>Lĩnh vực không có trong danh mục: thể thao.'
        in page
    )
    client.post(url, {"confirm": "1"})
    job = ImportJob.objects.get()
    assert (job.status, job.result["committed"], job.result["created"]) == ("done", False, 0)
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(3, "Lĩnh vực")]
    assert not Initiative.objects.exists()
    assert "Chưa lưu gì" in client.get(url).content.decode()


def test_keep_valid_chosen_on_upload_is_honoured_by_the_job(phu_tho_staff, owner):
    client = Client()
    client.force_login(phu_tho_staff)
    bad = row(name="Lĩnh vực lạ", owner_organization=OWNER, fields="thể thao", place=NGOC_LAP,
              year=2022)  # fmt: skip
    url = upload(client, xlsx([GOOD, bad]), keep_valid="on").url
    client.post(url, {"confirm": "1"})
    job = ImportJob.objects.get()
    assert (job.result["committed"], job.result["created"], len(job.result["errors"])) == (
        True,
        1,
        1,
    )
    assert Initiative.objects.count() == 1


def test_cancelling_a_pending_import_forgets_it(phu_tho_staff):
    client = Client()
    client.force_login(phu_tho_staff)
    url = upload(client, xlsx([GOOD])).url
    response = client.post(url, {"cancel": "1"})
    assert response.url == reverse("initiatives:initiative-import")
    assert not ImportJob.objects.exists()


def test_the_import_page_lists_only_the_users_own_imports(phu_tho_staff):
    ImportJob.objects.create(user=phu_tho_staff, original_name="cua-toi.xlsx")
    ImportJob.objects.create(
        user=user_with_role(Role.STAFF, unit=unit("25")), original_name="khac.xlsx"
    )
    client = Client()
    client.force_login(phu_tho_staff)
    page = client.get(reverse("initiatives:initiative-import")).content.decode()
    assert 'type="file"' in page
    assert "cua-toi.xlsx" in page
    assert "khac.xlsx" not in page


def test_progress_is_reported_every_so_many_rows_where_the_status_page_reads_it(
    owner, phu_tho_staff, monkeypatch
):
    from django.core.cache import cache

    from danvan.initiatives import tasks

    monkeypatch.setattr(tasks, "PROGRESS_EVERY", 2)
    seen = []
    second = row(**{**GOOD_VALUES, "name": "Mô hình thứ hai"})
    third = row(**{**GOOD_VALUES, "name": "Mô hình thứ ba"})
    run(xlsx([GOOD, second, third]), progress=seen.append)
    assert seen == [2]
    job = ImportJob.objects.create(user=phu_tho_staff, original_name="a.xlsx", total=3)
    tasks._Progress(job.pk)(2)
    assert cache.get(progress_key(job.pk)) == 2


def test_a_workbook_without_the_headers_fails_on_its_page(phu_tho_staff):
    client = Client()
    client.force_login(phu_tho_staff)
    url = upload(client, xlsx([["a", "b"]], headers=["Cột lạ", "Khác"])).url
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert job.result["errors"][0]["row"] == 0
    page = client.get(url).content.decode()
    assert "Tên mô hình" in page  # the missing required columns are named
    assert "hx-trigger" not in page


def test_the_status_page_polls_while_the_file_is_read(phu_tho_staff):
    job = ImportJob.objects.create(user=phu_tho_staff, original_name="a.xlsx")
    client = Client()
    client.force_login(phu_tho_staff)
    page = client.get(reverse("initiatives:initiative-import-status", args=[job.pk]))
    assert job.status == "checking"
    assert 'hx-trigger="every 2s"' in page.content.decode()


def test_what_a_failed_row_added_is_added_again_by_the_next_row(phu_tho_staff):
    new_things = {"owner_organization": "Chi bộ khu 3 xã Ngọc Lập", "place": NGOC_LAP,
                  "hamlet": "khu Ba", "year": 2022}  # fmt: skip
    failing = row(name="Hỏng", fields="thể thao", **new_things)
    fine = row(name="Tốt", **new_things)
    result = run(xlsx([failing, fine]), user=phu_tho_staff, create_missing=True, keep_valid=True)
    assert (result.created, [e.row for e in result.errors]) == (1, [2])
    initiative = Initiative.objects.get()
    assert (initiative.owner_organization.name, initiative.hamlet.name) == (
        "Chi bộ khu 3 xã Ngọc Lập",
        "khu Ba",
    )
    assert Organization.objects.filter(name="Chi bộ khu 3 xã Ngọc Lập").count() == 1


def test_a_cell_bomb_is_refused_at_upload_before_any_job(phu_tho_staff):
    # Issue 11, finding 5: refused by the form in the request, not after the wait for a worker.
    from tests.core.test_spreadsheets_bounds import HEAD, SHEET, TAIL, base, replaced

    wide = replaced(base(), SHEET, [HEAD, b'<row r="2">', b"<c/>" * 60_000, b"</row>", TAIL])
    client = Client()
    client.force_login(phu_tho_staff)
    page = upload(client, wide).content.decode()
    assert "Một dòng của tệp có hơn 16.384 ô: đây không phải trang tính thông thường." in page
    assert not ImportJob.objects.exists()
