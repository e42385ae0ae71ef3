"""The demonstration scenario (xã Bình An) replayed through the services, and what the
measures registry counts of it — the figures the quarterly report shows."""

import json
from collections import namedtuple
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from danvan.core import measures
from danvan.core.measures import NarrativeContext, Scope
from danvan.dialogues import demo
from danvan.dialogues.enums import PetitionState, Response
from danvan.dialogues.models import Dialogue, Petition
from danvan.dialogues.narrative import dialogues as dialogue_sentence
from danvan.dialogues.narrative import petitions as petition_sentence
from danvan.followups.enums import State
from tests.dialogues.factories import binh_an, dong_thap, officer, tuyen_quang

pytestmark = pytest.mark.django_db

Period = namedtuple("Period", "start end")
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def scenario():
    assert demo.load_demo(stdout=StringIO()).startswith("1 ")
    return Dialogue.objects.get()


def test_the_dialogue_has_five_opinions_two_answered_three_committed_one_overdue(scenario):
    opinions = list(scenario.opinions.order_by("number"))
    assert [o.response for o in opinions] == [
        Response.ANSWERED,
        Response.ANSWERED,
        Response.COMMITTED,
        Response.COMMITTED,
        Response.COMMITTED,
    ]
    states = [(o.followup.state, o.followup.overdue) for o in opinions[2:]]
    assert states == [(State.VERIFIED, False), (State.IN_PROGRESS, False), (State.OPEN, True)]
    assert scenario.attendance_total == 138
    assert demo.load_demo(stdout=StringIO()) == "bỏ qua" or Dialogue.objects.count() == 1


def test_the_petition_was_transferred_answered_reopened_and_closed(scenario):
    petition = Petition.objects.get()
    assert petition.state == PetitionState.CLOSED
    assert petition.times_reopened == 1
    assert petition.responsible.name == "Ban Quản lý dự án đầu tư xây dựng xã Bình An"
    assert [(s.kind, s.day) for s in petition.steps.all()] == [
        ("received", date(2026, 6, 15)),
        ("transferred", date(2026, 6, 17)),
        ("answered", date(2026, 6, 26)),
        ("reopened", date(2026, 7, 20)),
        ("answered", date(2026, 7, 30)),
        ("closed", date(2026, 8, 3)),
    ]
    # The steps are dated in the audit log as they happened.
    from danvan.core.queries import events_for_object

    days = [e.occurred_at.date() for e in events_for_object(petition).order_by("id")]
    assert days[0] == date(2026, 6, 15)
    assert days[-1] == date(2026, 8, 3)


def test_the_measures_count_the_scenario_in_scope_and_nothing_outside(scenario):
    province = officer("viewer", unit=tuyen_quang())
    expected = {
        "dialogues_held": 1,
        "opinions_raised": 5,
        "opinions_answered": 2,
        "opinions_committed": 3,
        "commitments_due": 2,  # due in 2026: the road (kept) and the speed checks (overdue)
        "commitments_kept": 1,
        "commitments_overdue": 1,
        "petitions_received": 1,
        "petitions_answered_in_time": 1,
        "petitions_overdue": 0,
        "petitions_reopened": 1,
    }
    for code, value in expected.items():
        assert measures.value_of(measure=code, user=province, period=YEAR) == value, code
        assert (
            measures.value_of(measure=code, user=None, period=YEAR, scope=Scope(unit=binh_an()))
            == value
        ), code
    outsider = officer("viewer", unit=dong_thap())
    assert measures.value_of(measure="opinions_raised", user=outsider, period=YEAR) == 0


def _context(**values):
    from danvan.core.measures import Figure

    return NarrativeContext(
        period_label="năm 2026",
        comparison_label="năm 2025",
        scope_phrase="toàn tỉnh",
        areas=(),
        figures={code: Figure(value=v, previous=0) for code, v in values.items()},
    )


def test_the_narrative_says_it_in_vietnamese():
    context = _context(
        dialogues_held=3,
        opinions_raised=12,
        opinions_answered=5,
        opinions_committed=7,
        commitments_due=7,
        commitments_kept=4,
        commitments_overdue=2,
        petitions_received=20,
        petitions_answered_in_time=15,
        petitions_overdue=3,
        petitions_reopened=1,
    )
    assert dialogue_sentence(context) == (
        "Trong năm 2026, toàn tỉnh tổ chức 3 cuộc đối thoại với nhân dân, tiếp nhận 12 ý kiến "
        "(5 ý kiến được trả lời trực tiếp, 7 ý kiến được hứa giải quyết). 4/7 lời hứa đến hạn "
        "được thực hiện đúng hạn, 2 lời hứa quá hạn."
    )
    assert petition_sentence(context) == (
        "Tiếp nhận 20 kiến nghị, phản ánh; trả lời đúng hạn 15, quá hạn 3, mở lại 1."
    )
    assert dialogue_sentence(_context()) == ""
    assert petition_sentence(_context()) == ""


def test_the_report_command_counts_the_measures(scenario):
    out = StringIO()
    call_command(
        "report",
        "--measures",
        "dialogues_held,opinions_raised,commitments_kept,petitions_reopened",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        stdout=out,
    )
    total = json.loads(out.getvalue())["total"]
    assert total["dialogues_held"] == 1
    assert total["opinions_raised"] == 5
    assert total["commitments_kept"] == 1
    assert total["petitions_reopened"] == 1


def test_the_followups_command_lists_the_communes_late_promise(scenario):
    out = StringIO()
    call_command("followups", "--scope", "Tuyên Quang", "--overdue", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [
        {
            "title": "Lập chốt kiểm soát tốc độ xe tải qua thôn Bản Khiển",
            "source": "Đối thoại trực tiếp ngày 12/06/2026 tại Bình An",
            "assignee": "Công an xã Bình An",
            "due": "2026-09-30",
            "state": "open",
            "overdue": True,
        }
    ]
