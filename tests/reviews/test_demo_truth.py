"""Demonstration data that tells the truth (issue 12, 9): the Ba Bể reviewers can be chosen for
a Ba Bể round, old Ba Bể models belong to Ba Bể bodies, and seeded history carries its own
dates, not the day of the install."""

import io
from datetime import date

import pytest
from django.utils import timezone

from danvan.accounts.models import User
from danvan.core.models import AuditEvent
from danvan.documents import demo as documents_demo
from danvan.initiatives import demo as initiatives_demo
from danvan.initiatives.models import Initiative, StatusChange
from danvan.organizations import demo as organizations_demo
from danvan.reviews import demo, queries
from danvan.reviews.models import Recognition, Review, ReviewRound
from danvan.territory.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    organizations_demo.load_demo(stdout=out)
    documents_demo.load_demo(stdout=out)
    initiatives_demo.load_demo(stdout=out)
    demo.load_demo(stdout=out)


def test_the_five_ba_be_reviewers_can_all_be_chosen_for_a_ba_be_round(loaded):
    staff = User.objects.get(username="canbo.babe")
    choosable = set(queries.reviewers_assignable_by(staff).values_list("username", flat=True))
    assert {username for username, _name in demo.REVIEWERS} <= choosable
    for username, _name in demo.REVIEWERS:
        assert staff.has_perm("reviews.assign_reviewer", User.objects.get(username=username))


def test_old_ba_be_models_are_carried_out_by_ba_be_bodies(loaded):
    ba_be = AdministrativeUnit.objects.get(era="legacy", level="district", name="Ba Bể")
    old = Initiative.objects.filter(place__path__startswith=ba_be.path)
    assert old.count() > 128  # the seed year and the years around it
    owners = set(old.values_list("owner_organization__name", flat=True))
    assert owners <= {"Huyện ủy Ba Bể", "Chi bộ Văn phòng Huyện ủy Ba Bể"}


def test_seeded_history_carries_its_own_dates(loaded):
    today = timezone.localdate()
    seed = Initiative.objects.get(name=demo.SEED_MODEL)
    assert timezone.localtime(seed.created_at).date().year == 2023
    changes = StatusChange.objects.filter(initiative__year__lt=today.year)
    assert not changes.filter(changed_at__date=today).exists()
    assert not Initiative.objects.filter(year__lt=today.year, created_at__date=today).exists()
    events = AuditEvent.objects.for_object(seed)
    assert events.exists()
    assert {timezone.localtime(e.occurred_at).year for e in events} == {2023}
    review_round = ReviewRound.objects.get()
    assert timezone.localtime(review_round.created_at).date() < date(2023, 11, 10)
    assert not Review.objects.filter(submitted_at__date=today).exists()
    assert not Recognition.objects.filter(created_at__date=today).exists()
    round_events = AuditEvent.objects.for_object(review_round)
    assert {timezone.localtime(e.occurred_at).year for e in round_events} == {2023}
