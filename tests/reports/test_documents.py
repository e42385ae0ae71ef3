"""Issue 12 point 3: report files headed by the body that issues them on the date of issue, with
the signature block and the recipients that go with that body; the XLSX's headers and formats."""

import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.reports.files import render_file
from danvan.reports.files.issuer import issuer_of
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import make_organization
from tests.reports import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


def test_an_abolished_district_does_not_issue_a_report_today():
    ba_be = factories.unit("huyện Ba Bể, tỉnh Bắc Kạn", as_of=date(2024, 1, 1))
    issuing = issuer_of(unit=ba_be, on=TODAY)
    # Bắc Kạn joined Thái Nguyên on 1/7/2025: the commission of Thái Nguyên issues.
    assert (issuing.above, issuing.body) == ("TỈNH ỦY THÁI NGUYÊN", "BAN TUYÊN GIÁO VÀ DÂN VẬN")
    assert issuing.place == "Thái Nguyên"
    assert issuing.signature == ["TRƯỞNG BAN"]


def test_the_district_issued_its_own_reports_while_it_existed():
    yen_lap = factories.unit("huyện Yên Lập, tỉnh Phú Thọ", as_of=date(2022, 1, 1))
    issuing = issuer_of(unit=yen_lap, on=date(2022, 11, 5))
    assert (issuing.above, issuing.body) == ("HUYỆN ỦY YÊN LẬP", "BAN DÂN VẬN")
    assert issuing.number() == "Số       -BC/BDVHU"
    assert issuing.place == "Yên Lập"
    assert issuing.recipients == [
        "- Ban Dân vận Tỉnh ủy Phú Thọ (để báo cáo),",
        "- Thường trực Huyện ủy Yên Lập (để báo cáo),",
        "- Lãnh đạo Ban,",
        "- Lưu VT.",
    ]


def test_a_commune_of_today_is_headed_by_its_party_committee():
    commune = (
        AdministrativeUnit.objects.filter(era="current", level="commune", unit_type="xa")
        .order_by("path")
        .first()
    )
    province = commune.parent
    issuing = issuer_of(unit=commune, on=TODAY)
    assert issuing.above == f"ĐẢNG BỘ {province.inline_name.upper()}"
    assert issuing.body == f"ĐẢNG ỦY XÃ {commune.name.upper()}"
    # Under a Party committee's header (only there) the standing committee signs.
    assert issuing.signature == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert issuing.recipients[-2:] == ["- Các đồng chí đảng ủy viên,", "- Lưu VT."]


@pytest.mark.parametrize(
    ("kind", "party", "signature"),
    [
        ("dan_van", True, ["TRƯỞNG BAN"]),
        ("party_committee", True, ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]),
        ("mass_org", False, ["T/M BAN THƯỜNG VỤ", "CHỦ TỊCH"]),
        ("fatherland_front", False, ["T/M BAN THƯỜNG TRỰC", "CHỦ TỊCH"]),
    ],
)
def test_an_organisation_signs_as_its_kind_does(kind, party, signature):
    parent = make_organization(name="Tỉnh ủy Tuyên Quang", kind="party_committee")
    organization = make_organization(name="Cơ quan thử", kind=kind, parent=parent)
    issuing = issuer_of(organization=organization, on=TODAY)
    assert (issuing.above, issuing.body) == ("TỈNH ỦY TUYÊN QUANG", "CƠ QUAN THỬ")
    assert issuing.signature == signature
    assert issuing.recipients[0] == "- Tỉnh ủy Tuyên Quang (để báo cáo),"
    motto = issuing.motto()
    if party:
        assert motto == ("ĐẢNG CỘNG SẢN VIỆT NAM", "")
    else:
        assert motto == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@pytest.fixture
def yen_lap_report():
    district = factories.unit("huyện Yên Lập, tỉnh Phú Thọ", as_of=date(2022, 1, 1))
    communes = factories.communes(district)[:4]
    factories.add(communes, 8, year=2022)
    factories.add(communes, 4, year=2021)
    spec = ReportSpec(period=Period.preset("year", 2022), scope=Scope(unit=district), by=("unit",))
    return build_report(spec, user=None)


def test_places_are_running_text(yen_lap_report):
    assert yen_lap_report.scope_text == "huyện Yên Lập, tỉnh Phú Thọ"
    assert yen_lap_report.scope_label == "Huyện Yên Lập, tỉnh Phú Thọ"


def test_pdf_is_headed_and_signed_by_the_body_of_today(yen_lap_report):
    reader = PdfReader(io.BytesIO(render_file(yen_lap_report, "pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "TỈNH ỦY PHÚ THỌ" in text
    assert "HUYỆN ỦY" not in text
    assert "TRƯỞNG BAN" in text
    assert "T/M BAN THƯỜNG VỤ" not in text
    assert "(huyện Yên Lập, tỉnh Phú Thọ)" in text
    assert f"năm {timezone.localdate().year}" in text


def test_xlsx_headers_are_merged_and_labelled_percentages_are_percentages(yen_lap_report):
    sheet = load_workbook(io.BytesIO(render_file(yen_lap_report, "xlsx"))).active
    header = next(
        row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 2).value == "Đăng ký"
    )
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"A{header}:A{header + 1}" in merged  # the unit column's label spans both rows
    assert f"B{header}:E{header}" in merged  # a measure over its four columns
    assert sheet.cell(header, 1).value == "Đơn vị cấp dưới"
    # The periods compared are named by their years, written as numbers (not "2.022").
    assert [sheet.cell(header + 1, c).value for c in range(2, 6)] == [
        2022,
        2021,
        "Tăng, giảm",
        "Tỷ lệ tăng, giảm",
    ]
    assert sheet.cell(header + 1, 2).number_format == "0"
    total = sheet.max_row
    assert sheet.cell(total, 1).value == "Tổng cộng"
    assert sheet.cell(total, 2).value == 8
    percent = sheet.cell(total, 5)
    assert percent.value == pytest.approx(1.0)  # +100 %: stored as a fraction
    assert "%" in percent.number_format
    assert '"%"' not in percent.number_format


def test_everything_in_a_provincial_scope_is_issued_by_the_province_not_the_centre():
    from danvan.reports.files import common
    from tests.factories.organizations import tuyen_quang
    from tests.permissions import user_with_role

    officer = user_with_role("staff", unit=tuyen_quang())
    spec = ReportSpec(period=Period.preset("year", 2024), scope=Scope(own=True))
    issuing = common.issuer(build_report(spec, user=officer))
    assert (issuing.above, issuing.body) == ("TỈNH ỦY TUYÊN QUANG", "BAN TUYÊN GIÁO VÀ DÂN VẬN")
