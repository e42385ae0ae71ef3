"""Where a target stands, judged from its figures, milestones and projection (pure rules)."""

from datetime import date
from decimal import Decimal as D  # noqa: N817 — short in tables of figures

from hypothesis import given
from hypothesis import strategies as st

from danvan.targets.assessment import assess, project
from danvan.targets.enums import Standing

START, DEADLINE = date(2021, 1, 1), date(2025, 12, 31)


HUNDRED = D(100)


def judge(points, *, goal=HUNDRED, direction="at_least", baseline=None, milestones=()):
    return assess(
        direction=direction,
        goal=goal,
        deadline=DEADLINE,
        starts_on=START,
        baseline=baseline,
        points=points,
        milestones=milestones,
    )


def test_no_figure_is_no_data():
    assert judge([]).standing == Standing.NO_DATA


def test_reaching_the_value_is_met_even_before_the_deadline():
    result = judge([(date(2023, 1, 1), D(100))])
    assert result.standing == Standing.MET
    assert result.value == D(100)


def test_a_figure_on_course_projects_over_the_value_and_is_likely():
    # 60 after two and a half years of five: the line reaches 120 at the deadline.
    result = judge([(date(2023, 7, 2), D(60))], baseline=D(0))
    assert result.standing == Standing.LIKELY
    assert result.projection > D(100)


def test_a_slow_figure_is_hard_to_meet():
    result = judge([(date(2023, 7, 2), D(20))], baseline=D(0))
    assert result.standing == Standing.AT_RISK
    assert result.projection < D(100)


def test_a_missed_milestone_is_hard_to_meet_even_when_the_line_would_make_it():
    result = judge(
        [(date(2023, 7, 2), D(55))], baseline=D(0), milestones=[(date(2023, 6, 30), D(70))]
    )
    assert result.standing == Standing.AT_RISK
    assert result.milestone_met is False


def test_the_deadline_passed_without_meeting_it_is_hard_to_meet():
    assert judge([(date(2025, 12, 31), D(99))]).standing == Standing.AT_RISK


def test_an_at_most_target_is_met_under_its_value():
    # Poor households down to at most 2%: 1.8% is met, 3% on a falling line is likely.
    assert judge([(date(2023, 1, 1), D("1.8"))], goal=D(2), direction="at_most").standing == (
        Standing.MET
    )
    falling = judge(
        [(date(2022, 1, 1), D(5)), (date(2023, 1, 1), D(3))], goal=D(2), direction="at_most"
    )
    assert falling.standing == Standing.LIKELY


def test_the_projection_is_the_straight_line_read_on_the_deadline():
    value = project(
        origin=(date(2021, 1, 1), D(0)), latest=(date(2022, 1, 1), D(10)), deadline=date(2023, 1, 1)
    )
    assert value == D("20.00")


@given(st.lists(st.integers(0, 500), min_size=1, max_size=6))
def test_a_met_target_is_always_met_whatever_came_before(values):
    points = [(date(2021, 6, i + 1), D(v)) for i, v in enumerate(values)]
    points.append((date(2022, 1, 1), D(100)))
    assert judge(points).standing == Standing.MET
