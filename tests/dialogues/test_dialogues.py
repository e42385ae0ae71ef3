import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danvan.core.models import AuditEvent
from danvan.core.permissions import OutOfScope
from danvan.dialogues import queries
from danvan.dialogues.enums import Response
from danvan.followups.enums import State
from danvan.followups.models import FollowUp
from tests.dialogues.factories import (
    add_opinion,
    binh_an,
    dong_thap,
    make_dialogue,
    make_organization,
    officer,
    tuyen_quang,
)
from tests.permissions import check_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune():
    return {
        "ubnd": make_organization(name="UBND xã Bình An", unit=binh_an()),
        "staff": officer("unit_editor", unit=binh_an()),
        "province": officer("viewer", unit=tuyen_quang()),
        "stranger": officer("staff", unit=dong_thap()),
    }


def test_a_dialogue_is_recorded_with_its_attendance_and_audited(commune):
    dialogue = make_dialogue(acting_user=commune["staff"])
    assert str(dialogue) == "Đối thoại trực tiếp ngày 12/03/2026 tại Bình An"
    assert dialogue.attendance_total == 85
    event = AuditEvent.objects.get(action="dialogues.dialogue.recorded")
    assert event.changes["attendance"] == [None, "nông dân: 60; phụ nữ: 25"]


def test_a_hamlet_as_place_keeps_the_commune_as_place(commune):
    from danvan.territory.models import AdministrativeUnit

    hamlet = AdministrativeUnit.objects.filter(parent=binh_an(), level="hamlet").first()
    if hamlet is None:
        hamlet = AdministrativeUnit.objects.create(
            era="current",
            level="hamlet",
            unit_type="village",
            name="Thôn Khuổi Củng",
            parent=binh_an(),
            path=binh_an().path + "T1.",
            today_path=binh_an().path + "T1.",
            name_folded="thon khuoi cung",
            name_key="thonkhuoicung",
        )
    dialogue = make_dialogue(place=hamlet)
    assert dialogue.place == binh_an()
    assert dialogue.hamlet == hamlet


def test_recording_outside_ones_territory_is_refused_on_the_place(commune):
    with pytest.raises(ValidationError) as error:
        make_dialogue(place=dong_thap(), acting_user=commune["staff"])
    assert "place" in error.value.message_dict
    with pytest.raises(OutOfScope):
        make_dialogue(acting_user=commune["province"])  # a viewer records nothing


def test_missing_chair_and_a_future_date_are_said_in_vietnamese(commune):
    with pytest.raises(ValidationError) as error:
        make_dialogue(chair_name="", chair_position="")
    assert error.value.message_dict["chair_name"] == ["Hãy nhập người chủ trì."]
    with pytest.raises(ValidationError) as error:
        make_dialogue(held_on=date(2099, 1, 1))
    assert "held_on" in error.value.message_dict


def test_opinions_are_answered_or_committed_as_follow_ups_of_the_place(commune):
    dialogue = make_dialogue(acting_user=commune["staff"])
    answered = add_opinion(
        dialogue,
        content="Khi nào chi trả hỗ trợ giống?",
        answer="Trong tháng 4/2026",
        acting_user=commune["staff"],
    )
    committed = add_opinion(
        dialogue,
        commitment={
            "assignee_organization": commune["ubnd"],
            "due_date": date(2026, 6, 30),
            "title": "Sửa đường vào thôn Khuổi Củng",
        },
        acting_user=commune["staff"],
    )
    assert (answered.number, answered.response) == (1, Response.ANSWERED)
    assert (committed.number, committed.response) == (2, Response.COMMITTED)
    followup = committed.followup
    assert followup.source_kind == "dialogues.commitment"
    assert followup.source_label == "Đối thoại trực tiếp ngày 12/03/2026 tại Bình An"
    assert followup.owner_unit == binh_an()
    assert followup.assignee_organization == commune["ubnd"]
    assert followup.state == State.OPEN
    # The province sees the commune's promise; another province does not.
    assert list(FollowUp.objects.filter(pk=followup.pk)) == [followup]
    from danvan.followups.queries import followups_visible_to

    assert followup in followups_visible_to(commune["province"])
    assert followup not in followups_visible_to(commune["stranger"])


def test_an_opinion_cannot_be_both_answered_and_committed(commune):
    dialogue = make_dialogue()
    with pytest.raises(ValidationError) as error:
        add_opinion(
            dialogue,
            answer="Đã trả lời",
            commitment={"assignee_organization": commune["ubnd"], "due_date": date(2026, 6, 30)},
        )
    assert "answer" in error.value.message_dict
    assert dialogue.opinions.count() == 0


