"""The permission matrix of the review pages: the committee's staff and leaders see a round of
a committee in their scope; reviewers only their own assignments; out of scope is 404."""

import pytest

from tests.factories.organizations import dong_thap, tuyen_quang
from tests.permissions import check_matrix
from tests.reviews.factories import (
    make_committee,
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
    "suffix", ["", "bang/", "ket-qua.xlsx", "bien-ban.pdf"], ids=["page", "table", "xlsx", "pdf"]
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
        },
    )


def test_a_recognition_outside_a_round_is_entered_by_staff_of_the_models_scope():
    from tests.initiatives.factories import thap_muoi

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
