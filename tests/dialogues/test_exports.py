import io

import pytest
from openpyxl import load_workbook

from danvan.core.models import AuditEvent
from tests.dialogues.factories import (
    add_opinion,
    binh_an,
    dong_thap,
    make_dialogue,
    make_organization,
    make_petition,
    officer,
    tuyen_quang,
)

pytestmark = pytest.mark.django_db


def _rows(response):
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def petitions():
    ubnd = make_organization(name="UBND xã Bình An", unit=binh_an())
    inside = make_petition(responsible=ubnd)
    far = make_organization(name="UBND ở Đồng Tháp", unit=dong_thap())
    make_petition(responsible=far, place=dong_thap(), citizen_name="Người Đồng Tháp")
    return {"ubnd": ubnd, "inside": inside}


def test_the_petition_export_has_no_personal_data_by_default(client, petitions):
    client.force_login(officer("staff", unit=tuyen_quang()))
    rows = _rows(client.get("/kien-nghi/excel/xuat/"))
    text = repr(rows)
    assert petitions["inside"].code in text
    assert "Cống thoát nước thôn Nà Rầy" in text
    assert "Lò Văn Sáng" not in text
    assert "Người Đồng Tháp" not in text  # out of scope
    assert not AuditEvent.objects.filter(action="dialogues.petition.personal_data_exported")


def test_names_are_exported_only_when_asked_by_a_handler_and_audited(client, petitions):
    handler = officer("unit_editor", organization=petitions["ubnd"])
    client.force_login(handler)
    rows = _rows(client.get("/kien-nghi/excel/xuat/", {"ca_nhan": "1"}))
    assert any("Lò Văn Sáng" in repr(row) and "0912 345 678" in repr(row) for row in rows)
    event = AuditEvent.objects.get(action="dialogues.petition.personal_data_exported")
    assert event.actor == handler
    assert event.message == "1"
    reader = officer("viewer", unit=tuyen_quang())
    client.force_login(reader)
    response = client.get("/kien-nghi/excel/xuat/", {"ca_nhan": "1"})
    assert response.status_code == 404  # a viewer may not ask for personal data
    assert "Lò Văn Sáng" not in repr(_rows(client.get("/kien-nghi/excel/xuat/")))


def test_the_opinions_export_lists_answers_and_commitments_without_names(client):
    ubnd = make_organization(name="UBND xã Bình An", unit=binh_an())
    dialogue = make_dialogue()
    add_opinion(dialogue, speaker_name="Bà Lò Thị Mai", answer="Đã giải đáp")
    from datetime import date

    add_opinion(
        dialogue,
        content="Trường mầm non thiếu phòng học",
        field="education",
        commitment={"assignee_organization": ubnd, "due_date": date(2026, 8, 31)},
    )
    client.force_login(officer("viewer", unit=tuyen_quang()))
    rows = _rows(client.get("/doi-thoai/excel/xuat/"))
    text = repr(rows)
    assert "Đã giải đáp" in text
    assert "Trường mầm non thiếu phòng học" in text
    assert "UBND xã Bình An" in text
    assert "Bà Lò Thị Mai" not in text
