import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.followups import services
from danvan.followups.enums import State
from danvan.followups.models import FollowUp
from tests.followups.factories import (
    binh_an,
    dong_thap,
    make_followup,
    make_organization,
    officer,
    tuyen_quang,
)
from tests.permissions import check_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    owner = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang")
    assignee = make_organization(name="UBND xã Bình An", unit=binh_an())
    inside = make_followup(owner=owner, assignee=assignee, due=date(2020, 5, 1))
    far_owner = make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap())
    outside = make_followup(
        owner=far_owner,
        assignee=make_organization(name="UBND xã ở Đồng Tháp", unit=dong_thap()),
        title="Việc ở Đồng Tháp",
    )
    return {"owner": owner, "assignee": assignee, "inside": inside, "outside": outside}


def test_the_list_shows_what_is_in_scope_with_its_state_and_overdue(client, world):
    client.force_login(officer("viewer", unit=tuyen_quang()))
    body = client.get("/theo-doi/").content.decode()
    assert "Sửa đường vào thôn Khuổi Củng" in body
    assert "Việc ở Đồng Tháp" not in body
    assert "Mới giao" in body
    assert "quá hạn" in body
    assert "01/05/2020" in body
    assert "1 việc cần theo dõi" in body


def test_the_list_filters_by_state_and_overdue(client, world):
    client.force_login(officer("staff", unit=tuyen_quang()))
    body = client.get("/theo-doi/", {"state": "done"}).content.decode()
    assert "Không có việc nào khớp với bộ lọc." in body
    body = client.get("/theo-doi/", {"overdue": "on", "q": "duong vao"}).content.decode()
    assert "Sửa đường vào thôn Khuổi Củng" in body


def test_the_list_reads_a_constant_number_of_queries(client, world):
    client.force_login(officer("staff", unit=tuyen_quang()))
    client.get("/theo-doi/")
    with CaptureQueriesContext(connection) as one:
        client.get("/theo-doi/")
    for n in range(2):
        make_followup(owner=world["owner"], assignee=world["assignee"], title=f"Việc thêm {n}")
    with CaptureQueriesContext(connection) as three:
        body = client.get("/theo-doi/").content.decode()
    assert "Việc thêm 1" in body
    assert len(three) == len(one)


def test_the_overdue_page_counts_per_unit(client, world):
    client.force_login(officer("viewer", unit=tuyen_quang()))
    body = client.get("/theo-doi/qua-han/").content.decode()
    assert "UBND xã Bình An" in body
    assert "1 việc quá hạn" in body
    assert "UBND xã ở Đồng Tháp" not in body
    link = f"/theo-doi/?overdue=on&amp;org={world['assignee'].pk}"
    assert link in body
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Sửa đường vào thôn Khuổi Củng" in listed
    other = client.get(f"/theo-doi/?org={world['owner'].pk}").content.decode()
    assert "Không có việc nào khớp với bộ lọc." in other


def test_the_detail_page_shows_source_state_and_timeline(client, world):
    client.force_login(officer("staff", unit=tuyen_quang()))
    body = client.get(f"/theo-doi/{world['inside'].pk}/").content.decode()
    assert "Nhập trực tiếp: Đối thoại ngày 12/03/2026" in body
    assert "UBND xã Bình An" in body
    assert "Ban Dân vận Tỉnh ủy Tuyên Quang" in body
    assert "Tạo việc cần theo dõi" in body
    assert "Chuyển sang đang thực hiện" in body


