"""Importing the questions and opinions of a dialogue from Excel (issue 17, 7): answered on the
spot or committed (a follow-up), numbered after the last, never added twice, refused outside
the dialogues one may edit."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from danvan.dialogues.models import Opinion
from tests.core.import_helpers import submit
from tests.dialogues.factories import (
    add_opinion,
    binh_an,
    dong_thap,
    make_dialogue,
    make_organization,
    officer,
)

pytestmark = pytest.mark.django_db
URL = "/doi-thoai/excel/nhap/"
HEADERS = [
    "Mã cuộc đối thoại",
    "Người nêu (nhóm)",
    "Lĩnh vực",
    "Câu hỏi, ý kiến",
    "Nội dung trả lời",
    "Người trả lời",
    "Cam kết: giao cho",
    "Cam kết: hạn",
]


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ý kiến"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("y-kien.xlsx", buffer.getvalue())


@pytest.fixture
def setting():
    ubnd = make_organization(name="UBND xã Bình An", unit=binh_an())
    dialogue = make_dialogue()
    add_opinion(dialogue, content="Đường vào thôn Khuổi Củng xuống cấp")
    client = Client()
    client.force_login(officer("unit_editor", unit=binh_an()))
    return {"ubnd": ubnd, "dialogue": dialogue, "client": client}


def test_opinions_are_answered_or_committed_and_numbered_after_the_last(setting):
    dialogue = setting["dialogue"]
    rows = [
        [dialogue.pk, "nông dân", "giao thông, thủy lợi, hạ tầng", "Kênh mương Nà Làng vỡ", "",
         "", "UBND xã Bình An", "30/09/2026"],
        [dialogue.pk, "phụ nữ", "đất đai, giải phóng mặt bằng", "Khi nào cấp sổ đỏ?",
         "Trong quý III", "Chủ tịch UBND xã", "", ""],
    ]  # fmt: skip
    body = submit(setting["client"], URL, {"file": xlsx(rows)})
    assert "2 thêm mới, 0 cập nhật, 0 không đổi." in body
    canal, land = Opinion.objects.filter(dialogue=dialogue).order_by("number")[1:]
    assert (canal.number, canal.response, canal.group) == (2, "committed", "farmers")
    assert canal.followup.assignee_organization == setting["ubnd"]
    assert canal.followup.due_date == date(2026, 9, 30)
    assert (land.number, land.response, land.answer) == (3, "answered", "Trong quý III")
    # The same file again, or an opinion already typed in: nothing added.
    again = submit(setting["client"], URL, {"file": xlsx(rows)})
    assert "0 thêm mới, 0 cập nhật, 2 không đổi." in again
    assert Opinion.objects.filter(dialogue=dialogue).count() == 3


def test_errors_are_told_by_row_and_nothing_is_saved(setting):
    dialogue = setting["dialogue"]
    other = make_dialogue(place=dong_thap(), held_on=date(2026, 4, 2))
    rows = [
        [dialogue.pk, "nông dân", "giao thông, thủy lợi, hạ tầng", "Kênh mương vỡ", "", "", "", ""],
        [other.pk, "nông dân", "giao thông, thủy lợi, hạ tầng", "Ở tỉnh khác", "", "", "", ""],
        [dialogue.pk, "nông dân", "giao thông, thủy lợi, hạ tầng", "Hứa dở", "", "",
         "UBND xã Bình An", ""],
        [dialogue.pk, "nông dân", "giao thông, thủy lợi, hạ tầng", "kênh  mương VỠ", "", "",
         "", ""],
        ["99999999999999999999", "nông dân", "giao thông, thủy lợi, hạ tầng", "Mã quá lớn", "",
         "", "", ""],
    ]  # fmt: skip
    body = submit(setting["client"], URL, {"file": xlsx(rows)})
    assert "Chưa lưu gì" in body
    assert Opinion.objects.filter(dialogue=dialogue).count() == 1
    assert not Opinion.objects.filter(dialogue=other).exists()
    assert f"Không có cuộc đối thoại nào mã {other.pk} mà đồng chí được sửa." in body
    assert "Lời hứa giải quyết cần có cả đơn vị được giao và thời hạn." in body
    assert "Trùng với dòng 2" in body
    assert "Không có cuộc đối thoại nào mã 99999999999999999999" in body
    for number in (3, 4, 5, 6):
        assert f'<td class="num">{number}</td>' in body


def test_the_template_and_who_may_import(setting):
    response = setting["client"].get("/doi-thoai/excel/mau/")
    headers = [c.value for c in load_workbook(io.BytesIO(response.content)).worksheets[0][1]]
    assert headers[:2] == ["Mã cuộc đối thoại", "Người nêu (nhóm)"]
    page = setting["client"].get(f"/doi-thoai/{setting['dialogue'].pk}/").content.decode()
    assert "/doi-thoai/excel/nhap/" in page
    assert f"nhập ý kiến từ Excel: {setting['dialogue'].pk}." in page
    reader = Client()
    reader.force_login(officer("viewer", unit=binh_an()))
    assert reader.get(URL).status_code == 403
