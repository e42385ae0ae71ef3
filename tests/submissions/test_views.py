from datetime import date

import pytest
from django.test import Client

from danvan.accounts.enums import Role
from danvan.core.models import AuditEvent
from danvan.submissions import services
from danvan.submissions.enums import Status
from danvan.submissions.models import Obligation, Submission, SubmittedVersion
from tests.permissions import READER_ROLES, check_matrix, user_with_role
from tests.submissions.helpers import H1_2026, at, binh_an, dong_thap, make_template, tuyen_quang

pytestmark = pytest.mark.django_db

PAGE = "/bao-cao-dinh-ky/nghia-vu/{}/2026-06/"
ENTRIES = {"ho_duoc_ho_tro": "40"}


@pytest.fixture
def pair(template):
    """Xã Bình An's obligation to tỉnh Tuyên Quang, and one of a commune of Đồng Tháp."""
    other = make_template(dong_thap(), name="Báo cáo công tác dân vận Đồng Tháp")
    inside = Obligation.objects.get(template=template, unit=binh_an())
    outside = Obligation.objects.filter(template=other).order_by("unit__path").first()
    return inside, outside


def _sent(obligation) -> Submission:
    return services.submit(
        acting_user=None,
        obligation=obligation,
        period=H1_2026,
        indicators=ENTRIES,
        sections={},
        now=at(date(2026, 7, 1)),
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_matrix_a_units_report_is_seen_in_scope_only(pair):
    check_matrix(
        url_for=lambda obligation: PAGE.format(obligation.pk),
        inside=pair[0],
        outside=pair[1],
        scope_unit=binh_an(),
        expect=dict.fromkeys(READER_ROLES, (200, 404)),
    )


def test_matrix_only_the_units_own_staff_send_its_report(pair):
    check_matrix(
        url_for=lambda obligation: PAGE.format(obligation.pk),
        inside=pair[0],
        outside=pair[1],
        scope_unit=binh_an(),
        method="post",
        data={"action": "save", "indicator_ho_duoc_ho_tro": "12"},
        snapshot=lambda obligation: list(
            Submission.objects.filter(obligation=obligation).values_list("version", flat=True)
        ),
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (302, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )


def test_matrix_a_sent_report_is_seen_in_scope_only(pair):
    inside, outside = _sent(pair[0]), _sent(pair[1])
    check_matrix(
        url_for=lambda submission: f"/bao-cao-dinh-ky/bao-cao/{submission.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=dict.fromkeys(READER_ROLES, (200, 404)),
    )


def _waiting_again(submission) -> dict:
    """Put the report back in the reviewer's hands (sent again, or reopened in the test only
    after an acceptance) and post the decision with its current version."""
    submission.refresh_from_db()
    if submission.status == Status.RETURNED:
        _sent(submission.obligation)
    elif submission.status == Status.ACCEPTED:
        Submission.objects.filter(pk=submission.pk).update(status=Status.SUBMITTED)
        SubmittedVersion.objects.create(
            submission=submission,
            number=submission.versions.count() + 1,
            submitted_at=at(H1_2026.end),
        )
    submission.refresh_from_db()
    return {"comment": "Đề nghị làm rõ số liệu.", "version": submission.version}


def _decided(submission) -> int:
    return SubmittedVersion.objects.filter(submission=submission).exclude(decision="").count()


@pytest.mark.parametrize("action", ["tra-lai", "chap-nhan"])
def test_matrix_only_the_level_above_returns_or_accepts(pair, action):
    inside, outside = _sent(pair[0]), _sent(pair[1])
    check_matrix(
        url_for=lambda submission: f"/bao-cao-dinh-ky/bao-cao/{submission.pk}/{action}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=_waiting_again,
        snapshot=_decided,
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (403, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )


def test_matrix_the_board_is_the_receiving_levels(pair):
    check_matrix(
        url_for=lambda obligation: f"/bao-cao-dinh-ky/mau/{obligation.template_id}/tinh-hinh/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        expect=dict.fromkeys(READER_ROLES, (200, 404)),
    )


def test_a_commune_sends_its_report_in_a_few_clicks(obligation, commune_editor):
    client = _client(commune_editor)
    listing = client.get("/bao-cao-dinh-ky/").content.decode()
    assert "Báo cáo kết quả công tác dân vận" in listing
    assert "6 tháng đầu năm 2026" in listing
    assert "15/07/2026" in listing
    page = client.get(PAGE.format(obligation.pk))
    body = page.content.decode()
    assert "Số liệu từ dữ liệu" in body
    assert "Số hộ được hỗ trợ" in body
    assert "Gửi báo cáo" in body
    response = client.post(
        PAGE.format(obligation.pk),
        {"action": "submit", "indicator_ho_duoc_ho_tro": "1.250", "section_1": ""},
    )
    submission = Submission.objects.get(obligation=obligation)
    assert response.status_code == 302
    assert response["Location"] == f"/bao-cao-dinh-ky/bao-cao/{submission.pk}/"
    assert submission.status == Status.SUBMITTED
    detail = client.get(response["Location"]).content.decode()
    assert "đã gửi, chờ xem xét" in detail.lower()
    assert "1.250" in detail
    assert "Gửi báo cáo" in detail  # the history
    # Sent: the form now leads to the report.
    assert client.get(PAGE.format(obligation.pk)).status_code == 302


def test_a_wrong_figure_is_shown_again_with_its_error(obligation, commune_editor):
    client = _client(commune_editor)
    response = client.post(
        PAGE.format(obligation.pk), {"action": "submit", "indicator_ho_duoc_ho_tro": "mười"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhập một số." in body
    assert 'value="mười"' in body
    assert not Submission.objects.exists()


def test_the_province_returns_and_the_commune_corrects(obligation, commune_editor, province_staff):
    submission = _sent(obligation)
    staff = _client(province_staff)
    page = staff.get(f"/bao-cao-dinh-ky/bao-cao/{submission.pk}/").content.decode()
    assert "Trả lại, yêu cầu làm rõ" in page
    refused = staff.post(f"/bao-cao-dinh-ky/bao-cao/{submission.pk}/tra-lai/", {"comment": ""})
    assert refused.status_code == 200
    assert "Ghi rõ đơn vị cần chỉnh sửa" in refused.content.decode()
    staff.post(f"/bao-cao-dinh-ky/bao-cao/{submission.pk}/tra-lai/", {"comment": "Bổ sung số hộ."})
    submission.refresh_from_db()
    assert submission.status == Status.RETURNED
    form = _client(commune_editor).get(PAGE.format(obligation.pk)).content.decode()
    assert "Bổ sung số hộ." in form
    assert 'value="40"' in form


def test_the_board_counts_who_has_reported(template, obligation, commune_editor, province_staff):
    _sent(obligation)
    body = (
        _client(province_staff)
        .get(f"/bao-cao-dinh-ky/mau/{template.pk}/tinh-hinh/?ky=2026-06")
        .content.decode()
    )
    total = Obligation.objects.filter(template=template).count()
    assert f"1/{total} đơn vị đã gửi báo cáo" in body
    assert 'data-standing="on_time"' in body
    assert "Xã Bình An" in body
    # A commune's officer has no board of the province.
    response = _client(commune_editor).get(f"/bao-cao-dinh-ky/mau/{template.pk}/tinh-hinh/")
    assert response.status_code == 404


def test_waiting_reports_are_listed_for_the_province(obligation, province_staff):
    _sent(obligation)
    body = _client(province_staff).get("/bao-cao-dinh-ky/").content.decode()
    assert "Báo cáo chờ xem xét" in body
    assert "Xã Bình An — Báo cáo kết quả công tác dân vận" in body


def test_pending_work_on_the_home_page(obligation, commune_editor, settings):
    user_with_role("viewer", unit=tuyen_quang())
    body = _client(commune_editor).get("/").content.decode()
    assert "báo cáo định kỳ cần gửi" in body


def test_matrix_a_template_is_seen_in_scope_only(pair):
    check_matrix(
        url_for=lambda obligation: f"/bao-cao-dinh-ky/mau/{obligation.template_id}/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        expect=dict.fromkeys(READER_ROLES, (200, 404)),
    )


def _one_less(obligation) -> dict:
    """A unit stops reporting (the first), so that adding the units below adds one."""
    Obligation.objects.filter(template=obligation.template).order_by("id").first().delete()
    return {}


def test_matrix_only_the_templates_managers_add_its_units(pair):
    check_matrix(
        url_for=lambda obligation: f"/bao-cao-dinh-ky/mau/{obligation.template_id}/don-vi/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        method="post",
        data=_one_less,
        snapshot=lambda obligation: (
            Obligation.objects.filter(template=obligation.template)
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
        ),
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (403, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )


def test_staff_make_a_template_and_the_communes_report_on_it(province_staff):
    client = _client(province_staff)
    assert client.get("/bao-cao-dinh-ky/mau/tao/").status_code == 200
    response = client.post(
        "/bao-cao-dinh-ky/mau/tao/",
        {
            "name": "Báo cáo công tác dân vận chính quyền",
            "owner_unit": tuyen_quang().pk,
            "measures": ["registered"],
            "end_months": ["6", "12"],
            "deadline_day": "20",
            "indicators": "Số hộ được hỗ trợ | 0\n? Số buổi đối thoại | 0 | 1.000",
            "sections": "Kết quả\nPhương hướng",
            "add_units": "on",
        },
    )
    assert response.status_code == 302
    from danvan.submissions.models import ReportTemplate

    template = ReportTemplate.objects.get(name="Báo cáo công tác dân vận chính quyền")
    assert template.end_months == [6, 12]
    assert template.deadline_day == 20
    first, second = template.indicators.all()
    assert (first.code, first.required, first.min_value) == ("so_ho_duoc_ho_tro", True, 0)
    assert (second.label, second.required, second.max_value) == ("Số buổi đối thoại", False, 1000)
    assert [(s.title, s.drafted) for s in template.sections.all()] == [
        ("Kết quả", True),
        ("Phương hướng", False),
    ]
    assert template.obligations.count() == tuyen_quang().children.count()
    page = client.get(response["Location"]).content.decode()
    assert "ngày 20 của tháng sau kỳ báo cáo" in page


def test_a_commune_officer_makes_no_template(commune_editor):
    assert _client(commune_editor).get("/bao-cao-dinh-ky/mau/tao/").status_code == 403


def test_matrix_the_consolidation_is_the_receiving_levels(pair):
    check_matrix(
        url_for=lambda obligation: f"/bao-cao-dinh-ky/mau/{obligation.template_id}/tong-hop/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        expect=dict.fromkeys(READER_ROLES, (200, 404)),
    )


def test_the_home_page_shows_the_share_of_units_that_reported(template, obligation, province_staff):
    _sent(obligation)
    total = Obligation.objects.filter(template=template).count()
    body = _client(province_staff).get("/").content.decode()
    assert "Báo cáo định kỳ cấp dưới gửi lên" in body
    assert f"1/{total} đơn vị đã gửi báo cáo" in body
    assert "?ky=2026-06&amp;don-vi=" in body or "?ky=2026-06&don-vi=" in body


def test_the_board_has_a_map_coloured_by_standing(template, obligation, province_staff):
    _sent(obligation)
    body = (
        _client(province_staff)
        .get(f"/bao-cao-dinh-ky/mau/{template.pk}/tinh-hinh/?ky=2026-06")
        .content.decode()
    )
    assert 'id="board-map"' in body
    assert body.count('stroke="#fff"') == Obligation.objects.filter(template=template).count()
    assert "<title>Xã Bình An: đã gửi đúng hạn</title>" in body


def test_matrix_only_the_templates_managers_stop_using_it(pair):
    from danvan.submissions.models import ReportTemplate

    def flip(obligation) -> dict:
        template = ReportTemplate.objects.get(pk=obligation.template_id)
        return {"active": "0" if template.active else "1"}

    check_matrix(
        url_for=lambda obligation: f"/bao-cao-dinh-ky/mau/{obligation.template_id}/trang-thai/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        method="post",
        data=flip,
        snapshot=lambda obligation: ReportTemplate.objects.get(pk=obligation.template_id).active,
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (403, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )


def test_a_template_no_longer_in_use_asks_for_nothing(template, commune_editor, province_staff):
    _client(province_staff).post(f"/bao-cao-dinh-ky/mau/{template.pk}/trang-thai/", {"active": "0"})
    template.refresh_from_db()
    assert template.active is False
    listing = _client(commune_editor).get("/bao-cao-dinh-ky/").content.decode()
    assert "Đơn vị không có báo cáo định kỳ nào cần gửi." in listing
    page = _client(province_staff).get(f"/bao-cao-dinh-ky/mau/{template.pk}/").content.decode()
    assert "không còn sử dụng" in page


MANAGERS_ONLY = {
    Role.ADMIN: (200, 404),
    Role.STAFF: (200, 404),
    Role.UNIT_EDITOR: (403, 404),
    Role.REVIEWER: (403, 404),
    Role.VIEWER: (403, 404),
}


def test_matrix_only_the_templates_managers_open_its_edit_page(pair):
    check_matrix(
        url_for=lambda obligation: f"/bao-cao-dinh-ky/mau/{obligation.template_id}/sua/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        expect=MANAGERS_ONLY,
    )


def test_matrix_only_the_templates_managers_change_it(pair):
    from danvan.submissions.models import ReportTemplate

    def data(obligation) -> dict:
        template = ReportTemplate.objects.get(pk=obligation.template_id)
        return {
            "name": f"{template.name} (sửa)",
            "measures": ["registered"],
            "end_months": ["6", "12"],
            "deadline_day": "20",
            "version": template.version,
        }

    check_matrix(
        url_for=lambda obligation: f"/bao-cao-dinh-ky/mau/{obligation.template_id}/sua/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        method="post",
        data=data,
        snapshot=lambda obligation: ReportTemplate.objects.get(pk=obligation.template_id).name,
        expect={role: (302 if ok == 200 else ok, out) for role, (ok, out) in MANAGERS_ONLY.items()},
        superuser=(302, 302),
    )


def test_a_template_is_changed_and_what_was_sent_stays(template, obligation, province_staff):
    submission = _sent(obligation)
    client = _client(province_staff)
    response = client.post(
        f"/bao-cao-dinh-ky/mau/{template.pk}/sua/",
        {
            "name": "Báo cáo công tác dân vận",
            "measures": ["registered"],
            "end_months": ["6", "9", "12"],
            "deadline_day": "10",
            "version": template.version,
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.end_months, template.deadline_day) == (
        "Báo cáo công tác dân vận",
        [6, 9, 12],
        10,
    )
    submission.refresh_from_db()
    assert submission.due_on == date(2026, 7, 15)
    assert len(submission.versions.get().figures) == 2
    stale = client.post(
        f"/bao-cao-dinh-ky/mau/{template.pk}/sua/",
        {"name": "X", "end_months": ["6"], "deadline_day": "10", "version": 1},
    )
    assert "Người khác vừa thay đổi mẫu báo cáo này" in stale.content.decode()


def test_matrix_only_the_receiving_level_reminds_its_units(pair):
    from danvan.reviews.models import Notification

    check_matrix(
        url_for=lambda obligation: f"/bao-cao-dinh-ky/mau/{obligation.template_id}/nhac/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        method="post",
        data={"ky": "2026-06"},
        snapshot=lambda obligation: AuditEvent.objects.filter(
            action="submissions.template.reminded", object_id=str(obligation.template_id)
        ).count(),
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (403, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )
    assert Notification.objects.count() == 0  # nobody holds a grant on a commune here
