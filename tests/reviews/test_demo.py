"""Seed 002 replayed on the demonstration data: Ba Bể's 128 models of 2023 reviewed and decided,
and the reminder command."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from danvan.core.models import AuditEvent
from danvan.documents import demo as documents_demo
from danvan.initiatives import demo as initiatives_demo
from danvan.organizations import demo as organizations_demo
from danvan.reviews import demo, queries
from danvan.reviews.models import Assignment, Recognition, ReviewRound
from tests.reviews.factories import make_initiative, make_reviewer, open_round_with

pytestmark = pytest.mark.django_db


def test_the_ba_be_2023_round_is_replayed_from_registration_to_decisions(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    organizations_demo.load_demo(stdout=out)
    documents_demo.load_demo(stdout=out)
    initiatives_demo.load_demo(stdout=out)

    summary = demo.load_demo(stdout=out)

    review_round = ReviewRound.objects.get()
    assert review_round.state == "decided"
    assert summary.startswith("1 đợt bình xét, 128 mô hình đã có quyết định")
    rows = queries.committee_table(review_round)
    assert len(rows) == 128
    assert {row["count"] for row in rows} == {3}
    seed = Recognition.objects.get(initiative__name=demo.SEED_MODEL)
    assert (seed.outcome, seed.level, seed.decision.number) == (
        "outstanding",
        "district",
        "03-QĐ/BCĐ",
    )
    assert Recognition.objects.filter(round=review_round).count() == 128
    member = Assignment.objects.filter(round=review_round, reviewer__username="thamdinh.babe5")
    assert member.exists()
    assert not member.filter(initiative=seed.initiative).exists()
    assert (
        AuditEvent.objects.for_object(seed.initiative)
        .filter(action="reviews.recognition.decided")
        .exists()
    )
    users = (tmp_path / "demo-users.txt").read_text()
    assert "thamdinh.babe5\t" in users
    assert "canbo.babe\t" in users


def test_the_remind_command_reminds_the_reviewers_with_models_left():
    reviewer = make_reviewer(name="Còn việc")
    open_round_with([make_initiative()], [reviewer], per=1)
    out = io.StringIO()

    call_command("reviews", "remind", "--today", "28/11/2023", stdout=out)

    assert out.getvalue().strip() == "1 người chấm đã được nhắc / reviewers reminded"
    assert reviewer.review_notifications.filter(kind="reminder").count() == 1
    assert ReviewRound.objects.get().reminder_sent_on == date(2023, 11, 28)
