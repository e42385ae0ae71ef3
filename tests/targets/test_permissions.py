"""The permission matrix of the targets pages: every role × a programme (target, inspection) of
tỉnh Tuyên Quang, the roles' scope, and one of tỉnh Đồng Tháp. Out of scope is 404; in scope but
not allowed to change is 403."""

from datetime import date
from itertools import count

import pytest

from danvan.core.models import AuditEvent
from danvan.targets.models import Recommendation, TargetValue, TeamMember, WorkingSession
from tests.permissions import check_matrix
from tests.targets.factories import (
    commune_of,
    dong_thap,
    make_inspection,
    make_programme,
    make_target,
    tuyen_quang,
)

pytestmark = pytest.mark.django_db

READERS = {
    "admin": (200, 404),
    "staff": (200, 404),
    "unit_editor": (200, 404),
    "reviewer": (200, 404),
    "viewer": (200, 404),
}
MANAGERS = {
    "admin": (200, 404),
    "staff": (200, 404),
    "unit_editor": (403, 404),
    "reviewer": (403, 404),
    "viewer": (403, 404),
}
MANAGERS_POST = {
    role: (302 if want == 200 else want, out) for role, (want, out) in MANAGERS.items()
}


@pytest.fixture
def programmes():
    return make_programme(), make_programme(unit=dong_thap())


@pytest.fixture
def targets(programmes):
    inside, outside = programmes
    return make_target(inside), make_target(outside)


@pytest.fixture
def inspections():
    return make_inspection(), make_inspection(unit=dong_thap())


@pytest.mark.parametrize(
    "suffix", ["", "so-ket/", "excel/"], ids=["dashboard", "review-document", "excel"]
)
def test_a_programme_is_read_in_its_area_only(programmes, suffix):
    inside, outside = programmes
    check_matrix(
        url_for=lambda p: f"/chi-tieu/{p.pk}/{suffix}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=READERS,
    )


@pytest.mark.parametrize("suffix", ["sua/", "them-chi-tieu/"], ids=["edit", "add-target"])
def test_a_programme_is_changed_by_its_managers_only(programmes, suffix):
    inside, outside = programmes
    check_matrix(
        url_for=lambda p: f"/chi-tieu/{p.pk}/{suffix}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=MANAGERS,
    )


def test_the_figures_are_counted_again_by_the_managers_only(programmes):
    inside, outside = programmes
    check_matrix(
        url_for=lambda p: f"/chi-tieu/{p.pk}/tinh-lai/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        expect=MANAGERS_POST,
        snapshot=lambda p: AuditEvent.objects.filter(
            action="targets.programme.recomputed", object_id=str(p.pk)
        ).count(),
        superuser=(302, 302),
    )


def test_a_target_is_read_in_its_area_only(targets):
    inside, outside = targets
    check_matrix(
        url_for=lambda t: f"/chi-tieu/muc/{t.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=READERS,
    )


@pytest.mark.parametrize("suffix", ["sua/", "phan-bo/"], ids=["edit", "cascade"])
def test_a_target_is_changed_and_split_by_its_managers_only(targets, suffix):
    inside, outside = targets
    check_matrix(
        url_for=lambda t: f"/chi-tieu/muc/{t.pk}/{suffix}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=MANAGERS,
    )


def test_a_figure_is_reported_by_the_units_editors_and_managers(targets):
    inside, outside = targets
    figures = count(1)
    expect = {**MANAGERS, "unit_editor": (200, 404)}
    check_matrix(
        url_for=lambda t: f"/chi-tieu/muc/{t.pk}/bao-cao/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=expect,
    )
    check_matrix(
        url_for=lambda t: f"/chi-tieu/muc/{t.pk}/bao-cao/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=lambda t: {"as_of": "30/06/2023", "value": str(next(figures))},
        expect={role: (302 if a == 200 else a, b) for role, (a, b) in expect.items()},
        snapshot=lambda t: list(TargetValue.objects.filter(target=t).values_list("value")),
        superuser=(302, 302),
    )


def test_a_units_page_of_targets_shows_only_what_the_user_may_see(targets):
    inside, outside = targets
    # Every signed-in officer finds the unit's page; it lists only the targets they may see.
    everyone = dict.fromkeys([*READERS, "portal_editor", "portal_moderator"], (200, 200))
    check_matrix(
        url_for=lambda t: f"/chi-tieu/don-vi/{t.unit_id}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=everyone,
    )


def test_an_inspection_is_read_in_its_scope_only(inspections):
    inside, outside = inspections
    check_matrix(
        url_for=lambda i: f"/khao-sat/{i.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=READERS,
    )
    check_matrix(
        url_for=lambda i: f"/khao-sat/{i.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=MANAGERS,
    )


@pytest.mark.parametrize(
    ("suffix", "data", "model"),
    [
        ("thanh-vien/", lambda i: {"name": "Nguyễn Văn Thử", "role": "Thành viên"}, TeamMember),
        (
            "buoi-lam-viec/",
            lambda i: {
                "unit": commune_of(tuyen_quang()).pk
                if i.unit == tuyen_quang()
                else commune_of(dong_thap()).pk,
                "held_on": "19/08/2022",
            },
            WorkingSession,
        ),
        (
            "kien-nghi/",
            lambda i: {
                "title": "Rà soát chỉ tiêu",
                "organization": i.organization_id,
                "due": "31/12/2022",
            },
            Recommendation,
        ),
    ],
    ids=["member", "session", "recommendation"],
)
def test_a_team_its_sessions_and_recommendations_are_recorded_by_the_managers_only(
    inspections, suffix, data, model
):
    inside, outside = inspections
    check_matrix(
        url_for=lambda i: f"/khao-sat/{i.pk}/{suffix}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=data,
        expect=MANAGERS_POST,
        snapshot=lambda i: model.objects.filter(inspection=i).count(),
        superuser=(302, 302),
    )


def test_the_day_of_a_session_is_checked(inspections):
    assert date(2022, 8, 19) == inspections[0].starts_on
