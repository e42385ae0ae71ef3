"""Exclusions from honours: recorded on a person by the staff of the person's area, shown on
the person's page, named by the evaluation while in force, ended when lifted — each step on
the person's timeline."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.honors import services
from danvan.honors.eligibility import evaluate
from danvan.honors.models import Exclusion
from tests.honors.factories import (
    dong_thap,
    make_person,
    medal,
    officer,
    person_with_service,
    tuyen_quang,
)
from tests.permissions import check_matrix

pytestmark = pytest.mark.django_db

MANAGERS_ONLY = {
    "admin": (302, 404),
    "staff": (302, 404),
    "unit_editor": (403, 404),
    "viewer": (403, 404),
}


def test_staff_record_an_exclusion_and_the_evaluation_names_it(client):
    person = person_with_service((date(2000, 1, 1), None), full_name="Bị Kỷ Luật")
    staff = officer(unit=tuyen_quang())
    client.force_login(staff)
    url = reverse("honors:exclusion-add", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Bị Kỷ Luật" in page.content.decode()

    # A bad date and an end before the start are refused in Vietnamese, nothing written.
    response = client.post(url, {"reason": "Khiển trách", "start": "32/13/2025"})
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in response.content.decode()
    response = client.post(
        url, {"reason": "Khiển trách", "start": "01/01/2025", "end": "01/01/2024"}
    )
    assert "không thể trước" in response.content.decode()
    assert not Exclusion.objects.exists()

    response = client.post(url, {"reason": "Khiển trách", "start": "01/01/2025"})
    assert response.status_code == 302
    exclusion = Exclusion.objects.get(person=person)
    assert (exclusion.reason, exclusion.start, exclusion.end) == (
        "Khiển trách",
        date(2025, 1, 1),
        None,
    )
    summary = evaluate(medal(), person, as_of=date(2026, 6, 1)).summary
    assert summary.startswith("Chưa đủ điều kiện")
    assert "không xét khen thưởng từ ngày 01/01/2025: Khiển trách" in summary

    detail = client.get(reverse("organizations:person-detail", args=[person.pk])).content
    assert "Không xét khen thưởng từ ngày 01/01/2025: Khiển trách" in detail.decode()

    # Ended: the day after, the person is eligible again.
    end_url = reverse("honors:exclusion-end", args=[exclusion.pk])
    client.post(end_url, {"end": "31/12/2025"})
    exclusion.refresh_from_db()
    assert exclusion.end == date(2025, 12, 31)
    assert evaluate(medal(), person, as_of=date(2026, 6, 1)).eligible
    assert not evaluate(medal(), person, as_of=date(2025, 12, 31)).eligible
    # Ending it again later, or with nonsense, changes nothing.
    client.post(end_url, {"end": "01/06/2026"})
    client.post(end_url, {"end": "abc"})
    exclusion.refresh_from_db()
    assert exclusion.end == date(2025, 12, 31)

    actions = list(
        AuditEvent.objects.for_object(person)
        .filter(action__startswith="honors.exclusion")
        .order_by("id")
        .values_list("action", "message")
    )
    assert actions == [
        ("honors.exclusion.recorded", "Khiển trách (01/01/2025)"),
        ("honors.exclusion.ended", "Khiển trách (01/01/2025 – 31/12/2025)"),
    ]


def test_the_exclusions_page_is_for_the_staff_of_the_persons_area():
    inside = make_person(full_name="Trong Tỉnh", unit=tuyen_quang())
    outside = make_person(full_name="Ngoài Tỉnh", unit=dong_thap())
    check_matrix(
        url_for=lambda p: reverse("honors:exclusion-add", args=[p.pk]),
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data={"reason": "Cảnh cáo", "start": "01/03/2026"},
        snapshot=lambda p: Exclusion.objects.filter(person=p).count(),
        expect=MANAGERS_ONLY,
        superuser=(302, 302),
    )
    check_matrix(
        url_for=lambda p: reverse("honors:exclusion-add", args=[p.pk]),
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect={
            "admin": (200, 404),
            "staff": (200, 404),
            "unit_editor": (403, 404),
            "viewer": (403, 404),
        },
    )


def _a_day_earlier(exclusion) -> str:
    """The day before the exclusion's end (31/12/2026 when open): each request changes it."""
    end = Exclusion.objects.get(pk=exclusion.pk).end or date(2027, 1, 1)
    return (end - timedelta(days=1)).strftime("%d/%m/%Y")


def test_an_exclusion_is_ended_by_the_staff_of_the_persons_area_only():
    def exclusion(unit):
        return services.record_exclusion(
            person=make_person(unit=unit),
            reason="Cảnh cáo",
            start=date(2026, 1, 1),
            acting_user=None,
        )

    inside, outside = exclusion(tuyen_quang()), exclusion(dong_thap())
    check_matrix(
        url_for=lambda e: reverse("honors:exclusion-end", args=[e.pk]),
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=lambda e: {"end": _a_day_earlier(e)},
        snapshot=lambda e: Exclusion.objects.get(pk=e.pk).end,
        expect={
            "admin": (302, 404),
            "staff": (302, 404),
            "unit_editor": (404, 404),
            "viewer": (404, 404),
        },
        superuser=(302, 302),
    )
