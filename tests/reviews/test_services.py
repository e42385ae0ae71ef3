"""The round's state rules, assignment without conflicts of interest, scoring, the committee
table and reminders, asserted on values (decisions: ``test_decisions.py``)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from danvan.core.models import AuditEvent
from danvan.core.permissions import OutOfScope
from danvan.organizations.models import Membership
from danvan.reviews import queries, services
from danvan.reviews.models import Notification
from tests.factories.organizations import make_person
from tests.reviews.factories import (
    make_committee,
    make_decision,
    make_initiative,
    make_reviewer,
    make_round,
    open_round_with,
    score,
)

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---- states ----------------------------------------------------------------------------------


def test_a_round_only_opens_with_reviewers_assigned():
    review_round = make_round()

    with pytest.raises(ValidationError) as error:
        services.transition_round(review_round=review_round, to_state="open", acting_user=None)

    assert _messages(error.value) == "Hãy phân công người chấm trước khi mở đợt."


def test_a_draft_round_cannot_be_closed_or_decided():
    review_round = make_round()

    for target in ("closed", "decided"):
        with pytest.raises(ValidationError) as error:
            services.transition_round(review_round=review_round, to_state=target, acting_user=None)
        assert "Đợt đang ở trạng thái bản nháp không thể chuyển sang" in _messages(error.value)


def test_a_round_goes_draft_open_closed_decided_and_stays_decided():
    initiative = make_initiative()
    review_round = open_round_with([initiative], [make_reviewer(), make_reviewer()])
    closed = services.transition_round(
        review_round=review_round, to_state="closed", acting_user=None
    )
    committee = closed.committee

    with pytest.raises(ValidationError) as error:
        services.transition_round(review_round=closed, to_state="decided", acting_user=None)
    assert _messages(error.value) == "1 mô hình, điển hình của đợt chưa có quyết định."

    services.decide(
        review_round=closed,
        initiatives=[initiative],
        outcome="not_met",
        decision=make_decision(issuer=committee),
        decided_on=date(2023, 12, 20),
        seen={},
        acting_user=None,
    )
    decided = services.transition_round(review_round=closed, to_state="decided", acting_user=None)

    assert decided.state == "decided"
    with pytest.raises(ValidationError):
        services.transition_round(review_round=decided, to_state="open", acting_user=None)
    actions = list(
        AuditEvent.objects.for_object(decided).order_by("id").values_list("action", flat=True)
    )
    assert [a for a in actions if a.startswith("reviews.round.") and a.count(".") == 2][-3:] == [
        "reviews.round.open",
        "reviews.round.closed",
        "reviews.round.decided",
    ]


def test_the_committee_must_be_a_steering_committee():
    from tests.factories.organizations import make_organization

    with pytest.raises(ValidationError) as error:
        make_round(committee=make_organization(name="Ban Dân vận Tỉnh ủy"))

    assert error.value.message_dict["committee"] == ["Hãy chọn một Ban Chỉ đạo."]


def test_the_filter_takes_the_models_of_the_period_and_scope_and_keeps_hand_removals():
    in_2023 = make_initiative(name="Mô hình 2023")
    removed = make_initiative(name="Mô hình bị loại")
    make_initiative(name="Mô hình 2022", year=2022)
    make_initiative(name="Mô hình bản nháp", status="draft")
    review_round = make_round()

    assert services.apply_filter(review_round=review_round, acting_user=None) == 2
    services.exclude_initiative(review_round=review_round, initiative=removed, acting_user=None)
    assert services.apply_filter(review_round=review_round, acting_user=None) == 0

    eligible = services.eligible_entries(review_round).values_list("initiative__name", flat=True)
    assert list(eligible) == [in_2023.name]


# ---- assignment --------------------------------------------------------------------------------


def test_automatic_assignment_never_gives_a_reviewer_their_own_organisations_model():
    owner = make_committee(name="Chi bộ thôn Khuổi Tẩu")  # any organisation carrying models out
    member = make_person(full_name="Hoàng Văn Thành viên")
    Membership.objects.create(person=member, organization=owner)
    conflicted = make_reviewer(name="Người chấm có xung đột", person=member)
    others = [make_reviewer(name=f"Người chấm {n}") for n in ("A", "B", "C")]
    own = make_initiative(name="Mô hình của chi bộ", owner_organization=owner)
    rest = [make_initiative(name=f"Mô hình {n}") for n in range(5)]
    review_round = make_round(reviewers=[conflicted, *others], per=2)
    services.apply_filter(review_round=review_round, acting_user=None)

    result = services.assign_automatically(review_round=review_round, acting_user=None)

    assert result.created == 12
    assert result.short == []
    own_reviewers = set(
        review_round.assignments.filter(initiative=own).values_list(
            "reviewer__full_name", flat=True
        )
    )
    assert conflicted.full_name not in own_reviewers
    assert len(own_reviewers) == 2
    loads = sorted(
        review_round.assignments.filter(reviewer=user).count() for user in [conflicted, *others]
    )
    assert loads == [3, 3, 3, 3]  # 12 assignments over 4 reviewers: balanced
    assert {a.initiative_id for a in review_round.assignments.all()} == {i.pk for i in [own, *rest]}


def test_a_model_left_without_a_valid_reviewer_says_why():
    person = make_person(full_name="Lý Thị Chủ mô hình")
    owner_reviewer = make_reviewer(name="Lý Thị Chủ mô hình", person=person)
    other = make_reviewer(name="Nông Văn Khác")
    initiative = make_initiative(name="Mô hình cá nhân", owner_person=person)
    review_round = make_round(reviewers=[owner_reviewer, other], per=2)
    services.apply_filter(review_round=review_round, acting_user=None)

    result = services.assign_automatically(review_round=review_round, acting_user=None)

    assert result.created == 1
    assert [(i.name, missing, reason) for i, missing, reason in result.short] == [
        (
            "Mô hình cá nhân",
            1,
            "đợt có 2 người chấm, 1 người đã được phân công, xung đột lợi ích: "
            "Lý Thị Chủ mô hình là người thực hiện mô hình",
        )
    ]
    assert initiative.pk in set(review_round.assignments.values_list("initiative_id", flat=True))


def test_assigning_by_hand_is_refused_on_a_conflict_of_interest():
    owner = make_committee(name="Hội Nông dân xã Phúc Lộc")
    person = make_person(full_name="Triệu Văn Hội viên")
    Membership.objects.create(person=person, organization=owner)
    reviewer = make_reviewer(name="Triệu Văn Hội viên", person=person)
    initiative = make_initiative(owner_organization=owner)
    review_round = make_round()
    services.include_initiative(review_round=review_round, initiative=initiative, acting_user=None)

    with pytest.raises(ValidationError) as error:
        services.assign_reviewer(
            review_round=review_round, initiative=initiative, reviewer=reviewer, acting_user=None
        )

    assert _messages(error.value) == (
        "Xung đột lợi ích: Triệu Văn Hội viên thuộc tổ chức thực hiện mô hình."
    )


def test_an_assignment_in_an_open_round_is_notified_in_the_app_and_by_email(
    django_capture_on_commit_callbacks,
):
    reviewer = make_reviewer(name="Hà Thị Chấm")
    with django_capture_on_commit_callbacks(execute=True):
        open_round_with([make_initiative()], [reviewer], per=1)

    notice = Notification.objects.get(user=reviewer)
    assert notice.text == "1 mô hình cần chấm trong “Bình xét mô hình Dân vận khéo năm 2023”"
    assert notice.url == "/cham-diem/"
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert mail.outbox[0].subject == f"danvan: {notice.text}"
    assert "Đề nghị đồng chí chấm trước ngày 30/11/2023" in mail.outbox[0].body


# ---- scoring ------------------------------------------------------------------------------------


def test_the_weighted_score_is_the_weighted_mean_of_the_criteria():
    review_round = open_round_with([make_initiative()], [make_reviewer()], per=1)
    assignment = review_round.assignments.get()

    review = score(assignment, (8, 6, 7, 9, 10, 5))

    # (8×25 + 6×20 + 7×20 + 9×15 + 10×10 + 5×10) / 100
    assert review.weighted_score == Decimal("7.450")
    assert review.submitted_at is not None


def test_submitting_needs_every_criterion_on_the_scale():
    review_round = open_round_with([make_initiative()], [make_reviewer()], per=1)
    assignment = review_round.assignments.get()
    criteria = list(review_round.criteria_set.criteria.all())

    with pytest.raises(ValidationError) as error:
        services.save_review(
            assignment=assignment,
            scores={criteria[0].pk: Decimal(11), criteria[1].pk: Decimal(5)},
            submit=True,
            version=0,
            acting_user=assignment.reviewer,
        )

    errors = error.value.message_dict
    assert errors[f"score_{criteria[0].pk}"] == ["Điểm từ 0 đến 10."]
    assert errors[f"score_{criteria[2].pk}"] == ["Hãy chấm mọi tiêu chí trước khi gửi."]


def test_a_draft_save_keeps_partial_scores_without_a_weighted_score():
    review_round = open_round_with([make_initiative()], [make_reviewer()], per=1)
    assignment = review_round.assignments.get()
    first = review_round.criteria_set.criteria.first()

    review = services.save_review(
        assignment=assignment,
        scores={first.pk: Decimal(9)},
        version=0,
        acting_user=assignment.reviewer,
    )

    assert review.submitted_at is None
    assert review.weighted_score is None
    assert queries.review_scores(review) == {first.pk: Decimal("9.00")}


def test_scores_may_change_until_the_round_closes_then_late_edits_are_refused():
    review_round = open_round_with([make_initiative()], [make_reviewer()], per=1)
    assignment = review_round.assignments.get()
    score(assignment, (8, 6, 7, 9, 10, 5))
    changed = score(assignment, (9, 6, 7, 9, 10, 5))
    assert changed.weighted_score == Decimal("7.700")
    services.transition_round(review_round=review_round, to_state="closed", acting_user=None)

    with pytest.raises(ValidationError) as error:
        score(assignment, (10, 10, 10, 10, 10, 10))

    assert _messages(error.value) == "Đợt đã đóng: không thể thay đổi điểm nữa."
    assignment.review.refresh_from_db()
    assert assignment.review.weighted_score == Decimal("7.700")


def test_every_score_change_is_audited_with_before_and_after():
    review_round = open_round_with([make_initiative()], [make_reviewer()], per=1)
    assignment = review_round.assignments.get()
    review = score(assignment, (8, 6, 7, 9, 10, 5))
    score(assignment, (9, 6, 7, 9, 10, 5), comment="Lan tỏa tốt")

    events = list(AuditEvent.objects.for_object(review).order_by("id"))

    assert [e.action for e in events] == ["reviews.review.submitted", "reviews.review.saved"]
    assert events[0].changes["Hiệu quả thiết thực"] == [None, "8"]
    assert events[1].changes == {
        "Hiệu quả thiết thực": ["8.00", "9"],
        "comment": ["", "Lan tỏa tốt"],
    }
    assert events[1].actor == assignment.reviewer


def test_only_the_assigned_reviewer_scores():
    review_round = open_round_with([make_initiative()], [make_reviewer()], per=1)
    assignment = review_round.assignments.get()
    intruder = make_reviewer()

    with pytest.raises(OutOfScope):
        services.save_review(assignment=assignment, scores={}, version=0, acting_user=intruder)


def test_other_scores_and_the_aggregate_stay_hidden_until_the_reviewer_submits():
    first, second = make_reviewer(name="Người A"), make_reviewer(name="Người B")
    review_round = open_round_with([make_initiative()], [first, second], per=2)
    mine = review_round.assignments.get(reviewer=first)
    theirs = review_round.assignments.get(reviewer=second)
    score(theirs, (10, 10, 10, 10, 10, 10))

    assert queries.others_reviews(mine) is None
    score(mine, (8, 6, 7, 9, 10, 5), submit=False)
    assert queries.others_reviews(mine) is None

    score(mine, (8, 6, 7, 9, 10, 5))
    shown = queries.others_reviews(mine)

    assert [r.assignment.reviewer.full_name for r in shown["reviews"]] == ["Người B"]
    assert shown["stats"] == {
        "mean": Decimal("8.73"),
        "median": Decimal("8.73"),
        "spread": Decimal("2.55"),
        "count": 2,
    }


# ---- the committee table -------------------------------------------------------------------------


def test_the_committee_table_gives_mean_median_spread_count_and_rank():
    reviewers = [make_reviewer(name=f"Người {n}") for n in "ABC"]
    first = make_initiative(name="Mô hình thứ nhất")
    second = make_initiative(name="Mô hình thứ hai")
    unscored = make_initiative(name="Mô hình chưa chấm")
    review_round = open_round_with([first, second, unscored], reviewers, per=3)
    for assignment, values in zip(
        review_round.assignments.filter(initiative=first).order_by("reviewer__full_name"),
        [(8,) * 6, (6,) * 6, (9,) * 6],
        strict=True,
    ):
        score(assignment, values)
    for assignment in review_round.assignments.filter(initiative=second):
        score(assignment, (9,) * 6)

    rows = queries.committee_table(review_round)

    assert [
        (r["initiative"].name, r["rank"], r["mean"], r["median"], r["spread"], r["count"])
        for r in rows
    ] == [
        ("Mô hình thứ hai", 1, Decimal("9.00"), Decimal("9.00"), Decimal("0.00"), 3),
        ("Mô hình thứ nhất", 2, Decimal("7.67"), Decimal("8.00"), Decimal("3.00"), 3),
        ("Mô hình chưa chấm", None, None, None, None, 0),
    ]
    assert [r["assigned"] for r in rows] == [3, 3, 3]
    filtered = queries.committee_table(review_round, queries.TableFilters(min_mean=Decimal(8)))
    assert [r["initiative"].name for r in filtered] == ["Mô hình thứ hai"]


@pytest.mark.parametrize("size", [1, 3])
def test_the_committee_table_reads_the_same_number_of_queries_whatever_its_size(
    size, django_assert_num_queries
):
    reviewers = [make_reviewer(), make_reviewer()]
    review_round = open_round_with([make_initiative() for _ in range(size)], reviewers, per=2)
    for assignment in review_round.assignments.all():
        score(assignment)

    with django_assert_num_queries(5):
        rows = queries.committee_table(review_round, details=False)
    with django_assert_num_queries(2):
        queries.add_details(rows, review_round)

    assert len(rows) == size
    assert {r["mean"] for r in rows} == {Decimal("7.45")}


# ---- reminders -----------------------------------------------------------------------------------


def test_reviewers_with_models_left_are_reminded_once_before_the_deadline():
    done, late = make_reviewer(name="Đã xong"), make_reviewer(name="Còn việc")
    review_round = open_round_with([make_initiative()], [done, late], per=2)
    score(review_round.assignments.get(reviewer=done))
    Notification.objects.all().delete()

    assert services.send_reminders(today=date(2023, 11, 20)) == 0  # ten days before
    assert services.send_reminders(today=date(2023, 11, 28)) == 1
    assert services.send_reminders(today=date(2023, 11, 29)) == 0  # once

    assert list(Notification.objects.values_list("user__full_name", "text")) == [
        (
            "Còn việc",
            "Còn 1 mô hình cần chấm trong “Bình xét mô hình Dân vận khéo năm 2023” "
            "trước ngày 30/11/2023",
        )
    ]