def test_the_commune_reports_done_and_the_province_verifies_through_the_pages(client, world):
    followup = world["inside"]
    client.force_login(officer("unit_editor", unit=binh_an()))
    response = client.post(
        f"/theo-doi/{followup.pk}/bao-cao/",
        {"text": "Đã đổ bê tông 300 m", "reported_on": "02/05/2020", "done": "on"},
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.state == State.DONE
    assert followup.done_on == date(2020, 5, 2)
    body = client.get(f"/theo-doi/{followup.pk}/").content.decode()
    assert "Đã đổ bê tông 300 m" in body
    assert "trễ hạn" in body
    assert "Xác nhận hoàn thành" not in body  # the commune does not verify its own work
    client.force_login(officer("staff", organization=world["owner"]))
    client.post(f"/theo-doi/{followup.pk}/trang-thai/", {"to_state": "in_progress", "reason": ""})
    followup.refresh_from_db()
    assert followup.state == State.DONE  # no reason: refused
    client.post(
        f"/theo-doi/{followup.pk}/trang-thai/",
        {"to_state": "in_progress", "reason": "Chưa đủ chiều dài"},
    )
    followup.refresh_from_db()
    assert followup.state == State.IN_PROGRESS
    assert followup.reason == "Chưa đủ chiều dài"


def test_a_report_form_without_text_says_so_and_keeps_the_date(client, world):
    client.force_login(officer("unit_editor", unit=binh_an()))
    response = client.post(
        f"/theo-doi/{world['inside'].pk}/bao-cao/", {"text": "", "reported_on": "02/05/2020"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hãy mô tả việc đã làm." in body or "errorlist" in body
    assert "02/05/2020" in body


def test_a_follow_up_is_added_and_edited_through_the_form(client, world):
    staff = officer("staff", unit=tuyen_quang())
    client.force_login(staff)
    response = client.post(
        "/theo-doi/them/",
        {
            "title": "Hướng dẫn xã lập hồ sơ",
            "assignee_organization": world["assignee"].pk,
            "owner_organization": world["owner"].pk,
            "due_date": "30/06/2026",
            "source_label": "Kết luận hội nghị",
        },
    )
    assert response.status_code == 302
    followup = FollowUp.objects.get(title="Hướng dẫn xã lập hồ sơ")
    assert followup.created_by == staff
    assert followup.due_date == date(2026, 6, 30)
    response = client.post(
        f"/theo-doi/{followup.pk}/sua/",
        {
            "title": "Hướng dẫn xã lập hồ sơ",
            "assignee_organization": world["assignee"].pk,
            "owner_organization": world["owner"].pk,
            "due_date": "31/07/2026",
            "version": followup.version,
        },
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.due_date == date(2026, 7, 31)


def test_pages_answer_by_role_and_scope(world):
    inside, outside = world["inside"], world["outside"]
    readers = dict.fromkeys(("admin", "staff", "unit_editor", "viewer", "reviewer"), (200, 404))
    check_matrix(
        url_for=lambda f: f"/theo-doi/{f.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=readers,
    )
    editors = {"admin": (200, 404), "staff": (200, 404), "unit_editor": (200, 404)}
    editors |= {"viewer": (403, 404), "reviewer": (403, 404)}
    check_matrix(
        url_for=lambda f: f"/theo-doi/{f.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=editors,
    )
    check_matrix(
        url_for=lambda f: f"/theo-doi/{f.pk}/bao-cao/",
        inside=inside,
        outside=outside,
        scope_unit=binh_an(),
        expect=editors,
    )


def test_state_changes_are_refused_outside_scope_and_change_nothing(world):
    from danvan.core.models import AuditEvent
    from danvan.followups.models import FollowUp

    def snapshot(f):
        return AuditEvent.objects.for_object(f).count()

    def reset(f):
        FollowUp.objects.filter(pk=f.pk).update(state=State.OPEN)
        return {"to_state": "in_progress"}

    check_matrix(
        url_for=lambda f: f"/theo-doi/{f.pk}/trang-thai/",
        inside=world["inside"],
        outside=world["outside"],
        scope_unit=binh_an(),
        method="post",
        data=reset,
        snapshot=snapshot,
        expect={"admin": (302, 404), "staff": (302, 404), "unit_editor": (302, 404)},
        superuser=(302, 302),
    )


def test_evidence_downloads_only_in_scope(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.commit import committed
    from tests.documents.factories import PDF_BYTES

    def attach(followup):
        with committed():
            report = services.add_report(
                followup=followup,
                text="Biên bản nghiệm thu",
                files=[SimpleUploadedFile("nghiem-thu.pdf", PDF_BYTES)],
                acting_user=None,
            )
        return report.evidence.get()

    inside, outside = attach(world["inside"]), attach(world["outside"])
    readers = dict.fromkeys(("admin", "staff", "unit_editor", "viewer", "reviewer"), (200, 404))
    check_matrix(
        url_for=lambda e: f"/theo-doi/bang-chung/{e.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=readers,
    )


def test_the_command_lists_a_places_follow_ups_as_json(world):
    out = StringIO()
    call_command("followups", "--scope", "Tuyên Quang", "--overdue", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [
        {
            "title": "Sửa đường vào thôn Khuổi Củng",
            "source": "Đối thoại ngày 12/03/2026",
            "assignee": "UBND xã Bình An",
            "due": "2020-05-01",
            "state": "open",
            "overdue": True,
        }
    ]
    out = StringIO()
    call_command("followups", "--scope", "Ban Dân vận Tỉnh ủy Đồng Tháp", "--json", stdout=out)
    assert [row["title"] for row in json.loads(out.getvalue())] == ["Việc ở Đồng Tháp"]


def test_the_reminder_command_reminds_the_commune(world):
    commune = officer("unit_editor", unit=binh_an())
    out = StringIO()
    call_command("remind_followups", stdout=out)
    assert out.getvalue().strip() == "1 reminders sent."
    assert commune.followup_notices.get().followup == world["inside"]


def test_the_source_panel_lists_a_records_follow_ups_in_scope(rf, world):
    from django.template.loader import render_to_string

    from danvan.followups.views import source_panel

    source = world["inside"]
    linked = services.create_followup(
        data={
            "title": "Báo cáo kết quả khắc phục",
            "due_date": date(2026, 5, 1),
            "owner_organization": world["owner"],
            "assignee_organization": world["assignee"],
        },
        source=source,
        source_kind="tests.example",
        acting_user=None,
    )
    request = rf.get("/")
    request.user = officer("viewer", unit=tuyen_quang())
    context = source_panel(request, source)
    assert context["followups"] == [linked]
    html = render_to_string("followups/_source_panel.html", context)
    assert "Báo cáo kết quả khắc phục" in html
    assert "01/05/2026" in html
    request.user = officer("viewer", unit=dong_thap())
    assert source_panel(request, source) is None


def test_the_reminders_are_on_the_workers_daily_schedule():
    from datetime import time

    from danvan.core import registry

    keys = {item.key: item for item in registry.scheduled()}
    assert keys["followups-remind"].command == ("remind_followups",)
    assert keys["followups-remind"].daily_at == time(7, 15)
