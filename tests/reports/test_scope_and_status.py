"""Issue 12 point 2: the builder refuses a scope outside the user's grants (screen, files,
command line) and a name typed but not chosen; statuses are counted as they were at the end of
the period, from the status history."""

import io
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from danvan.core import measures
from danvan.initiatives.models import StatusChange
from danvan.reports.models import ReportJob
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from tests.factories.organizations import tuyen_quang
from tests.permissions import user_with_role
from tests.reports import factories

pytestmark = pytest.mark.django_db

REFUSED = "nằm ngoài phạm vi của đồng chí"


@pytest.fixture
def ba_be():
    district = factories.unit("huyện Ba Bể, tỉnh Bắc Kạn", as_of=date(2024, 1, 1))
    factories.add(factories.communes(district)[:2], 6, year=2024, status="active")
    return district


@pytest.fixture
def tuyen_quang_officer():
    return user_with_role("staff", unit=tuyen_quang())


def test_a_scope_outside_the_grants_is_refused_not_reported_as_zeros(
    client, ba_be, tuyen_quang_officer
):
    client.force_login(tuyen_quang_officer)
    params = {"scope": ba_be.pk, "preset": "year", "year": 2024, "by": "unit"}
    response = client.get(reverse("reports:builder"), params, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert REFUSED in html
    assert "Huyện Ba Bể" in html
    assert "report-table" not in html


def test_the_files_path_refuses_it_too(client, ba_be, tuyen_quang_officer):
    client.force_login(tuyen_quang_officer)
    query = f"scope={ba_be.pk}&preset=year&year=2024&by=unit"
    response = client.post(reverse("reports:export"), {"format": "docx", "query": query})
    assert response.status_code == 302
    assert not ReportJob.objects.exists()
    shown = client.get(response["Location"])
    assert REFUSED in shown.content.decode()


def test_the_command_line_refuses_it_for_a_user(ba_be, tuyen_quang_officer):
    with pytest.raises(CommandError, match=REFUSED):
        call_command(
            "report", "--scope", "huyện Ba Bể, tỉnh Bắc Kạn", "--from", "2024-01-01",
            "--to", "2024-12-31", "--user", tuyen_quang_officer.username, stdout=io.StringIO(),
        )  # fmt: skip


def test_an_officer_of_the_unit_may_report_on_it(client, ba_be):
    client.force_login(user_with_role("staff", unit=ba_be))
    params = {"scope": ba_be.pk, "preset": "year", "year": 2024}
    response = client.get(reverse("reports:builder"), params)
    assert response.context["report"].total.value("registered") == 6


def test_a_name_typed_but_not_chosen_is_not_the_whole_scope(client, ba_be):
    client.force_login(user_with_role("staff", unit=ba_be))
    params = {"scope": "", "scope__search": "Ba Bể", "preset": "year", "year": 2024}
    response = client.get(reverse("reports:builder"), params, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "report-table" not in html
    assert "Chọn một đơn vị trong danh sách hiện ra khi gõ tên." in html


# ---- statuses at the end of the period --------------------------------------------------------


def _changed(initiative, from_status, to_status, on: date):
    change = StatusChange.objects.create(
        initiative=initiative, from_status=from_status, to_status=to_status
    )
    moment = timezone.make_aware(datetime(on.year, on.month, on.day, 10))
    StatusChange.objects.filter(pk=change.pk).update(changed_at=moment)


def test_statuses_are_those_at_the_end_of_the_period():
    district = factories.unit("huyện Yên Lập, tỉnh Phú Thọ", as_of=date(2022, 1, 1))
    communes = factories.communes(district)[:3]
    # Active all through 2022, ended in 2025 (today: ended).
    ended_later = factories.add(communes, 4, year=2022, status="ended")
    for initiative in ended_later:
        _changed(initiative, "registered", "active", date(2022, 3, 1))
        _changed(initiative, "active", "ended", date(2025, 5, 1))
    # Being strengthened at the end of 2022, active again since 2023.
    strengthened = factories.add(communes, 2, year=2022, status="active")
    for initiative in strengthened:
        _changed(initiative, "registered", "active", date(2022, 2, 1))
        _changed(initiative, "active", "suspended", date(2022, 12, 31))
        _changed(initiative, "suspended", "active", date(2023, 1, 5))
    # No history: today's status.
    factories.add(communes, 1, year=2022, status="ended")

    spec = ReportSpec(
        period=Period(date(2022, 1, 1), date(2022, 12, 31)),
        scope=Scope(unit=district),
        measures=("registered", "active", "ended", "suspended"),
    )
    report = build_report(spec, user=None)
    total = report.total
    assert "Tính đến ngày 31/12/2022, 4 mô hình đang thực hiện, 1 mô hình đã kết thúc" in (
        report.narrative
    )
    assert total.value("registered") == 7
    assert total.value("active") == 4
    assert total.value("suspended") == 2
    assert total.value("ended") == 1
    year_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))
    for code, expected in (("active", 4), ("suspended", 2), ("ended", 1)):
        assert measures.value_of(measure=code, user=None, period=year_2022) == expected

    # The same records in a report up to today: today's statuses.
    spec_now = ReportSpec(
        period=Period(date(2022, 1, 1), timezone.localdate()),
        scope=Scope(unit=district),
        measures=("active", "ended", "suspended"),
    )
    now = build_report(spec_now, user=None).total
    assert (now.value("active"), now.value("ended"), now.value("suspended")) == (2, 5, 0)


def test_grouped_by_status_the_rows_are_the_statuses_at_the_end_of_the_period():
    district = factories.unit("huyện Tam Nông, tỉnh Phú Thọ", as_of=date(2022, 1, 1))
    communes = factories.communes(district)[:2]
    # Active all through 2022, ended in 2024 (today: ended).
    ended_later = factories.add(communes, 3, year=2022, status="ended")
    for initiative in ended_later:
        _changed(initiative, "registered", "active", date(2022, 4, 1))
        _changed(initiative, "active", "ended", date(2024, 6, 1))
    # Registered in 2022, still only registered at its end, active since 2023.
    active_later = factories.add(communes, 2, year=2022, status="active")
    for initiative in active_later:
        _changed(initiative, "registered", "active", date(2023, 2, 1))
    # Recognised in 2022: its recognitions are grouped by the initiative's status then too.
    factories.recognise(ended_later[0], on=date(2022, 11, 20))

    def by_status(end: date) -> dict[str, tuple[int, int]]:
        spec = ReportSpec(
            period=Period(date(2022, 1, 1), end),
            scope=Scope(unit=district),
            measures=("registered", "recognised"),
            by=("status",),
        )
        report = build_report(spec, user=None)
        return {
            row.label: (row.value("registered"), row.value("recognised")) for row in report.rows
        }

    assert by_status(date(2022, 12, 31)) == {"đang thực hiện": (3, 1), "đã đăng ký": (2, 0)}
    # Up to today: today's statuses.
    assert by_status(timezone.localdate()) == {"đã kết thúc": (3, 1), "đang thực hiện": (2, 0)}
