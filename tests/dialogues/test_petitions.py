from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.core.permissions import OutOfScope
from danvan.dialogues import queries, services
from danvan.dialogues.enums import PetitionState
from tests.dialogues.factories import (
    binh_an,
    category,
    dong_thap,
    make_organization,
    make_petition,
    officer,
    tuyen_quang,
)
from tests.permissions import check_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    ubnd = make_organization(name="UBND xã Bình An", unit=binh_an())
    return {
        "ubnd": ubnd,
        "ward": make_organization(name="Phòng Kinh tế xã Bình An", unit=binh_an()),
        "commune": officer("unit_editor", organization=ubnd),
        "province": officer("viewer", unit=tuyen_quang()),
        "stranger": officer("staff", unit=dong_thap()),
    }


def test_a_petition_gets_a_readable_code_and_a_due_date_from_its_category(units):
    petition = make_petition(responsible=units["ubnd"], acting_user=units["commune"])
    assert petition.code.startswith("KN")
    assert len(petition.code) == 10
    assert set(petition.code[2:]) <= set(services.petitions.CODE_ALPHABET)
    assert petition.due_date == date(2026, 3, 27)  # 15 days for infrastructure
    assert petition.state == PetitionState.RECEIVED
    assert [s.kind for s in petition.steps.all()] == ["received"]


def test_the_audit_log_never_holds_the_citizens_name_or_contact(units):
    petition = make_petition(responsible=units["ubnd"], acting_user=units["commune"])
    services.anonymise_petition(
        petition=petition, reason="Ông Sáng đề nghị ngày 20/3", acting_user=units["commune"]
    )
    for event in AuditEvent.objects.all():
        text = f"{event.changes} {event.message} {event.object_label}"
        assert "Lò Văn Sáng" not in text.replace("Ông Sáng", "")
        assert "0912 345 678" not in text


def test_transfer_answer_reopen_and_close_with_reasons(units):
    petition = make_petition(responsible=units["ubnd"])
    with pytest.raises(ValidationError) as error:
        services.transfer_petition(
            petition=petition, to=units["ward"], reason="", acting_user=units["commune"]
        )
    assert error.value.message_dict["reason"] == ["Hãy nêu lý do chuyển."]
    petition = services.transfer_petition(
        petition=petition,
        to=units["ward"],
        reason="Thuộc thẩm quyền Phòng Kinh tế",
        acting_user=officer("unit_editor", unit=binh_an()),
        on=date(2026, 3, 13),
    )
    assert petition.responsible == units["ward"]
    # Once transferred, the commune's UBND no longer handles it (an organisation grant).
    with pytest.raises(OutOfScope):
        services.answer_petition(petition=petition, answer="x", acting_user=units["commune"])
    petition = services.answer_petition(
        petition=petition, answer="Đã nạo vét cống", on=date(2026, 3, 20), acting_user=None
    )
    assert petition.state == PetitionState.ANSWERED
    with pytest.raises(ValidationError):
        services.answer_petition(petition=petition, answer="again", acting_user=None)
    petition = services.reopen_petition(
        petition=petition, reason="Cống lại tắc", by_citizen=True, acting_user=None
    )
    assert petition.state == PetitionState.RECEIVED
    assert petition.times_reopened == 1
    assert petition.due_date == timezone.localdate() + timedelta(days=15)
    petition = services.answer_petition(petition=petition, answer="Đã thay cống", acting_user=None)
    petition = services.close_petition(petition=petition, acting_user=None)
    assert petition.state == PetitionState.CLOSED
    assert [s.kind for s in petition.steps.all()] == [
        "received",
        "transferred",
        "answered",
        "reopened",
        "answered",
        "closed",
    ]


def test_overdue_is_being_handled_past_the_time_limit(units):
    late = make_petition(responsible=units["ubnd"], received_on=date(2026, 1, 5))
    answered = make_petition(responsible=units["ubnd"], received_on=date(2026, 1, 5))
    make_petition(responsible=units["ubnd"], received_on=timezone.localdate())
    services.answer_petition(petition=answered, answer="Đã trả lời", acting_user=None)
    visible = queries.petitions_visible_to(units["province"])
    assert list(queries.filter_petitions(visible, overdue=True)) == [late]


