"""The command line's JSON and the three files, read back."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.reports.files import render_file
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from tests.reports import factories
from tests.reports.test_seed_figures import YEN_LAP_NARRATIVE

pytestmark = pytest.mark.django_db


@pytest.fixture
def yen_lap():
    district = factories.unit("huyện Yên Lập, tỉnh Phú Thọ", as_of=date(2022, 1, 1))
    communes = factories.communes(district)[:17]
    factories.add(communes, 99, year=2022, start=date(2022, 2, 1))
    factories.add(communes, 15, year=2022, start=date(2022, 9, 1), subject="individual")
    return district


def run(*args) -> dict:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("remap", [[], ["--remap"]])
def test_cli_json_for_seed_001(yen_lap, remap):
    data = run(
        "--scope", "huyện Yên Lập, tỉnh Phú Thọ", "--from", "2022-01-01", "--to", "2022-10-31",
        "--by", "subject", *remap,
    )  # fmt: skip
    assert data["scope"] == "Huyện Yên Lập, tỉnh Phú Thọ"
    assert data["period"] == {
        "from": "2022-01-01",
        "to": "2022-10-31",
        "label": "10 tháng năm 2022",
    }
    assert data["hierarchy"] == ("today" if remap else "as_it_was")
    assert [(row["subject"], row["subject_key"], row["registered"]) for row in data["rows"]] == [
        ("Tập thể", "collective", 99),
        ("Cá nhân", "individual", 15),
    ]
    assert data["total"]["registered"] == 114
    assert data["total"]["previous"]["registered"] == 0
    assert data["total"]["change_percent"]["registered"] is None
    assert data["narrative"] == YEN_LAP_NARRATIVE


def test_cli_two_dimensions_give_subtotals(yen_lap):
    data = run(
        "--scope", "huyện Yên Lập, tỉnh Phú Thọ", "--from", "2022-01-01", "--to", "2022-12-31",
        "--by", "unit,subject",
    )  # fmt: skip
    assert sum(row["registered"] for row in data["subtotals"]) == 114
    assert len(data["subtotals"]) == 17
    assert all("unit" in row and "subject" in row for row in data["rows"])


def test_cli_refuses_what_it_cannot_read(yen_lap):
    with pytest.raises(CommandError, match="No single place"):
        run("--scope", "xyzzy không tồn tại", "--from", "2022-01-01", "--to", "2022-12-31")
    with pytest.raises(CommandError, match="Unknown: colour"):
        run("--from", "2022-01-01", "--to", "2022-12-31", "--by", "colour")
    with pytest.raises(CommandError, match="ends after"):
        run("--from", "2022-12-31", "--to", "2022-01-01")


def test_cli_writes_a_file(yen_lap, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    call_command(
        "report", "--scope", "huyện Yên Lập, tỉnh Phú Thọ", "--from", "2022-01-01",
        "--to", "2022-10-31", "--by", "subject", "--format", "xlsx", "--out", str(target),
        stdout=io.StringIO(),
    )  # fmt: skip
    sheet = load_workbook(target).active
    assert sheet["A2"].value == "Phạm vi: huyện Yên Lập, tỉnh Phú Thọ"


@pytest.fixture
def report(yen_lap):
    spec = ReportSpec(period=Period.preset("10m", 2022), scope=Scope(unit=yen_lap), by=("subject",))
    return build_report(spec, user=None)


def test_xlsx_has_the_header_and_formatted_figures(report):
    sheet = load_workbook(io.BytesIO(render_file(report, "xlsx"))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0][0].startswith("BÁO CÁO — Kết quả xây dựng mô hình, điển hình “Dân vận khéo”")
    assert cells[2][0].startswith("Kỳ báo cáo: 10 tháng năm 2022 (01/01/2022–31/10/2022)")
    assert YEN_LAP_NARRATIVE in [row[0] for row in cells]
    header = next(i for i, row in enumerate(cells) if row[1] == "Đăng ký")
    assert cells[header + 1][1:5] == ["Kỳ này", "Cùng kỳ", "Tăng, giảm", "Tỷ lệ tăng, giảm"]
    body = cells[header + 2 : header + 5]
    assert [(row[0], row[1]) for row in body] == [
        ("Tập thể", 99),
        ("Cá nhân", 15),
        ("Tổng cộng", 114),
    ]
    assert sheet.cell(header + 3, 2).number_format == "#,##0"


def test_docx_in_the_layout_of_a_party_report(report):
    document = Document(io.BytesIO(render_file(report, "docx")))
    header = document.tables[0].rows[0].cells
    # Issued today: huyện Yên Lập was abolished on 1/7/2025, the province's commission issues.
    assert header[0].text.split("\n") == [
        "TỈNH ỦY PHÚ THỌ",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "*",
        "Số       -BC/BTGDVTU",
    ]
    assert "HUYỆN" not in header[0].text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    assert "Phú Thọ, ngày" in header[1].text
    closing = document.tables[-1].rows[0].cells
    assert closing[0].text.split("\n") == [
        "Nơi nhận:",
        "- Ban Tuyên giáo và Dân vận Trung ương (để báo cáo),",
        "- Thường trực Tỉnh ủy Phú Thọ (để báo cáo),",
        "- Lãnh đạo Ban,",
        "- Lưu VT.",
    ]
    assert closing[1].text.split("\n")[0] == "TRƯỞNG BAN"
    assert "T/M BAN THƯỜNG VỤ" not in closing[1].text
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert YEN_LAP_NARRATIVE in texts
    figures = document.tables[1]
    assert [cell.text for cell in figures.rows[1].cells[:3]] == ["Tập thể", "99", "0"]
    assert [cell.text for cell in figures.rows[-1].cells[:2]] == ["Tổng cộng", "114"]


def test_pdf_prints_the_vietnamese_narrative(report):
    reader = PdfReader(io.BytesIO(render_file(report, "pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "BÁO CÁO" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "99 mô hình tập thể" in text
    assert "Tổng cộng" in text
