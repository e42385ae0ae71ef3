"""Seed scenario: Tuyên Quang's communes report the first 6 months of 2026 — most on time, two
late, one returned and sent again — and the province consolidates."""

from datetime import date

import pytest

from danvan.core.models import AuditEvent
from danvan.submissions import queries
from danvan.submissions.consolidation import consolidate
from danvan.submissions.demo import LATE, MISSING, load_demo
from danvan.submissions.enums import Decision, Standing
from danvan.submissions.models import Obligation, ReportTemplate, Submission
from danvan.submissions.periods import period_of
from tests.initiatives import factories as initiatives

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


def test_the_demo_replays_a_half_year_of_reports():
    initiatives.seed()
    initiatives.make_initiative(
        name="Dân vận khéo ở xã Bình An", year=2026, start_date=date(2026, 2, 1)
    )
    text = load_demo(today=TODAY)
    template = ReportTemplate.objects.get()
    obligations = Obligation.objects.filter(template=template)
    total = obligations.count()
    assert text == f"{total - MISSING}/{total} xã đã gửi báo cáo, {text.split(', ')[1]}"
    period = period_of(2026, 6)
    board = queries.completeness(obligations, period=period, due=date(2026, 7, 15), today=TODAY)
    assert board.count(Standing.OVERDUE) == MISSING
    assert board.reported == total - MISSING
    assert Submission.objects.filter(late=True).count() == LATE
    returned = Submission.objects.get(versions__decision=Decision.RETURNED)
    assert returned.versions.count() == 2
    assert returned.late is False
    waiting = board.count(Standing.ON_TIME) + board.count(Standing.LATE)
    assert 1 <= waiting <= 4
    assert board.count(Standing.ACCEPTED) == total - MISSING - waiting
    # The history is dated as it happened, not on the install day.
    first = (
        AuditEvent.objects.filter(action="submissions.submission.submitted")
        .order_by("occurred_at")
        .first()
    )
    assert first.occurred_at.date().isoformat().startswith("2026-07")
    result = consolidate(obligations, template=template, period=period, today=TODAY)
    assert len(result.accepted) == board.count(Standing.ACCEPTED)
    registered = next(row for row in result.figures if row["code"] == "registered")
    assert registered["records"] == 1
    assert result.indicators[0]["units"] == len(result.accepted)
    directions = next(t for t in result.texts if t["title"].startswith("Phương hướng"))
    assert len(directions["entries"]) == len(result.accepted)
    assert directions["entries"][0]["text"].startswith("Tiếp tục đẩy mạnh phong trào")
    # A second run adds nothing.
    assert load_demo(today=TODAY) == "bỏ qua"
