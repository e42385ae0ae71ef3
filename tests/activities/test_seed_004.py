"""Seed 004: in October 2018 Bắc Giang launched the Tháng Dân vận with slogans, a plan per
district and the "Năm dân vận chính quyền 2018". Data built here; the district's staff follow
the plan to done."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from danvan.activities import queries, services
from danvan.activities.enums import CampaignKind
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from tests.activities import factories as f
from tests.documents.factories import make_document
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

PLAN = [("215", "Yên Thế", 4, 4), ("216", "Tân Yên", 3, 1), ("219", "Lục Ngạn", 5, 2)]


@pytest.fixture
def month():
    f.seed()
    province = f.legacy("L.24.")
    organiser = f.make_organization(name="Ban Dân vận Tỉnh ủy Bắc Giang", unit=province)
    plan = make_document(
        issuer=organiser,
        kind="ke_hoach",
        number="45-KH/BDVTU",
        issued_on=date(2018, 9, 20),
        title="Kế hoạch tổ chức Tháng Dân vận năm 2018",
    )
    campaign = services.create_campaign(
        data={
            "name": "Tháng Dân vận năm 2018",
            "kind": CampaignKind.MONTH,
            "start_date": date(2018, 10, 1),
            "end_date": date(2018, 10, 31),
            "organiser": organiser,
            "scope_unit": province,
            "slogans": "Dân vận khéo thì việc gì cũng xong\nNăm dân vận chính quyền 2018",
        },
        documents=[plan],
        acting_user=None,
    )
    road = f.work("concrete-road")
    for code, _name, planned, done in PLAN:
        district = f.legacy(f"L.24.{code}.")
        services.set_plan_line(
            campaign=campaign,
            unit=district,
            planned_activities=planned,
            works={road: Decimal(1000)},
            acting_user=None,
        )
        communes = district.children.filter(level="commune").order_by("path")[:done]
        for number, commune in enumerate(communes, start=1):
            f.make_activity(
                place=commune,
                organiser=organiser,
                day=date(2018, 10, 2 * number),
                campaign=campaign,
                works={road: Decimal(250)},
            )
    return campaign


def test_the_plan_per_district_and_its_progress_on_20_october(month):
    progress = {
        row.line.unit.name: row for row in queries.plan_progress(month, day=date(2018, 10, 20))
    }
    # 20 of 31 days gone: a plan of 3 expects 1 by now, of 4 expects 2, of 5 expects 3.
    assert [(name, row.done, row.expected, row.late) for name, row in progress.items()] == [
        ("Yên Thế", 4, 2, False),
        ("Tân Yên", 1, 1, False),
        ("Lục Ngạn", 2, 3, True),
    ]
    assert [(kind.code, planned, done) for kind, planned, done in progress["Yên Thế"].works] == [
        ("concrete-road", Decimal(1000), Decimal(1000))
    ]
    assert month.slogan_list == [
        "Dân vận khéo thì việc gì cũng xong",
        "Năm dân vận chính quyền 2018",
    ]


def test_a_district_staff_follows_the_plan_on_the_campaign_page(month, client):
    staff = user_with_role("staff", unit=f.legacy("L.24.219."))
    client.force_login(staff)
    body = client.get(f"/dot-phong-trao/{month.pk}/").content.decode()
    assert "Tháng Dân vận năm 2018" in body
    assert "45-KH/BDVTU" in body
    assert "“Dân vận khéo thì việc gì cũng xong”" in body
    assert "7 / 12" in body or "Đã thực hiện 7/12 hoạt động theo kế hoạch." in body
    assert "2 / 5 (40%)" in body
    # The campaign is over today: each district short of its plan is late.
    assert timezone.localdate() > month.end_date
    assert "Chậm so với kế hoạch: Huyện Tân Yên" in body


def test_the_report_groups_the_month_by_campaign(month):
    f.make_activity(place=f.legacy("L.24.215.").children.first(), day=date(2018, 11, 5))
    report = build_report(
        ReportSpec(
            period=Period.preset("year", 2018),
            scope=Scope(unit=f.legacy("L.24.")),
            by=("campaign",),
            measures=("activities_held", "work_concrete_road"),
        ),
        user=None,
    )
    rows = sorted(
        (row.label, row.value("activities_held"), row.value("work_concrete_road"))
        for row in report.rows
    )
    assert rows == [
        ("(không thuộc đợt, phong trào nào)", 1, 0),
        ("Tháng Dân vận năm 2018", 7, 1750),
    ]