def test_receiving_outside_ones_scope_is_refused(units):
    with pytest.raises(ValidationError) as error:
        make_petition(responsible=units["ubnd"], acting_user=units["stranger"])
    assert "responsible" in error.value.message_dict or "place" in error.value.message_dict
    with pytest.raises(OutOfScope):
        make_petition(responsible=units["ubnd"], acting_user=units["province"])


def test_only_the_responsible_units_staff_see_the_citizen(client, units):
    petition = make_petition(responsible=units["ubnd"])
    client.force_login(units["province"])  # a viewer of the province: reads, does not handle
    body = client.get(f"/kien-nghi/{petition.pk}/").content.decode()
    assert "Cống thoát nước thôn Nà Rầy" in body
    assert "Lò Văn Sáng" not in body
    assert "Chỉ cán bộ đơn vị chịu trách nhiệm được xem." in body
    client.force_login(units["commune"])
    body = client.get(f"/kien-nghi/{petition.pk}/").content.decode()
    assert "Lò Văn Sáng, 0912 345 678" in body


def test_anonymising_erases_name_and_contact_and_keeps_the_petition(client, units):
    petition = make_petition(responsible=units["ubnd"])
    client.force_login(units["commune"])
    response = client.post(
        f"/kien-nghi/{petition.pk}/an-danh/", {"reason": "Công dân đề nghị ngày 20/03/2026"}
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert (petition.citizen_name, petition.citizen_contact) == ("", "")
    assert petition.anonymised_at is not None
    event = AuditEvent.objects.get(action="dialogues.petition.anonymised")
    assert event.message == "Công dân đề nghị ngày 20/03/2026"
    body = client.get(f"/kien-nghi/{petition.pk}/").content.decode()
    assert "Đã xóa thông tin cá nhân theo yêu cầu ngày" in body


def test_the_public_page_shows_the_state_by_code_without_personal_data(units):
    petition = make_petition(responsible=units["ubnd"])
    services.transfer_petition(
        petition=petition,
        to=units["ward"],
        reason="Lý do nội bộ có tên Lò Văn Sáng",
        acting_user=None,
    )
    anonymous = Client()
    response = anonymous.get("/tra-cuu-kien-nghi/", {"code": petition.code.lower()})
    body = response.content.decode()
    assert response.status_code == 200
    assert petition.code in body
    assert "Đang xử lý" in body
    assert "Phòng Kinh tế xã Bình An" in body
    assert "27/03/2026" in body
    assert "Lò Văn Sáng" not in body
    assert "0912" not in body
    assert "Cống thoát nước" not in body  # the content stays internal too
    body = anonymous.get("/tra-cuu-kien-nghi/", {"code": "KNAAAAAAAA"}).content.decode()
    assert "Không có kiến nghị nào có mã này." in body


def test_the_public_page_is_rate_limited(settings, units):
    from django.core.cache import cache

    cache.clear()
    settings.DANVAN_PETITION_LOOKUPS = 3
    anonymous = Client()
    statuses = [
        anonymous.get("/tra-cuu-kien-nghi/", {"code": "KN12345678"}).status_code for _i in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    body = anonymous.get("/tra-cuu-kien-nghi/", {"code": "x"}).content.decode()
    assert "Tra cứu quá nhiều lần từ máy này." in body


def test_a_petition_is_received_and_answered_through_the_pages(client, units):
    category()
    client.force_login(units["commune"])
    response = client.post(
        "/kien-nghi/them/",
        {
            "source": "walk_in",
            "received_on": "12/03/2026",
            "category": category().pk,
            "field": "infrastructure",
            "summary": "Đèn đường hỏng",
            "place": binh_an().pk,
            "responsible": units["ubnd"].pk,
            "citizen_name": "Hà Thị Lan",
        },
    )
    assert response.status_code == 302
    petition = queries.petitions_visible_to(units["commune"]).get()
    follow = client.get(response["Location"]).content.decode()
    assert petition.code in follow
    response = client.post(f"/kien-nghi/{petition.pk}/tra-loi/", {"answer": "Đã thay bóng"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == PetitionState.ANSWERED
    client.post(f"/kien-nghi/{petition.pk}/ket-thuc/")
    petition.refresh_from_db()
    assert petition.state == PetitionState.CLOSED


def test_the_list_filters_by_code_and_overdue(client, units):
    petition = make_petition(responsible=units["ubnd"], received_on=date(2026, 1, 5))
    make_petition(responsible=units["ubnd"], summary="Việc khác", received_on=timezone.localdate())
    client.force_login(units["province"])
    body = client.get("/kien-nghi/", {"q": petition.code}).content.decode()
    assert "1 kiến nghị" in body
    body = client.get("/kien-nghi/", {"overdue": "on"}).content.decode()
    assert petition.code in body
    assert "1 kiến nghị" in body


def test_pages_answer_by_role_and_scope(units):
    inside = make_petition(responsible=units["ubnd"])
    outside = make_petition(
        responsible=make_organization(name="UBND xã ở Đồng Tháp", unit=dong_thap()),
        place=dong_thap(),
    )
    readers = dict.fromkeys(("admin", "staff", "unit_editor", "viewer", "reviewer"), (200, 404))
    handlers = {"admin": (200, 404), "staff": (200, 404), "unit_editor": (200, 404)}
    handlers |= {"viewer": (403, 404), "reviewer": (403, 404)}
    for suffix, expect in (
        ("", readers),
        ("chuyen/", handlers),
        ("tra-loi/", handlers),
        ("mo-lai/", handlers),
        ("an-danh/", handlers),
    ):
        check_matrix(
            url_for=lambda p, suffix=suffix: f"/kien-nghi/{p.pk}/{suffix}",
            inside=inside,
            outside=outside,
            scope_unit=tuyen_quang(),
            expect=expect,
        )
    from danvan.dialogues.models import Petition

    def answered(petition):
        Petition.objects.filter(pk=petition.pk).update(state=PetitionState.ANSWERED)
        return {}

    check_matrix(
        url_for=lambda p: f"/kien-nghi/{p.pk}/ket-thuc/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=answered,
        snapshot=lambda p: AuditEvent.objects.for_object(p).count(),
        expect={"admin": (302, 404), "staff": (302, 404), "unit_editor": (302, 404)},
        superuser=(302, 302),
    )


def test_a_petition_raised_at_a_dialogue_keeps_its_dialogue(client, units):
    from tests.dialogues.factories import make_dialogue

    dialogue = make_dialogue()
    staff = officer("unit_editor", unit=binh_an())
    client.force_login(staff)
    page = client.get(f"/doi-thoai/{dialogue.pk}/").content.decode()
    assert f"/kien-nghi/them/?dialogue={dialogue.pk}" in page
    form = client.get(f"/kien-nghi/them/?dialogue={dialogue.pk}").content.decode()
    assert "12/03/2026" in form  # the dialogue's date, as the date received
    response = client.post(
        f"/kien-nghi/them/?dialogue={dialogue.pk}",
        {
            "source": "walk_in",
            "received_on": "12/03/2026",
            "category": category().pk,
            "field": "land",
            "summary": "Đề nghị đo đạc lại đất rẫy",
            "place": binh_an().pk,
            "responsible": units["ubnd"].pk,
            "dialogue": dialogue.pk,
        },
    )
    assert response.status_code == 302
    petition = dialogue.petitions.get()
    assert petition.source == "dialogue"


def test_the_citizen_asks_to_reopen_an_answered_petition_with_its_code(units):
    from django.core.cache import cache

    cache.clear()
    petition = make_petition(responsible=units["ubnd"])
    anonymous = Client()
    body = anonymous.get("/tra-cuu-kien-nghi/", {"code": petition.code}).content.decode()
    assert "Quý vị chưa hài lòng với nội dung trả lời?" not in body  # not answered yet
    services.answer_petition(petition=petition, answer="Đã nạo vét", acting_user=None)
    body = anonymous.get("/tra-cuu-kien-nghi/", {"code": petition.code}).content.decode()
    assert "Quý vị chưa hài lòng với nội dung trả lời?" in body
    response = anonymous.post(
        "/tra-cuu-kien-nghi/mo-lai/", {"code": petition.code, "reason": "Cống vẫn tắc"}, follow=True
    )
    body = response.content.decode()
    assert "Kiến nghị của quý vị đã được mở lại" in body
    petition.refresh_from_db()
    assert petition.state == PetitionState.RECEIVED
    step = petition.steps.get(kind="reopened")
    assert step.by_citizen
    assert step.reason == "Cống vẫn tắc"
    response = anonymous.post("/tra-cuu-kien-nghi/mo-lai/", {"code": "KNAAAAAAAA", "reason": "x"})
    assert response.status_code == 302
    assert petition.steps.filter(kind="reopened").count() == 1
