"""The measures registry (``danvan.core.measures``): the apps fill it, the report engine reads
only it, ``value_of`` gives the figure the report shows, and a new app adds a measure (with its
own source, a sum and a sentence) without touching ``reports/``."""

import ast
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy, ngettext_lazy

from danvan.core import measures
from danvan.initiatives import queries as initiative_queries
from danvan.initiatives.models import Quantity, QuantityType
from danvan.initiatives.services import seed_catalogues
from danvan.reports.files.common import subtitle
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from tests.factories.organizations import make_organization, tuyen_quang
from tests.initiatives.factories import field
from tests.permissions import user_with_role
from tests.reports import factories

pytestmark = pytest.mark.django_db

REPORTS = Path(measures.__file__).resolve().parents[1] / "reports"


@pytest.fixture
def lam_binh():
    return factories.unit("huyện Lâm Bình, tỉnh Tuyên Quang", as_of=date(2022, 1, 1))


def test_the_apps_fill_the_registry_with_todays_measures():
    # The apps below reports register in order; later apps' measures and dimensions follow
    # these (each app's own suite tests its own: tests/activities/test_measures.py).
    defaults = [
        m.code for m in measures.measures() if m.default and m.app in {"initiatives", "reviews"}
    ]
    assert defaults == [
        "registered", "active", "replicated", "ended",
        "recognised", "recognised_commune", "recognised_district", "recognised_province",
        "recognised_central", "outstanding",
    ]  # fmt: skip
    apps = {m.code: m.app for m in measures.measures()}
    assert apps["registered"] == apps["collective"] == apps["ethnic_minority"] == "initiatives"
    assert apps["recognised_district"] == apps["outstanding"] == "reviews"
    # Later apps (dialogues, …) append their own dimensions after these.
    codes = [d.code for d in measures.dimensions()]
    assert codes[:9] == [
        "unit", "field", "kind", "subject", "status",
        "ethnic_minority", "religious", "border", "organization_kind",
    ]  # fmt: skip
    later = ["honour_kind", "honour_level", "honour_form", "ethnic_group", "gender"]
    assert [code for code in codes if code in later] == later
    assert [f.code for f in measures.filters()] == ["ethnic_minority", "religious", "border"]


