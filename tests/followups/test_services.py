from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.core.permissions import OutOfScope
from danvan.followups import queries, services
from danvan.followups.enums import State
from danvan.followups.models import Notice
from tests.commit import committed
from tests.documents.factories import PDF_BYTES
from tests.followups.factories import (
    binh_an,
    dong_thap,
    make_followup,
    make_organization,
    officer,
    tuyen_quang,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def sides():
    owner = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang")
    assignee = make_organization(name="UBND xã Bình An", unit=binh_an())
    return {
        "owner": owner,
        "assignee": assignee,
        "owner_staff": officer("staff", unit=tuyen_quang()),
        "owner_member": officer("unit_editor", organization=owner),
        "commune_staff": officer("unit_editor", unit=binh_an()),
        "province_viewer": officer("viewer", unit=tuyen_quang()),
        "stranger": officer("staff", unit=dong_thap()),
    }


def test_a_follow_up_is_created_open_with_its_source_and_audited(sides):
    followup = make_followup(
        owner=sides["owner"], assignee=sides["assignee"], acting_user=sides["owner_staff"]
    )
    assert followup.state == State.OPEN
    assert followup.source_label == "Đối thoại ngày 12/03/2026"
    assert followup.source_kind == "followups.manual"
    event = AuditEvent.objects.get(action="followups.followup.created")
    assert event.object_label == "Sửa đường vào thôn Khuổi Củng"
    assert event.actor_id == sides["owner_staff"].pk


def test_a_follow_up_can_point_at_any_record_as_its_source(sides):
    followup = make_followup(owner=sides["owner"], assignee=sides["assignee"])
    other = make_followup(
        owner=sides["owner"], assignee=sides["assignee"], title="Kiểm tra lại", due=date(2026, 4, 1)
    )
    linked = services.create_followup(
        data={
            "title": "Trả lời bằng văn bản",
            "due_date": date(2026, 5, 1),
            "owner_organization": sides["owner"],
            "assignee_organization": sides["assignee"],
        },
        source=followup,
        source_kind="tests.example",
        acting_user=None,
    )
    assert linked.source_label == "Sửa đường vào thôn Khuổi Củng"
    found = queries.for_source(queries.followups_visible_to(sides["owner_staff"]), followup)
    assert list(found) == [linked]
    assert other not in found


def test_an_owner_outside_ones_scope_is_refused_on_its_field(sides):
    with pytest.raises(ValidationError) as error:
        make_followup(
            owner=sides["owner"], assignee=sides["assignee"], acting_user=sides["stranger"]
        )
    assert "owner_organization" in error.value.message_dict


def test_an_assignee_one_cannot_see_is_refused(sides):
    far = make_organization(name="UBND xã ở Đồng Tháp", unit=dong_thap())
    with pytest.raises(ValidationError) as error:
        make_followup(owner=sides["owner"], assignee=far, acting_user=sides["owner_staff"])
    assert "assignee_organization" in error.value.message_dict


def test_a_viewer_may_not_create_follow_ups(sides):
    with pytest.raises(OutOfScope):
        make_followup(
            owner=sides["owner"], assignee=sides["assignee"], acting_user=sides["province_viewer"]
        )


def test_missing_title_due_date_and_assignee_are_said_in_vietnamese(sides):
    with pytest.raises(ValidationError) as error:
        services.create_followup(
            data={"title": " ", "owner_organization": sides["owner"]}, acting_user=None
        )
    assert error.value.message_dict["title"] == ["Hãy nêu việc cần làm."]


def test_the_whole_cycle_done_verified_reopened_returned(sides):
    followup = make_followup(owner=sides["owner"], assignee=sides["assignee"])
    commune, owner = sides["commune_staff"], sides["owner_staff"]
    followup = services.transition(
        followup=followup, to_state=State.IN_PROGRESS, acting_user=commune
    )
    followup = services.transition(
        followup=followup, to_state=State.DONE, acting_user=commune, on=date(2026, 3, 20)
    )
    assert followup.done_on == date(2026, 3, 20)
    assert followup.kept_on_time
    with pytest.raises(ValidationError) as error:
        services.transition(followup=followup, to_state=State.IN_PROGRESS, acting_user=owner)
    assert error.value.message_dict["reason"] == ["Hãy nêu lý do."]
    followup = services.transition(
        followup=followup,
        to_state=State.IN_PROGRESS,
        reason="Chưa có ảnh hiện trường",
        acting_user=owner,
    )
    assert followup.state == State.IN_PROGRESS
    assert followup.done_on is None
    assert AuditEvent.objects.filter(action="followups.followup.returned").get().message == (
        "Chưa có ảnh hiện trường"
    )
    followup = services.transition(followup=followup, to_state=State.DONE, acting_user=commune)
    followup = services.transition(followup=followup, to_state=State.VERIFIED, acting_user=owner)
    assert followup.verified_on == TODAY
    followup = services.transition(
        followup=followup, to_state=State.OPEN, reason="Đường lại sạt lở", acting_user=owner
    )
    assert followup.state == State.OPEN
    assert followup.reason == "Đường lại sạt lở"
    assert followup.verified_on is None


def test_the_assignee_may_not_verify_and_the_owner_may_not_report_done(sides):
    followup = make_followup(owner=sides["owner"], assignee=sides["assignee"])
    with pytest.raises(OutOfScope):
        services.transition(
            followup=followup, to_state=State.DONE, acting_user=sides["owner_member"]
        )
    followup = services.transition(
        followup=followup, to_state=State.DONE, acting_user=sides["commune_staff"]
    )
    with pytest.raises(OutOfScope):
        services.transition(
            followup=followup, to_state=State.VERIFIED, acting_user=sides["commune_staff"]
        )
    with pytest.raises(OutOfScope):
        services.transition(
            followup=followup, to_state=State.VERIFIED, acting_user=sides["stranger"]
        )


def test_a_move_the_workflow_does_not_allow_is_refused_in_words(sides):
    followup = make_followup(owner=sides["owner"], assignee=sides["assignee"])
    with pytest.raises(ValidationError) as error:
        services.transition(followup=followup, to_state=State.VERIFIED, acting_user=None)
    assert error.value.messages == [
        "Việc cần theo dõi đang ở trạng thái mới giao không thể chuyển sang đã xác nhận hoàn thành."
    ]


def test_a_report_with_evidence_starts_the_work_and_keeps_the_file(sides, media_dir):
    followup = make_followup(owner=sides["owner"], assignee=sides["assignee"])
    upload = SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")
    with committed():
        report = services.add_report(
            followup=followup,
            text="Đã khảo sát tuyến đường, lập dự toán.",
            files=[upload],
            acting_user=sides["commune_staff"],
        )
    followup.refresh_from_db()
    assert followup.state == State.IN_PROGRESS
    evidence = report.evidence.get()
    assert evidence.original_name == "bien-ban.pdf"
    assert evidence.kind == "pdf"
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_a_report_saying_done_reports_it_done_on_its_date(sides):
    followup = make_followup(owner=sides["owner"], assignee=sides["assignee"])
    services.add_report(
        followup=followup,
        text="Đã hoàn thành đổ bê tông.",
        reported_on=date(2026, 4, 2),
        done=True,
        acting_user=sides["commune_staff"],
    )
    followup.refresh_from_db()
    assert followup.state == State.DONE
    assert followup.done_on == date(2026, 4, 2)
    assert not followup.kept_on_time  # due 31/03/2026


def test_a_file_that_is_not_a_document_is_refused_and_nothing_is_written(sides):
    followup = make_followup(owner=sides["owner"], assignee=sides["assignee"])
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.add_report(
            followup=followup, text="x", files=[upload], acting_user=sides["commune_staff"]
        )
    assert "files" in error.value.message_dict
    assert followup.reports.count() == 0


def test_the_owner_may_not_report_for_the_assignee(sides):
    followup = make_followup(owner=sides["owner"], assignee=sides["assignee"])
    with pytest.raises(OutOfScope):
        services.add_report(followup=followup, text="x", acting_user=sides["owner_member"])


def test_overdue_means_pending_past_its_due_date(sides):
    late = make_followup(owner=sides["owner"], assignee=sides["assignee"], due=date(2020, 1, 1))
    done_late = make_followup(
        owner=sides["owner"], assignee=sides["assignee"], due=date(2020, 1, 1), title="Đã xong"
    )
    done_late = services.transition(followup=done_late, to_state=State.DONE, acting_user=None)
    make_followup(owner=sides["owner"], assignee=sides["assignee"], due=TODAY + timedelta(1))
    visible = queries.followups_visible_to(sides["province_viewer"])
    assert list(queries.filter_followups(visible, overdue=True)) == [late]
    assert late.overdue
    assert not done_late.overdue
    assert queries.overdue_by_assignee(visible) == [
        {
            "organization_id": sides["assignee"].pk,
            "unit_id": None,
            "name": "UBND xã Bình An",
            "count": 1,
        }
    ]


def test_the_selector_shows_owner_and_assignee_scopes_and_nothing_else(sides):
    followup = make_followup(owner=sides["owner"], assignee=sides["assignee"])
    for user in ("owner_staff", "owner_member", "commune_staff", "province_viewer"):
        assert list(queries.followups_visible_to(sides[user])) == [followup], user
    assert list(queries.followups_visible_to(sides["stranger"])) == []


def test_reminders_go_to_the_nearest_officers_once_a_day_in_app_and_by_mail(sides):
    make_followup(owner=sides["owner"], assignee=sides["assignee"], due=TODAY - timedelta(2))
    make_followup(
        owner=sides["owner"], assignee=sides["assignee"], due=TODAY + timedelta(30), title="Xa"
    )
    with committed():
        assert services.send_reminders() == 1
    notice = Notice.objects.get()
    assert notice.user == sides["commune_staff"]  # the commune's grant, not the province's
    assert notice.text.startswith("Quá hạn từ ")
    assert notice.text.endswith(": Sửa đường vào thôn Khuổi Củng")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [sides["commune_staff"].email]
    assert services.send_reminders() == 0  # already reminded today
    assert queries.unread_notices(sides["commune_staff"]).count() == 1
    services.mark_notices_read(user=sides["commune_staff"])
    assert queries.unread_notices(sides["commune_staff"]).count() == 0


def test_evidence_is_stored_under_a_folder_the_media_sweep_knows():
    from django.core.files.storage import default_storage

    from danvan.core.files import storage_roots

    assert "followups" in storage_roots(default_storage)
    assert "" not in storage_roots(default_storage)
