"""Seed 004 (Bắc Giang, 2018): at the launch of Tháng Dân vận, 88 “Dân vận khéo” exemplars in
ethnic-minority areas are commended and 38 people receive the Kỷ niệm chương “Vì sự nghiệp Dân
vận”; the report for Bắc Giang, October 2018, says so — replayed by the demonstration through
the services."""

from datetime import date

import pytest

from danvan.core import measures
from danvan.honors import demo
from danvan.honors.models import Ceremony, Honour
from danvan.reports.narrative import write_narrative
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import make_organization
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

OCTOBER = Period(date(2018, 10, 1), date(2018, 10, 31))


@pytest.fixture
def bac_giang():
    unit = AdministrativeUnit.objects.get(era="legacy", level="province", code="24")
    make_organization(name=demo.BAN, unit=unit)
    assert "88 exemplars" in demo.load_demo(stdout=None) or Honour.objects.count() == 126
    return unit


def test_the_demo_commends_88_exemplars_and_confers_38_medals_at_the_launch(bac_giang):
    ceremony = Ceremony.objects.get(name=demo.CEREMONY)
    honoured = Honour.objects.filter(ceremony=ceremony)
    assert honoured.filter(kind__form="commendation").count() == 88
    assert honoured.filter(kind__form="medal").count() == 38
    names = set(honoured.values_list("recipient_name", flat=True))
    assert {
        "Câu lạc bộ hát Then – Đàn tính xã An Lạc",
        "Tổ dân vận thôn Chí Mìu, xã Hương Sơn",
        "Hoàng Văn Mới",
    } <= names
    moi = honoured.get(recipient_name="Hoàng Văn Mới")
    assert (moi.person.ethnicity, moi.place.name, moi.ethnic_minority_area) == (
        "Nùng",
        "Tân Sơn",
        True,
    )
    club = honoured.get(recipient_name__startswith="Câu lạc bộ hát Then")
    assert club.place.parent.name == "Sơn Động"
    assert not honoured.filter(kind__form="commendation", ethnic_minority_area=False).exists()


def test_the_report_for_bac_giang_october_2018_says_so(bac_giang):
    spec = ReportSpec(
        period=OCTOBER,
        scope=Scope(unit=bac_giang),
        measures=("honours_conferred", "honours_commendation", "honours_medal"),
    )
    report = build_report(spec, user=None)
    figures = report.total.figures
    assert (
        figures["honours_conferred"].value,
        figures["honours_commendation"].value,
        figures["honours_medal"].value,
    ) == (126, 88, 38)
    assert write_narrative(report) == (
        "Trong thời gian từ ngày 01/10/2018 đến ngày 31/10/2018, toàn tỉnh có 88 tập thể, "
        "cá nhân được biểu dương; "
        "38 cá nhân được tặng Kỷ niệm chương “Vì sự nghiệp Dân vận”."
    )
    only = ReportSpec(
        period=OCTOBER,
        scope=Scope(unit=bac_giang),
        areas=("ethnic_minority",),
        measures=("honours_commendation",),
    )
    assert build_report(only, user=None).total.figures["honours_commendation"].value == 88
    assert (
        measures.value_of(
            measure="honours_medal", user=None, period=OCTOBER, scope=Scope(unit=bac_giang)
        )
        == 38
    )


def test_the_report_groups_the_honours_by_kind_ethnic_group_and_gender(bac_giang):
    spec = ReportSpec(
        period=OCTOBER,
        scope=Scope(unit=bac_giang),
        by=("honour_kind",),
        measures=("honours_conferred",),
    )
    rows = {row.label: row.value("honours_conferred") for row in build_report(spec, user=None).rows}
    assert rows == {
        "Biểu dương điển hình “Dân vận khéo” vùng đồng bào dân tộc thiểu số": 88,
        "Kỷ niệm chương “Vì sự nghiệp Dân vận”": 38,
    }
    by_group = ReportSpec(
        period=OCTOBER,
        scope=Scope(unit=bac_giang),
        by=("ethnic_group",),
        measures=("honours_medal",),
    )
    groups = {r.label: r.value("honours_medal") for r in build_report(by_group, user=None).rows}
    assert sum(groups.values()) == 38
    by_gender = ReportSpec(
        period=OCTOBER, scope=Scope(unit=bac_giang), by=("gender",), measures=("honours_medal",)
    )
    genders = {r.label: r.value("honours_medal") for r in build_report(by_gender, user=None).rows}
    assert genders == {"nữ": 13, "nam": 25}


def test_todays_province_reports_the_same_honours_remapped(bac_giang):
    bac_ninh = AdministrativeUnit.objects.get(era="current", level="province", code="24")
    spec = ReportSpec(period=OCTOBER, scope=Scope(unit=bac_ninh), measures=("honours_medal",))
    assert build_report(spec, user=None).total.figures["honours_medal"].value == 38
    staff = user_with_role("staff", unit=bac_ninh)
    assert build_report(spec, user=staff).total.figures["honours_medal"].value == 38
    other = user_with_role(
        "staff", unit=AdministrativeUnit.objects.get(era="current", code="08", level="province")
    )
    assert build_report(spec, user=other).total.figures["honours_medal"].value == 0