def _code_words(path: Path) -> str:
    """What a module says in code (names, imports, strings but not docstrings or comments); a
    template's whole text."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return text.lower()
    tree = ast.parse(text)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    words = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                words.append(node.value)
        elif isinstance(node, ast.Name):
            words.append(node.id)
        elif isinstance(node, ast.Attribute):
            words.append(node.attr)
        elif isinstance(node, ast.ImportFrom):
            words.append(node.module or "")
            words.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            words.extend(alias.name for alias in node.names)
    return " ".join(words).lower()


def test_reports_names_no_record_of_another_app():
    """The engine, the narrative, the files and the screens read the registry only."""
    words = ("initiative", "recogni", "registered", "outstanding")
    found = [
        f"{path.relative_to(REPORTS)}: {word}"
        for path in sorted(REPORTS.rglob("*"))
        if path.suffix in {".py", ".html"} and "migrations" not in path.parts
        for word in words
        if word in _code_words(path)
    ]
    assert found == []


@pytest.fixture
def scene(lam_binh):
    """Models of several statuses, kinds and areas over two years, an organisation's, one out of
    the district, and recognitions at several levels."""
    seed_catalogues()
    communes = factories.communes(lam_binh)
    owner = make_organization(name="Hội Nông dân huyện Lâm Bình")
    factories.add(communes, 6, year=2022, status="active", fields=[field("Kinh tế")])
    factories.add(communes, 2, year=2022, status="ended", kind="exemplar", minority=True)
    factories.add(communes, 3, year=2022, subject="individual", owner=owner)
    factories.add(communes, 4, year=2021, start=date(2021, 3, 1), minority=True)
    factories.add(communes, 5, year=2022, start=date(2022, 11, 1), status="active")
    factories.add(communes, 2, year=2022, status="draft")
    ha_giang = factories.unit("tỉnh Hà Giang", as_of=date(2022, 1, 1))
    factories.add(factories.communes(ha_giang), 7, year=2022, minority=True)
    first, second, third = factories.add(communes, 3, year=2020, status="active")
    factories.recognise(first, on=date(2022, 5, 1), level="district")
    factories.recognise(first, on=date(2022, 9, 1), level="province", outcome="outstanding")
    factories.recognise(second, on=date(2022, 6, 1), level="commune")
    factories.recognise(third, on=date(2021, 6, 1), level="commune")
    factories.recognise(third, on=date(2022, 12, 1), outcome="not_met", level="")
    return {"district": lam_binh, "owner": owner}


CHECKED = [
    "registered", "active", "ended", "suspended", "collective", "individual", "exemplar",
    "ethnic_minority", "recognised", "recognised_commune", "recognised_district", "outstanding",
]  # fmt: skip


def test_value_of_is_the_figure_the_report_shows(scene):
    district = scene["district"]
    scopes = [
        Scope(unit=district),
        Scope(),
        Scope(unit=tuyen_quang()),
        Scope(organization=scene["owner"]),
    ]
    periods = [
        Period.preset("year", 2022),
        Period.preset("10m", 2022),
        Period(date(2021, 3, 1), date(2022, 6, 30)),
    ]
    users = [None, user_with_role("viewer", unit=district)]
    compared = 0
    for scope in scopes:
        for period in periods:
            for user in users:
                for areas in ((), ("ethnic_minority",)):
                    for by in ((), ("unit",), ("field", "subject")):
                        spec = ReportSpec(
                            period=period, scope=scope, by=by, areas=areas, measures=tuple(CHECKED)
                        )
                        total = build_report(spec, user=user).total.figures
                        for code in CHECKED:
                            asked = {"user": user, "scope": scope, "filters": areas}
                            now = measures.value_of(measure=code, period=period, **asked)
                            before = measures.value_of(
                                measure=code, period=period.previous(), **asked
                            )
                            assert (now, before) == (total[code].value, total[code].previous), (
                                code,
                                scope,
                                period,
                                user,
                                areas,
                                by,
                            )
                            compared += 1
    assert compared == 4 * 3 * 2 * 2 * 3 * len(CHECKED)
    year = Period.preset("year", 2022)
    # And they are the right figures: 16 registered in the district in 2022 (6 + 2 + 3 + 5).
    assert measures.value_of(measure="registered", user=None, scope=scopes[0], period=year) == 16
    assert measures.value_of(measure="recognised", user=None, scope=scopes[0], period=year) == 2
    outsider = user_with_role("viewer", unit=factories.unit("tỉnh Cà Mau"))
    assert measures.value_of(measure="registered", user=outsider, period=year) == 0


def test_value_of_is_one_query(scene):
    user = user_with_role("staff", unit=scene["district"])
    period = Period.preset("year", 2022)
    measures.value_of(measure="registered", user=user, period=period)  # grants cached
    with CaptureQueriesContext(connection) as queries:
        value = measures.value_of(
            measure="registered", user=user, period=period, scope=Scope(unit=scene["district"])
        )
    assert (value, len(queries)) == (16, 1)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        # one source (its narrative reads only its own measures): rows, unit names, the scope's
        # label and the place name
        (("registered",), 4),
        # two apps in one table: the rows of each source, nothing more
        (("registered", "active", "recognised", "outstanding"), 5),
        # only recognitions: the narrative reads the initiatives' kinds (their total: 1 more)
        (("recognised",), 5),
    ],
)
@pytest.mark.parametrize("rows", [1, 3])
def test_one_group_by_per_source_whatever_the_size(lam_binh, rows, chosen, expected):
    communes = factories.communes(lam_binh)
    created = factories.add(communes[:rows], rows, year=2022)
    for initiative in created:
        factories.recognise(initiative, on=date(2022, 3, 1))
    user = user_with_role("staff", unit=lam_binh)
    spec = ReportSpec(
        period=Period.preset("year", 2022),
        scope=Scope(unit=lam_binh),
        by=("unit",),
        measures=chosen,
    )
    build_report(spec, user=user)  # grants read and cached on the user
    with CaptureQueriesContext(connection) as queries:
        report = build_report(spec, user=user)
    assert len(queries) == expected
    assert report.measures == list(chosen)
    assert len(report.rows) == rows
    assert report.total.value(chosen[0]) == rows


# ---- a new app's measure -----------------------------------------------------------------------


@pytest.fixture
def results_measure():
    """What an app of its own would declare in ``ready()``: its source (the measured results of
    the models, read through the initiatives' selector, dated and placed as their model), a sum
    and a sentence."""

    def records(user):
        found = (
            initiative_queries.initiatives_visible_to(user)
            if user is not None
            else initiative_queries.all_initiatives()
        )
        return Quantity.objects.filter(initiative__in=found.values("pk"))

    measures.register_source(
        measures.Source(
            code="test-results",
            app="tests",
            label="Kết quả",
            title="Kết quả hỗ trợ hộ dân, %(period)s",
            records=records,
            dated=lambda start, end: initiative_queries.registered_between(
                start, end, prefix="initiative__"
            ),
            place="initiative__place",
            place_today="initiative__place_today",
            owner="initiative__owner_organization",
            dimensions=(measures.Dimension("result_kind", "Loại kết quả", "type__name"),),
        )
    )
    measures.register_measure(
        measures.Measure(
            code="households",
            label="Hộ được hỗ trợ",
            source="test-results",
            condition=lambda: Q(type__code="test-households"),
            sum_of="value",
            default=False,
            order=900,
            sentence=measures.Sentence(
                many=ngettext_lazy(
                    "%(number)s household helped", "%(number)s households helped", "count"
                ),
                zero=gettext_lazy("No household helped"),
            ),
        )
    )
    yield "households"
    measures.unregister_source("test-results")


def test_a_new_measure_joins_the_report_without_touching_reports(lam_binh, results_measure):
    kind = QuantityType.objects.create(code="test-households", name="Hộ", unit="hộ")
    other = QuantityType.objects.create(code="test-money", name="Tiền", unit="đồng")
    communes = factories.communes(lam_binh)
    this_year = factories.add(communes[:2], 2, year=2022)
    last_year = factories.add(communes[0], 1, year=2021)
    for initiative, value in zip(this_year, (Decimal("12"), Decimal("30")), strict=True):
        Quantity.objects.create(initiative=initiative, type=kind, value=value)
        Quantity.objects.create(initiative=initiative, type=other, value=Decimal("1000000"))
    Quantity.objects.create(initiative=last_year[0], type=kind, value=Decimal("5"))
    period = Period.preset("year", 2022)
    spec = ReportSpec(
        period=period,
        scope=Scope(unit=lam_binh),
        by=("unit",),
        measures=("registered", "households"),
    )
    report = build_report(spec, user=None)
    assert [(row.value("registered"), row.value("households")) for row in report.rows] == [
        (1, 12),
        (1, 30),
    ]
    figure = report.total.figures["households"]
    assert (figure.value, figure.previous) == (42, 5)
    assert report.narrative.endswith("42 households helped")
    assert measures.value_of(
        measure="households", user=None, period=period, scope=Scope(unit=lam_binh)
    ) == 42  # fmt: skip
    nothing = ReportSpec(
        period=Period.preset("year", 2020), scope=Scope(unit=lam_binh), measures=("households",)
    )
    nothing_report = build_report(nothing, user=None)
    assert nothing_report.narrative == "No household helped"
    assert subtitle(nothing_report) == "Kết quả hỗ trợ hộ dân, năm 2020"
    # Its own dimension is offered; another source's dimension it does not have is refused.
    assert "result_kind" in [d.code for d in measures.dimensions()]
    with pytest.raises(ValueError, match="cannot be grouped"):
        ReportSpec(period=period, by=("field",), measures=("households",))
    # Not a default measure: a report that does not choose its measures is unchanged.
    assert "households" not in build_report(ReportSpec(period=period), user=None).measures


# ---- the command line --------------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_cli_lists_the_measures_as_json():
    listed = json.loads(run("--list-measures", "--json"))
    first = listed[0]
    assert (first["code"], first["label"], first["app"]) == ("registered", "Đăng ký", "initiatives")
    assert first["dimensions"][:3] == ["unit", "field", "kind"]
    by_code = {item["code"]: item for item in listed}
    assert by_code["recognised_province"]["app"] == "reviews"
    assert by_code["recognised_province"]["label"] == "Công nhận cấp tỉnh"
    assert by_code["collective"]["default"] is False


def test_cli_counts_the_chosen_measures(lam_binh):
    created = factories.add(factories.communes(lam_binh), 3, year=2022, status="active")
    factories.recognise(created[0], on=date(2022, 4, 1), outcome="outstanding", level="province")
    data = json.loads(
        run(
            "--scope", "huyện Lâm Bình, tỉnh Tuyên Quang", "--from", "2022-01-01",
            "--to", "2022-12-31", "--by", "subject", "--measures", "active,outstanding",
        )
    )  # fmt: skip
    assert data["measures"] == ["active", "outstanding"]
    assert [(row["subject"], row["active"], row["outstanding"]) for row in data["rows"]] == [
        ("Tập thể", 3, 1)
    ]
    assert "registered" not in data["total"]
    assert (data["total"]["active"], data["total"]["outstanding"]) == (3, 1)
    assert data["total"]["previous"] == {"active": 0, "outstanding": 0}
    assert data["narrative"] == (
        "Tính đến ngày 31/12/2022, 3 mô hình đang thực hiện. "
        "1 mô hình được công nhận (cấp tỉnh: 1), trong đó 1 tiêu biểu."
    )
    with pytest.raises(CommandError, match="Unknown: colour"):
        run("--from", "2022-01-01", "--to", "2022-12-31", "--measures", "registered,colour")
    with pytest.raises(CommandError, match="--from and --to"):
        run("--measures", "registered")


def test_a_measure_needs_its_source_registered_first():
    with pytest.raises(ValueError, match="register its source"):
        measures.register_measure(measures.Measure(code="orphan", label="x", source="nowhere"))
    assert "orphan" not in [m.code for m in measures.measures()]


def test_the_dashboard_lists_the_apps_pending_work(client, lam_binh):
    from django.urls import reverse

    client.force_login(user_with_role("staff", unit=lam_binh))
    html = client.get(reverse("core:home")).content.decode()
    assert "Không có bản nháp nào chờ xử lý." in html
    factories.add(factories.communes(lam_binh), 2, year=2022, status="draft")
    html = client.get(reverse("core:home")).content.decode()
    assert "2 mô hình, điển hình còn là bản nháp" in html
    assert "?status=draft" in html
