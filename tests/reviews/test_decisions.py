"""The committee's decisions: levels and documents, bulk decisions on the initiative's
timeline with their notices, a second decision replacing the first, recognitions in scope."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from danvan.core.models import AuditEvent
from danvan.reviews import queries, services
from danvan.reviews.models import Notification, Recognition
from tests.factories.organizations import tuyen_quang
from tests.permissions import user_with_role
from tests.reviews.factories import (
    make_committee,
    make_decision,
    make_initiative,
    make_reviewer,
    open_round_with,
)

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---- decisions -----------------------------------------------------------------------------


def _closed_round(initiatives, **data):
    review_round = open_round_with(initiatives, [make_reviewer(), make_reviewer()], **data)
    return services.transition_round(review_round=review_round, to_state="closed", acting_user=None)


def test_deciding_before_the_round_is_closed_is_refused():
    initiative = make_initiative()
    review_round = open_round_with([initiative], [make_reviewer()], per=1)

    with pytest.raises(ValidationError) as error:
        services.decide(
            review_round=review_round,
            initiatives=[initiative],
            outcome="recognised",
            level="district",
            decision=make_decision(issuer=review_round.committee),
            decided_on=date(2023, 12, 20),
            seen={},
            acting_user=None,
        )

    assert _messages(error.value) == (
        "Chỉ ra quyết định khi đợt đã đóng (đợt đang ở trạng thái đang chấm điểm)."
    )
    assert Recognition.objects.count() == 0


def test_a_recognition_needs_its_level_and_a_decision_document():
    initiative = make_initiative()
    review_round = _closed_round([initiative])
    plan = make_decision(issuer=review_round.committee)
    plan.kind = "ke_hoach"
    plan.save()

    with pytest.raises(ValidationError) as error:
        services.decide(
            review_round=review_round,
            initiatives=[initiative],
            outcome="recognised",
            decision=plan,
            decided_on=date(2023, 12, 20),
            seen={},
            acting_user=None,
        )

    assert error.value.message_dict == {
        "level": ["Hãy chọn cấp công nhận."],
        "decision": ["Văn bản được dẫn phải là một quyết định."],
    }


def test_bulk_decisions_are_recorded_on_the_initiatives_timeline_and_notified(
    django_capture_on_commit_callbacks,
):
    owner = make_committee(name="Chi bộ Văn phòng Huyện ủy")
    editor = user_with_role("unit_editor", organization=owner)
    staff = user_with_role("staff", organization=owner)
    chair = user_with_role("staff", unit=tuyen_quang())
    first = make_initiative(
        name="Vận động nhân dân xây dựng môi trường xanh", owner_organization=owner
    )
    second = make_initiative(name="Mô hình khác")
    review_round = _closed_round([first, second])
    decision = make_decision(issuer=review_round.committee, number="45-QĐ/BCĐ")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        recognitions = services.decide(
            review_round=review_round,
            initiatives=[first, second],
            outcome="recognised",
            level="district",
            decision=decision,
            decided_on=date(2023, 12, 20),
            seen={},
            acting_user=chair,
        )

    assert [(r.initiative.name, str(r)) for r in recognitions] == [
        ("Vận động nhân dân xây dựng môi trường xanh", "công nhận (cấp huyện)"),
        ("Mô hình khác", "công nhận (cấp huyện)"),
    ]
    event = AuditEvent.objects.for_object(first).get(action="reviews.recognition.decided")
    assert event.message == "công nhận (cấp huyện) — Quyết định số 45-QĐ/BCĐ ngày 20/12/2023"
    assert event.actor == chair
    notified = Notification.objects.filter(kind="decision").values_list("user_id", "text")
    assert sorted(notified) == sorted(
        [
            (editor.pk, "Vận động nhân dân xây dựng môi trường xanh: công nhận (cấp huyện)"),
            (staff.pk, "Vận động nhân dân xây dựng môi trường xanh: công nhận (cấp huyện)"),
        ]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([editor.email, staff.email])


def test_a_second_decision_replaces_the_first_and_both_are_audited():
    initiative = make_initiative()
    review_round = _closed_round([initiative])
    decision = make_decision(issuer=review_round.committee)
    common = {"review_round": review_round, "initiatives": [initiative], "decision": decision}
    services.decide(
        **common, outcome="strengthen", decided_on=date(2023, 12, 20), seen={}, acting_user=None
    )

    services.decide(
        **common,
        outcome="outstanding",
        level="district",
        decided_on=date(2023, 12, 20),
        seen={initiative.pk: 1},  # the first decision, as the table showed it
        acting_user=None,
    )

    assert [str(r) for r in Recognition.objects.filter(initiative=initiative)] == [
        "tiêu biểu (cấp huyện)"
    ]
    assert list(
        AuditEvent.objects.for_object(initiative)
        .filter(action__startswith="reviews.recognition")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["reviews.recognition.decided", "reviews.recognition.changed"]
    changed = AuditEvent.objects.for_object(initiative).get(action="reviews.recognition.changed")
    assert changed.message == (
        f"cần củng cố → tiêu biểu (cấp huyện) — Quyết định số {decision.number} ngày 20/12/2023"
    )
    recognition = Recognition.objects.get(initiative=initiative)
    on_recognition = AuditEvent.objects.for_object(recognition).order_by("id").last()
    assert on_recognition.changes["outcome"] == ["cần củng cố", "tiêu biểu"]


def test_recognitions_between_dates_and_visible_in_scope():
    inside = make_initiative(name="Trong phạm vi")
    review_round = _closed_round([inside])
    decision = make_decision(issuer=review_round.committee)
    services.decide(
        review_round=review_round,
        initiatives=[inside],
        outcome="outstanding",
        level="province",
        decision=decision,
        decided_on=date(2023, 12, 20),
        seen={},
        acting_user=None,
    )
    from tests.initiatives.factories import thap_muoi

    elsewhere = make_initiative(name="Ngoài phạm vi", place=thap_muoi())
    services.record_recognition(
        initiative=elsewhere,
        outcome="recognised",
        level="commune",
        decision=make_decision(
            issuer=review_round.committee, number="3-QĐ/BCĐ", day=date(2024, 1, 5)
        ),
        decided_on=date(2024, 1, 5),
        acting_user=None,
    )
    from danvan.initiatives.models import Initiative

    between = queries.recognitions_between(
        initiatives=Initiative.objects.all(), date_from=date(2023, 1, 1), date_to=date(2023, 12, 31)
    )
    viewer = user_with_role("viewer", unit=review_round.committee.unit)

    assert [r.initiative.name for r in between] == ["Trong phạm vi"]
    assert [r.initiative.name for r in queries.recognitions_visible_to(viewer)] == ["Trong phạm vi"]


def test_a_decision_dated_otherwise_than_its_quyet_dinh_is_refused():
    initiative = make_initiative(name="Mô hình Dân vận khéo")
    review_round = _closed_round([initiative])
    decision = make_decision(issuer=review_round.committee, day=date(2023, 12, 20))
    with pytest.raises(ValidationError) as refused:
        services.decide(
            review_round=review_round,
            initiatives=[initiative],
            outcome="recognised",
            level="province",
            decision=decision,
            decided_on=date(2020, 12, 20),
            seen={},
            acting_user=None,
        )
    assert refused.value.message_dict["decided_on"] == [
        "Ngày quyết định phải trùng với ngày ban hành của quyết định được viện dẫn (20/12/2023)."
    ]
    assert not Recognition.objects.filter(initiative=initiative).exists()
    with pytest.raises(ValidationError):
        services.record_recognition(
            initiative=initiative,
            outcome="recognised",
            level="province",
            decision=decision,
            decided_on=date(2020, 12, 20),
            acting_user=None,
        )
