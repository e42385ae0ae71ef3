from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danvan.core.models import AuditEvent
from danvan.core.permissions import OutOfScope
from danvan.reports.periods import Period
from danvan.submissions import services
from danvan.submissions.enums import Decision, Status
from danvan.submissions.models import Obligation
from tests.initiatives import factories as initiatives
from tests.permissions import user_with_role
from tests.submissions.helpers import H1_2026, at, make_template, tuyen_quang

pytestmark = pytest.mark.django_db

IN_2026 = {"year": 2026, "start_date": date(2026, 3, 1)}
ENTRIES = {"ho_duoc_ho_tro": "1.250", "buoi_doi_thoai": ""}


ON_TIME = at(date(2026, 7, 10))


def _submit(obligation, user, *, when=ON_TIME, indicators=ENTRIES, sections=None):
    return services.submit(
        acting_user=user,
        obligation=obligation,
        period=H1_2026,
        indicators=indicators,
        sections=sections or {},
        now=when,
    )


def test_every_commune_of_the_province_reports_to_it(template):
    obligations = Obligation.objects.filter(template=template)
    assert obligations.count() == tuyen_quang().children.count() > 100
    assert set(obligations.values_list("receiver_unit_id", flat=True)) == {tuyen_quang().pk}
    # A second call adds nobody.
    assert (
        services.add_obligations(acting_user=None, template=template, receiver_unit=tuyen_quang())
        == 0
    )


def test_a_template_checks_its_measures_periods_and_deadline(db):
    with pytest.raises(ValidationError) as error:
        make_template(measures=["no_such_measure"], obligations=False)
    assert "measures" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_template(end_months=[], obligations=False)
    with pytest.raises(ValidationError):
        make_template(deadline_day=40, obligations=False)


def test_only_the_province_staff_make_its_template(db):
    staff_elsewhere = user_with_role("staff", unit=initiatives.dong_thap())
    editor = user_with_role("unit_editor", unit=tuyen_quang())
    for user in (staff_elsewhere, editor):
        with pytest.raises(OutOfScope):
            services.create_template(
                acting_user=user, name="X", owner_unit=tuyen_quang(), measures=[], end_months=[6]
            )


def test_submitting_freezes_figures_indicators_and_text(obligation, commune_editor):
    initiatives.seed()
    initiatives.make_initiative(name="Dân vận khéo ở xã Bình An", **IN_2026)
    submission = _submit(
        obligation,
        commune_editor,
        sections={str(obligation.template.sections.last().pk): "Tiếp tục"},
    )
    assert submission.status == Status.SUBMITTED
    assert submission.due_on == date(2026, 7, 15)
    assert submission.late is False
    version = submission.versions.get()
    registered = next(f for f in version.figures if f["code"] == "registered")
    assert registered["label"] == "Đăng ký"
    frozen = registered["value"]
    assert frozen == 1
    assert version.indicators[0] == {
        "code": "ho_duoc_ho_tro",
        "label": "Số hộ được hỗ trợ",
        "value": 1250,
    }
    assert version.indicators[1]["value"] is None
    # The drafted section starts from the engine's narrative; the other is the unit's text.
    assert version.sections[0]["title"] == "Kết quả"
    assert "xã" in version.sections[0]["text"]
    assert version.sections[1] == {"title": "Phương hướng", "text": "Tiếp tục"}
    # Records change later: what was sent does not.
    initiatives.make_initiative(name="Mô hình thứ hai ở xã Bình An", **IN_2026)
    version.refresh_from_db()
    assert next(f for f in version.figures if f["code"] == "registered")["value"] == frozen
    assert AuditEvent.objects.filter(action="submissions.submission.submitted").count() == 1


def test_indicators_are_checked(obligation, commune_editor):
    with pytest.raises(ValidationError) as error:
        _submit(
            obligation, commune_editor, indicators={"ho_duoc_ho_tro": "", "buoi_doi_thoai": "501"}
        )
    assert error.value.message_dict["indicator_ho_duoc_ho_tro"] == ["Nhập số liệu này."]
    assert error.value.message_dict["indicator_buoi_doi_thoai"] == ["Nhập nhiều nhất 500."]
    with pytest.raises(ValidationError) as error:
        _submit(obligation, commune_editor, indicators={"ho_duoc_ho_tro": "12,5"})
    assert error.value.message_dict["indicator_ho_duoc_ho_tro"] == ["Nhập số nguyên."]
    with pytest.raises(ValidationError) as error:
        _submit(obligation, commune_editor, indicators={"ho_duoc_ho_tro": "mười"})
    assert error.value.message_dict["indicator_ho_duoc_ho_tro"] == ["Nhập một số."]
    with pytest.raises(ValidationError):
        _submit(obligation, commune_editor, indicators={"ho_duoc_ho_tro": "-3"})


def test_a_draft_may_be_incomplete(obligation, commune_editor):
    submission = services.save_draft(
        acting_user=commune_editor,
        obligation=obligation,
        period=H1_2026,
        indicators={"ho_duoc_ho_tro": ""},
        sections={},
    )
    assert submission.status == Status.DRAFT
    assert submission.first_submitted_at is None


