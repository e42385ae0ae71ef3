"""Excel of a programme's targets (out) and of the units' figures (in): the export carries the
import's columns, a second import of the same file changes nothing, a target out of scope or
computed is refused by row."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from danvan.targets import services
from danvan.targets.models import Target, TargetValue
from tests.core.import_helpers import submit
from tests.permissions import user_with_role
from tests.targets.factories import commune_of, dong_thap, make_programme, make_target, tuyen_quang

pytestmark = pytest.mark.django_db

HEADERS = ["Mã chỉ tiêu", "Tính đến ngày", "Số liệu", "Ghi chú"]


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu chỉ tiêu"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())


@pytest.fixture
def cascaded():
    programme = make_programme()
    target = make_target(programme, target_value=Decimal(10))
    one, two = commune_of(tuyen_quang(), 0), commune_of(tuyen_quang(), 1)
    services.cascade_target(target=target, shares={one: 5, two: 5}, acting_user=None)
    return programme, target


def test_the_export_lists_every_target_with_its_code_and_standing(cascaded):
    programme, target = cascaded
    client = Client()
    client.force_login(user_with_role("viewer", unit=tuyen_quang()))
    response = client.get(f"/chi-tieu/{programme.pk}/excel/")
    sheet = load_workbook(io.BytesIO(response.content))["Số liệu chỉ tiêu"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == "Mã chỉ tiêu")
    assert rows[header][:3] == ["Mã chỉ tiêu", "STT", "Chỉ tiêu"]
    codes = [row[0] for row in rows[header + 1 :]]
    assert sorted(codes) == sorted(
        Target.objects.filter(programme=programme).values_list("pk", flat=True)
    )
    assert "Chưa có số liệu" in [row[11] for row in rows[header + 1 :]]


def test_a_unit_imports_its_figures_and_a_second_import_changes_nothing(cascaded):
    _programme, target = cascaded
    one = Target.objects.get(parent=target, unit=commune_of(tuyen_quang(), 0))
    two = Target.objects.get(parent=target, unit=commune_of(tuyen_quang(), 1))
    client = Client()
    client.force_login(user_with_role("staff", unit=tuyen_quang()))
    rows = [[one.pk, "30/06/2023", 3, "Sáu tháng"], [two.pk, "30/06/2023", "4,5", ""]]
    page = submit(client, "/chi-tieu/so-lieu/nhap/", {"file": xlsx(rows)})
    assert "2" in page
    assert sorted(TargetValue.objects.values_list("value", flat=True)) == [
        Decimal(3),
        Decimal("4.5"),
    ]
    target.refresh_from_db()
    assert target.current_value == Decimal("7.5")
    submit(client, "/chi-tieu/so-lieu/nhap/", {"file": xlsx(rows)})
    assert TargetValue.objects.count() == 2


def test_a_row_for_a_target_out_of_scope_is_refused_and_nothing_is_written(cascaded):
    _programme, target = cascaded
    other = make_target(make_programme(unit=dong_thap()))
    client = Client()
    client.force_login(user_with_role("staff", unit=tuyen_quang()))
    rows = [[target.pk, "30/06/2023", 3, ""], [other.pk, "30/06/2023", 3, ""]]
    page = submit(client, "/chi-tieu/so-lieu/nhap/", {"file": xlsx(rows)})
    assert "Không có chỉ tiêu nào có mã này trong phạm vi của bạn." in page
    assert not TargetValue.objects.exists()


def test_two_rows_for_the_same_target_and_date_are_an_error_naming_both(cascaded):
    _programme, target = cascaded
    client = Client()
    client.force_login(user_with_role("staff", unit=tuyen_quang()))
    rows = [[target.pk, "30/06/2023", 3, ""], [target.pk, "30/06/2023", 4, ""]]
    page = submit(client, "/chi-tieu/so-lieu/nhap/", {"file": xlsx(rows)})
    assert "Trùng với dòng 2" in page
    assert TargetValue.objects.filter(as_of=date(2023, 6, 30)).count() == 0


TARGET_HEADERS = [
    "Mã chương trình",
    "STT",
    "Thuộc chỉ tiêu số",
    "Chỉ tiêu",
    "Đơn vị",
    "Đơn vị tính",
    "Chỉ tiêu đề ra",
    "Đạt khi số liệu",
]


def targets_xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chỉ tiêu"
    sheet.append(TARGET_HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("chi-tieu.xlsx", buffer.getvalue())


def test_targets_and_their_units_shares_are_imported_and_a_second_import_changes_nothing():
    programme = make_programme()
    commune = commune_of(tuyen_quang())
    client = Client()
    client.force_login(user_with_role("staff", unit=tuyen_quang()))
    rows = [
        [programme.pk, "1", "", "Mô hình Dân vận khéo", "", "mô hình", 100, "tối thiểu"],
        [programme.pk, "2", "", "Khiếu kiện đông người", "", "vụ", 4, "tối đa"],
        [programme.pk, "1", "1", "", commune.full_name, "", 12, ""],
    ]
    submit(client, "/chi-tieu/excel/nhap/", {"file": targets_xlsx(rows)})
    own = Target.objects.filter(programme=programme, parent__isnull=True).order_by("number")
    assert [(t.number, t.target_value, t.direction) for t in own] == [
        ("1", Decimal(100), "at_least"),
        ("2", Decimal(4), "at_most"),
    ]
    share = Target.objects.get(parent=own[0])
    assert (share.unit, share.target_value) == (commune, Decimal(12))
    submit(client, "/chi-tieu/excel/nhap/", {"file": targets_xlsx(rows)})
    assert Target.objects.filter(programme=programme).count() == 3


def test_a_programme_out_of_scope_is_refused_by_row():
    programme = make_programme(unit=dong_thap())
    client = Client()
    client.force_login(user_with_role("staff", unit=tuyen_quang()))
    rows = [[programme.pk, "1", "", "Mô hình", "", "mô hình", 100, ""]]
    page = submit(client, "/chi-tieu/excel/nhap/", {"file": targets_xlsx(rows)})
    assert "Không có chương trình nào có mã này trong phạm vi của bạn." in page
    assert not Target.objects.exists()