def test_the_selector_keeps_dialogues_in_their_scope(commune):
    inside = make_dialogue()
    outside = make_dialogue(place=dong_thap(), chair_name="Nguyễn Văn A")
    assert list(queries.dialogues_visible_to(commune["province"])) == [inside]
    assert list(queries.dialogues_visible_to(commune["stranger"])) == [outside]


def test_the_list_and_detail_pages_show_counts_and_hide_names_from_readers(client, commune):
    dialogue = make_dialogue()
    add_opinion(dialogue, speaker_name="Bà Lò Thị Mai", answer="Đã giải đáp")
    add_opinion(
        dialogue,
        commitment={"assignee_organization": commune["ubnd"], "due_date": date(2026, 6, 30)},
    )
    client.force_login(commune["province"])
    body = client.get("/doi-thoai/").content.decode()
    assert "Đối thoại trực tiếp ngày 12/03/2026 tại Bình An" in body
    assert "1 cuộc đối thoại" in body
    body = client.get(f"/doi-thoai/{dialogue.pk}/").content.decode()
    assert "2 ý kiến: 1 trả lời trực tiếp, 1 hứa giải quyết." in body
    assert "Bà Lò Thị Mai" not in body
    assert "UBND xã Bình An, hạn 30/06/2026" in body
    client.force_login(commune["staff"])
    body = client.get(f"/doi-thoai/{dialogue.pk}/").content.decode()
    assert "Bà Lò Thị Mai" in body


def test_a_dialogue_and_an_opinion_are_recorded_through_the_forms(client, commune):
    client.force_login(commune["staff"])
    response = client.post(
        "/doi-thoai/them/",
        {
            "kind": "dialogue",
            "held_on": "12/03/2026",
            "place": binh_an().pk,
            "chair_name": "Hoàng Văn Lực",
            "chair_position": "Chủ tịch UBND xã",
            "attendance_farmers": "40",
            "attendance_ethnic": "15",
        },
    )
    assert response.status_code == 302
    dialogue = queries.dialogues_visible_to(commune["staff"]).get()
    assert dialogue.attendance_total == 55
    response = client.post(
        f"/doi-thoai/{dialogue.pk}/y-kien/",
        {
            "group": "ethnic",
            "field": "land",
            "content": "Cấp giấy chứng nhận quyền sử dụng đất chậm",
            "commit": "on",
            "assignee_organization": commune["ubnd"].pk,
            "due_date": "30/06/2026",
        },
    )
    assert response.status_code == 302
    opinion = dialogue.opinions.get()
    assert opinion.followup.due_date == date(2026, 6, 30)
    response = client.post(
        f"/doi-thoai/{dialogue.pk}/y-kien/",
        {"group": "ethnic", "field": "land", "content": "Thiếu hạn", "commit": "on"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn người phải thực hiện lời hứa." in body
    assert "Thiếu hạn" in body


def test_the_minute_comes_as_pdf_and_as_word(client, commune):
    dialogue = make_dialogue()
    add_opinion(dialogue, answer="Trong tháng 4/2026")
    client.force_login(commune["staff"])
    pdf = client.get(f"/doi-thoai/{dialogue.pk}/bien-ban.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert "bien-ban-doi-thoai-20260312-binh-an.pdf" in pdf["Content-Disposition"]
    word = client.get(f"/doi-thoai/{dialogue.pk}/bien-ban.docx")
    with zipfile.ZipFile(io.BytesIO(word.content)) as archive:
        text = archive.read("word/document.xml").decode()
    assert "BIÊN BẢN" in text
    assert "Đường vào thôn Khuổi Củng xuống cấp" in text
    assert "Trong tháng 4/2026" in text


def test_pages_answer_by_role_and_scope(commune):
    inside = make_dialogue()
    outside = make_dialogue(place=dong_thap())
    readers = dict.fromkeys(("admin", "staff", "unit_editor", "viewer", "reviewer"), (200, 404))
    editors = {"admin": (200, 404), "staff": (200, 404), "unit_editor": (200, 404)}
    editors |= {"viewer": (403, 404), "reviewer": (403, 404)}
    for suffix, expect in (
        ("", readers),
        ("sua/", editors),
        ("y-kien/", editors),
        ("bien-ban.docx", readers),
    ):
        check_matrix(
            url_for=lambda d, suffix=suffix: f"/doi-thoai/{d.pk}/{suffix}",
            inside=inside,
            outside=outside,
            scope_unit=tuyen_quang(),
            expect=expect,
        )


def test_the_pdf_minute_is_out_of_reach_outside_scope(client, commune):
    inside = make_dialogue()
    outside = make_dialogue(place=dong_thap())
    check_matrix(
        url_for=lambda d: f"/doi-thoai/{d.pk}/bien-ban.pdf",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=dict.fromkeys(("admin", "staff", "unit_editor", "viewer", "reviewer"), (200, 404)),
    )