def test_only_the_units_own_staff_submit(obligation, province_staff):
    neighbour = (
        Obligation.objects.filter(template=obligation.template).exclude(pk=obligation.pk).first()
    )
    neighbour_editor = user_with_role("unit_editor", unit=neighbour.unit)
    viewer = user_with_role("viewer", unit=obligation.unit)
    for user in (province_staff, neighbour_editor, viewer):
        with pytest.raises(OutOfScope):
            _submit(obligation, user)


def test_a_late_report_is_late(obligation, commune_editor):
    submission = _submit(obligation, commune_editor, when=at(date(2026, 7, 16)))
    assert submission.late is True
    assert submission.versions.get().late is True


def test_returned_corrected_resubmitted_accepted(obligation, commune_editor, province_staff):
    submission = _submit(obligation, commune_editor)
    with pytest.raises(ValidationError):
        services.return_submission(acting_user=province_staff, submission=submission, comment=" ")
    services.return_submission(
        acting_user=province_staff, submission=submission, comment="Làm rõ số hộ được hỗ trợ."
    )
    submission.refresh_from_db()
    assert submission.status == Status.RETURNED
    first = submission.versions.get()
    assert first.decision == Decision.RETURNED
    assert first.comment == "Làm rõ số hộ được hỗ trợ."
    with pytest.raises(ValidationError):  # nothing to accept now
        services.accept_submission(acting_user=province_staff, submission=submission)
    _submit(
        obligation,
        commune_editor,
        when=at(date(2026, 7, 20)),
        indicators={"ho_duoc_ho_tro": "1200"},
    )
    submission.refresh_from_db()
    assert submission.late is False  # the first submission was on time
    assert submission.versions.count() == 2
    services.accept_submission(acting_user=province_staff, submission=submission)
    submission.refresh_from_db()
    assert submission.status == Status.ACCEPTED
    second = submission.versions.get(number=2)
    assert second.decision == Decision.ACCEPTED
    assert second.indicators[0]["value"] == 1200
    with pytest.raises(ValidationError):  # accepted is final
        _submit(obligation, commune_editor)
    actions = list(
        AuditEvent.objects.filter(action__startswith="submissions.submission.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "submissions.submission.submitted",
        "submissions.submission.returned",
        "submissions.submission.resubmitted",
        "submissions.submission.accepted",
    ]


def test_only_the_level_above_reviews(obligation, commune_editor):
    submission = _submit(obligation, commune_editor)
    other_province = user_with_role("staff", unit=initiatives.dong_thap())
    province_viewer = user_with_role("viewer", unit=tuyen_quang())
    for user in (commune_editor, other_province, province_viewer):
        with pytest.raises(OutOfScope):
            services.accept_submission(acting_user=user, submission=submission)
        with pytest.raises(OutOfScope):
            services.return_submission(acting_user=user, submission=submission, comment="?")


def test_notices_go_to_the_other_side(obligation, commune_editor, province_staff):
    from danvan.reviews.models import Notification

    submission = _submit(obligation, commune_editor)
    assert Notification.objects.get(user=province_staff).text == (
        "Xã Bình An đã gửi báo cáo “Báo cáo kết quả công tác dân vận” 6 tháng đầu năm 2026"
    )
    services.return_submission(acting_user=province_staff, submission=submission, comment="Bổ sung")
    assert "trả lại" in Notification.objects.get(user=commune_editor).text


def test_a_stale_form_is_refused(obligation, commune_editor):
    draft = services.save_draft(
        acting_user=commune_editor,
        obligation=obligation,
        period=H1_2026,
        indicators={},
        sections={},
    )
    with pytest.raises(ValidationError):
        services.save_draft(
            acting_user=commune_editor,
            obligation=obligation,
            period=H1_2026,
            indicators={},
            sections={},
            version=draft.version - 1,
        )


def test_no_report_for_a_period_the_template_has_not_or_the_unit_did_not_exist(
    obligation, commune_editor
):
    with pytest.raises(ValidationError):
        services.save_draft(
            acting_user=commune_editor,
            obligation=obligation,
            period=Period(date(2026, 1, 1), date(2026, 9, 30)),
            indicators={},
            sections={},
        )
    # Xã Bình An of today exists from 1/7/2025: it does not report the first 6 months of 2025.
    with pytest.raises(ValidationError):
        services.save_draft(
            acting_user=commune_editor,
            obligation=obligation,
            period=Period(date(2025, 1, 1), date(2025, 6, 30)),
            indicators={},
            sections={},
        )


def test_an_organisation_reports_to_its_parent(template):
    from tests.factories.organizations import make_organization

    parent = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang")
    child = make_organization(name="Hội Nông dân tỉnh Tuyên Quang", parent=parent)
    obligation = services.add_obligation(acting_user=None, template=template, organization=child)
    assert obligation.receiver_organization == parent
    assert obligation.receiver_name() == "Ban Dân vận Tỉnh ủy Tuyên Quang"
    own = user_with_role("unit_editor", organization=child)
    above = user_with_role("staff", organization=parent)
    with pytest.raises(OutOfScope):
        _submit(obligation, above)
    submission = _submit(obligation, own)
    assert submission.versions.get().figures[0]["code"] == "registered"
    with pytest.raises(OutOfScope):
        services.accept_submission(acting_user=own, submission=submission)
    services.accept_submission(acting_user=above, submission=submission)
    submission.refresh_from_db()
    assert submission.status == Status.ACCEPTED
    with pytest.raises(ValidationError):  # once per template
        services.add_obligation(acting_user=None, template=template, organization=child)
