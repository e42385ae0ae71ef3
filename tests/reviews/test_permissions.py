"""The permission matrix of the review pages: the committee's staff and leaders see a round of
a committee in their scope; reviewers only their own assignments; out of scope is 404."""

from datetime import date
from itertools import count

import pytest

from danvan.core.models import AuditEvent
from danvan.reviews import services
from danvan.reviews.models import Assignment, Recognition, Review, ReviewRound, RoundEntry
from tests.factories.organizations import dong_thap, tuyen_quang
from tests.initiatives.factories import binh_an, thap_muoi
from tests.permissions import check_matrix
from tests.reviews.factories import (
    make_committee,
    make_decision,
    make_initiative,
    make_reviewer,
    make_round,
    open_round_with,
)

pytestmark = pytest.mark.django_db

READERS = {"admin": (200, 404), "staff": (200, 404), "viewer": (200, 404)}
MANAGERS_POST = {"admin": (302, 404), "staff": (302, 404), "viewer": (403, 404)}


@pytest.fixture
def rounds():
    inside = make_round()
    outside = make_round(
        committee=make_committee(name="Ban Chỉ đạo tỉnh Đồng Tháp", unit=dong_thap()),
        scope_unit=dong_thap(),
    )
    return inside, outside


@pytest.mark.parametrize(
    "suffix", ["", "bang/", "ket-qua.xlsx", "bien-ban/"], ids=["page", "table", "xlsx", "minute"]
)
def test_a_round_is_read_by_the_committees_staff_and_leaders_only(rounds, suffix):
    inside, outside = rounds
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/{suffix}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=READERS,
    )


def test_a_round_is_edited_by_the_committees_staff_only(rounds):
    inside, outside = rounds
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect={"admin": (200, 404), "staff": (200, 404), "viewer": (403, 404)},
    )


@pytest.mark.parametrize("action", ["trang-thai/", "loc/", "phan-cong-tu-dong/", "quyet-dinh/"])
def test_round_actions_are_for_the_committees_staff_only(rounds, action):
    inside, outside = rounds
    expect = dict(MANAGERS_POST)
    renders = action in {"quyet-dinh/", "phan-cong-tu-dong/"}
    if renders:
        # A refused decision re-displays the table with the reason; automatic assignment
        # shows the round page with the models left short.
        expect.update(admin=(200, 404), staff=(200, 404))
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/{action}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data={"to_state": "open"},
        expect=expect,
        superuser=(200, 200) if renders else (302, 302),
    )


def test_a_scoring_form_exists_only_for_its_reviewer():
    first = open_round_with([make_initiative()], [make_reviewer()], per=1)
    second = open_round_with([make_initiative(name="Mô hình khác")], [make_reviewer()], per=1)
    check_matrix(
        url_for=lambda r: f"/cham-diem/{r.assignments.get().pk}/",
        inside=first,
        outside=second,
        scope_unit=tuyen_quang(),
        expect={},
        superuser=(404, 404),
    )


def test_creating_a_round_is_for_staff_and_administrators(rounds):
    inside, outside = rounds
    check_matrix(
        url_for=lambda r: "/binh-xet/tao/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect={
            "admin": (200, 200),
            "staff": (200, 200),
            "viewer": (403, 403),
            "reviewer": (403, 403),
            "unit_editor": (403, 403),
            "portal_editor": (403, 403),
            "portal_moderator": (403, 403),
        },
    )


def test_a_recognition_outside_a_round_is_entered_by_staff_of_the_models_scope():

    inside = make_initiative(name="Trong phạm vi")
    outside = make_initiative(name="Ngoài phạm vi", place=thap_muoi())
    check_matrix(
        url_for=lambda i: f"/mo-hinh/{i.pk}/cong-nhan/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect={
            "admin": (200, 404),
            "staff": (200, 404),
            "viewer": (403, 404),
            "reviewer": (403, 404),
            "unit_editor": (403, 404),
        },
    )


# ---- every other review URL taking an id, GET and POST, with what a POST may change ----------

_fresh = count(1)


def _place_of(review_round):
    """A place of the round's own province (Tuyên Quang inside, Đồng Tháp outside)."""
    return binh_an() if review_round.scope_unit == tuyen_quang() else thap_muoi()


def _fresh_model(review_round):
    """A new model of the round's province, not in the round."""
    return make_initiative(
        name=f"Mô hình mới {next(_fresh)}", place=_place_of(review_round), acting_user=None
    )


