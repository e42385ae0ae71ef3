"""Issue 11, finding 8 (reviews): a stale tab never overwrites a review, from its first save on;
a decision taken meanwhile by another committee member is refused, naming who decided what."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from danvan.reviews import services
from danvan.reviews.models import Recognition, Review, ReviewRound
from tests.factories.organizations import tuyen_quang
from tests.permissions import user_with_role
from tests.reviews.factories import (
    make_decision,
    make_initiative,
    make_reviewer,
    open_round_with,
    score,
)

pytestmark = pytest.mark.django_db

STALE = (
    "Có người khác đã sửa hồ sơ này trong lúc đồng chí đang sửa. "
    "Hãy tải lại trang để xem thay đổi đó rồi sửa lại."
)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    return " ".join(response.content.decode().split())


# ---- reviews ------------------------------------------------------------------------------------


@pytest.fixture
def assignment():
    review_round = open_round_with([make_initiative()], [make_reviewer()], per=1)
    return review_round.assignments.get()


def test_a_second_tab_cannot_overwrite_the_first_save_of_a_review(assignment):
    # Both tabs opened before any save: both saw no review (version 0).
    score(assignment, (8, 6, 7, 9, 10, 5), version=0)

    with pytest.raises(ValidationError) as error:
        score(assignment, (1, 1, 1, 1, 1, 1), version=0)

    assert error.value.messages == [STALE]
    review = Review.objects.get(assignment=assignment)
    assert review.weighted_score == Decimal("7.450")


def test_a_stale_first_save_in_the_browser_is_refused_and_keeps_the_typed_scores(assignment):
    reviewer = assignment.reviewer
    first_tab, second_tab = _client(reviewer), _client(reviewer)
    criteria = list(assignment.round.criteria_set.criteria.all())
    form = _text(second_tab.get(f"/cham-diem/{assignment.pk}/"))
    assert 'name="version" value="0"' in form

    first_tab.post(
        f"/cham-diem/{assignment.pk}/",
        {**{f"score_{c.pk}": "8" for c in criteria}, "version": "0", "action": "submit"},
    )
    page = _text(
        second_tab.post(
            f"/cham-diem/{assignment.pk}/",
            {**{f"score_{c.pk}": "3" for c in criteria}, "version": "0", "action": "submit"},
        )
    )

    assert STALE in page
    assert f'name="score_{criteria[0].pk}" value="3"' in page
    assert Review.objects.get(assignment=assignment).weighted_score == Decimal("8.000")


def test_a_review_saved_from_the_version_it_started_from_is_saved(assignment):
    first = score(assignment, (8, 6, 7, 9, 10, 5), submit=False, version=0)

    second = score(assignment, (9, 6, 7, 9, 10, 5), version=first.version)

    assert second.weighted_score == Decimal("7.700")
    assert second.version == first.version + 1


# ---- decisions --------------------------------------------------------------------------------


@pytest.fixture
def closed():
    initiative = make_initiative(name="Tuyến đường hoa tự quản")
    review_round = open_round_with([initiative], [make_reviewer()], per=1)
    score(review_round.assignments.get())
    review_round = services.transition_round(
        review_round=review_round, to_state="closed", acting_user=None
    )
    decision = make_decision(issuer=review_round.committee, number="45-QĐ/BCĐ")
    return review_round, initiative, decision


def _member(name: str):
    return user_with_role("staff", unit=tuyen_quang(), full_name=name)


def _decide(review_round, initiative, decision, *, outcome, seen, by):
    level = "district" if outcome in {"recognised", "outstanding"} else ""
    return services.decide(
        review_round=review_round,
        initiatives=[initiative],
        outcome=outcome,
        level=level,
        decision=decision,
        decided_on=date(2023, 12, 20),
        seen=seen,
        acting_user=by,
    )


def test_a_decision_taken_meanwhile_by_another_member_is_refused_naming_who(closed):
    review_round, initiative, decision = closed
    first, second = _member("Hoàng Văn An"), _member("Lý Thị Bình")
    # Both opened the table while the model was undecided.
    _decide(review_round, initiative, decision, outcome="outstanding", seen={}, by=first)

    with pytest.raises(ValidationError) as error:
        _decide(review_round, initiative, decision, outcome="not_met", seen={}, by=second)

    assert error.value.messages == [
        f"Chưa ghi quyết định: {initiative.code} vừa được Hoàng Văn An quyết định trong lúc "
        "đồng chí đang xem: tiêu biểu (cấp huyện) (Quyết định số 45-QĐ/BCĐ ngày 20/12/2023). "
        "Hãy tải lại bảng để xem các quyết định hiện có rồi quyết định lại."
    ]
    recognition = Recognition.objects.get()
    assert (recognition.outcome, recognition.version, recognition.decided_by) == (
        "outstanding",
        1,
        first,
    )


def test_a_member_who_saw_the_decision_may_change_it_and_is_recorded(closed):
    review_round, initiative, decision = closed
    first, second = _member("Hoàng Văn An"), _member("Lý Thị Bình")
    _decide(review_round, initiative, decision, outcome="outstanding", seen={}, by=first)

    _decide(
        review_round, initiative, decision, outcome="strengthen", seen={initiative.pk: 1}, by=second
    )
    with pytest.raises(ValidationError):  # the first member's table still shows version 1
        _decide(
            review_round,
            initiative,
            decision,
            outcome="recognised",
            seen={initiative.pk: 1},
            by=first,
        )

    recognition = Recognition.objects.get()
    assert (recognition.outcome, recognition.version, recognition.decided_by) == (
        "strengthen",
        2,
        second,
    )
    assert recognition.created_by == first


def test_the_committee_table_refuses_a_decision_taken_meanwhile_then_takes_it_reloaded(closed):
    review_round, initiative, decision = closed
    first, second = _member("Hoàng Văn An"), _member("Lý Thị Bình")
    client = _client(second)
    table = _text(client.get(f"/binh-xet/{review_round.pk}/bang/"))
    assert f'name="seen-{initiative.pk}" value="0"' in table
    _decide(review_round, initiative, decision, outcome="outstanding", seen={}, by=first)
    form = {
        "pick": [initiative.pk],
        f"seen-{initiative.pk}": "0",  # what the table showed: no decision
        "outcome": "not_met",
        "decision": decision.pk,
        "decided_on": "20/12/2023",
    }

    refused = _text(client.post(f"/binh-xet/{review_round.pk}/quyet-dinh/", form))
    assert "vừa được Hoàng Văn An quyết định trong lúc đồng chí đang xem" in refused
    assert Recognition.objects.get().outcome == "outstanding"

    reloaded = _text(client.get(f"/binh-xet/{review_round.pk}/bang/"))
    assert f'name="seen-{initiative.pk}" value="1"' in reloaded
    taken = client.post(
        f"/binh-xet/{review_round.pk}/quyet-dinh/", {**form, f"seen-{initiative.pk}": "1"}
    )
    assert taken.status_code == 302
    recognition = Recognition.objects.get()
    assert (recognition.outcome, recognition.decided_by) == ("not_met", second)


def test_garbled_ticks_and_versions_are_ignored_never_a_500(closed):
    review_round, initiative, decision = closed
    client = _client(_member("Hoàng Văn An"))

    response = client.post(
        f"/binh-xet/{review_round.pk}/quyet-dinh/",
        {
            "pick": ["²", "9" * 40, "abc", str(initiative.pk)],
            f"seen-{initiative.pk}": "x",
            "outcome": "not_met",
            "decision": decision.pk,
            "decided_on": "20/12/2023",
        },
    )

    assert response.status_code == 302
    assert Recognition.objects.get().outcome == "not_met"


def test_a_garbled_round_version_is_a_stale_edit_never_a_500():
    from tests.reviews.factories import make_round

    review_round = make_round()
    client = _client(_member("Hoàng Văn An"))
    data = {
        "name": "Tên mới",
        "committee": review_round.committee_id,
        "scope_unit": review_round.scope_unit_id,
        "period_start": "01/01/2023",
        "period_end": "31/12/2023",
        "deadline": "30/11/2023",
        "criteria_set": review_round.criteria_set_id,
        "reviewers_per_initiative": "2",
    }

    pages = [
        client.post(f"/binh-xet/{review_round.pk}/sua/", {**data, "version": garbled})
        for garbled in ("abc", "²", "9" * 40, "")
    ]

    assert [page.status_code for page in pages] == [200] * 4
    assert all(STALE in _text(page) for page in pages)
    assert ReviewRound.objects.get(pk=review_round.pk).name == review_round.name