def _fresh_entry(review_round):
    """A new model of the round's province, put in the round by the system."""
    initiative = _fresh_model(review_round)
    services.include_initiative(review_round=review_round, initiative=initiative, acting_user=None)
    return initiative


def _reviewer_of(review_round):
    return make_reviewer(unit=review_round.committee.unit)


def _edit_data(review_round):
    current = ReviewRound.objects.get(pk=review_round.pk)
    return {
        "name": f"Đợt đã sửa {next(_fresh)}",
        "committee": current.committee_id,
        "scope_unit": current.scope_unit_id,
        "period_start": "01/01/2023",
        "period_end": "31/12/2023",
        "deadline": "30/11/2023",
        "criteria_set": current.criteria_set_id,
        "reviewers_per_initiative": "2",
        "version": str(current.version),
    }


def test_a_round_edit_is_saved_by_its_committees_staff_only(rounds):
    inside, outside = rounds
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=_edit_data,
        snapshot=lambda r: ReviewRound.objects.values("name", "version").get(pk=r.pk),
        expect=MANAGERS_POST,
        superuser=(302, 302),
    )


def test_a_model_is_added_to_a_round_by_its_committees_staff_only(rounds):
    inside, outside = rounds
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/them/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=lambda r: {"initiative": _fresh_model(r).pk},
        snapshot=lambda r: sorted(services.eligible_entries(r).values_list("pk", flat=True)),
        expect=MANAGERS_POST,
        superuser=(302, 302),
    )


def test_a_model_is_removed_from_a_round_by_its_committees_staff_only(rounds):
    inside, outside = rounds
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/bo/{_fresh_entry(r).pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda r: RoundEntry.objects.filter(round=r, excluded=True).count(),
        expect=MANAGERS_POST,
        superuser=(302, 302),
    )


def test_a_reviewer_is_assigned_by_the_committees_staff_only(rounds):
    inside, outside = rounds
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/phan-cong/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=lambda r: {"initiative": _fresh_entry(r).pk, "reviewer": _reviewer_of(r).pk},
        snapshot=lambda r: Assignment.objects.filter(round=r).count(),
        expect=MANAGERS_POST,
        superuser=(302, 302),
    )


def _fresh_assignment(review_round):
    return services.assign_reviewer(
        review_round=review_round,
        initiative=_fresh_entry(review_round),
        reviewer=_reviewer_of(review_round),
        acting_user=None,
    )


def test_an_assignment_is_removed_by_the_committees_staff_only(rounds):
    inside, outside = rounds
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/phan-cong/{_fresh_assignment(r).pk}/bo/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda r: (
            AuditEvent.objects.for_object(r).filter(action="reviews.assignment.removed").count()
        ),
        expect=MANAGERS_POST,
        superuser=(302, 302),
    )


def test_a_scoring_form_accepts_scores_from_its_reviewer_only():
    first = open_round_with([make_initiative()], [make_reviewer()], per=1)
    second = open_round_with([make_initiative(name="Mô hình khác")], [make_reviewer()], per=1)
    criteria = list(first.criteria_set.criteria.all())
    check_matrix(
        url_for=lambda r: f"/cham-diem/{r.assignments.get().pk}/",
        inside=first,
        outside=second,
        scope_unit=tuyen_quang(),
        method="post",
        data={**{f"score_{c.pk}": "9" for c in criteria}, "action": "submit", "version": "0"},
        snapshot=lambda r: Review.objects.filter(round=r).count(),
        expect={},
        superuser=(404, 404),
    )


def test_a_recognition_outside_a_round_is_saved_by_staff_of_the_models_scope():
    inside = make_initiative(name="Trong phạm vi")
    outside = make_initiative(name="Ngoài phạm vi", place=thap_muoi())
    decision = make_decision(issuer=make_committee(), day=date(2024, 1, 15))
    check_matrix(
        url_for=lambda i: f"/mo-hinh/{i.pk}/cong-nhan/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data={
            "outcome": "recognised",
            "level": "province",
            "decision": decision.pk,
            "decided_on": "15/01/2024",
        },
        snapshot=lambda i: Recognition.objects.filter(initiative=i).count(),
        expect={
            "admin": (302, 404),
            "staff": (302, 404),
            "viewer": (403, 404),
            "reviewer": (403, 404),
            "unit_editor": (403, 404),
        },
        superuser=(302, 302),
    )
