"""The builder, the files in the background and the home dashboard, as officers use them."""

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from danvan.reports.models import ReportJob
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from danvan.reports.tasks import start_job
from tests.commit import committed, rolled_back
from tests.conftest import files_under
from tests.factories.accounts import UserFactory
from tests.permissions import user_with_role
from tests.reports import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lam_binh():
    district = factories.unit("huyện Lâm Bình, tỉnh Tuyên Quang", as_of=date(2022, 1, 1))
    communes = factories.communes(district)
    factories.add(communes[:3], 12, year=2022, status="active")
    factories.add(communes[:2], 4, year=2021)
    return district


@pytest.fixture
def staff_client(client, lam_binh):
    client.force_login(user_with_role("staff", unit=lam_binh))
    return client


def query(unit, **extra):
    return {"scope": unit.pk, "preset": "year", "year": 2022, "by": "unit", **extra}


def test_builder_shows_table_narrative_chart_and_map(staff_client, lam_binh):
    response = staff_client.get(reverse("reports:builder"), query(lam_binh))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trong năm 2022, toàn huyện xây dựng được 12 mô hình tập thể." in html
    report = response.context["report"]
    assert report.total.value("registered") == 12
    assert [row.value("registered") for row in report.rows] == [4, 4, 4]
    assert 'class="chart"' in html
    assert 'class="map"' in html
    assert html.count("<circle") == 3
    # Drill-down: each commune's row opens the commune's report.
    first = report.rows[0].keys[0]
    assert f"scope={first.unit_id}" in response.context["rows"][0]["drill"]


def test_builder_answers_htmx_with_the_result_only(staff_client, lam_binh):
    response = staff_client.get(
        reverse("reports:builder"), query(lam_binh), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="report-result"')
    assert "<html" not in html


def test_builder_starts_on_the_users_unit_this_year(staff_client, lam_binh):
    response = staff_client.get(reverse("reports:builder"))
    assert response.context["report"].scope_label.startswith("Huyện Lâm Bình")


def test_builder_shows_form_errors(staff_client, lam_binh):
    response = staff_client.get(
        reverse("reports:builder"), {"preset": "custom", "year": 2022, "start": "01/02/2022"}
    )
    assert "report" not in response.context
    assert "Nhập cả ngày bắt đầu và ngày kết thúc của kỳ báo cáo." in response.content.decode()


def test_report_counts_nothing_outside_the_users_scope(client, lam_binh):
    other = factories.unit("tỉnh Cà Mau")
    viewer = user_with_role("viewer", unit=other)
    client.force_login(viewer)
    response = client.get(reverse("reports:builder"), query(lam_binh))
    # The builder refuses the scope (no report of zeros); the engine counts nothing anyway.
    assert response.context.get("report") is None
    assert "nằm ngoài phạm vi của đồng chí" in response.content.decode()
    spec = ReportSpec(period=Period.preset("year", 2022), scope=Scope(unit=lam_binh))
    assert build_report(spec, user=viewer).total.value("registered") == 0


@pytest.mark.parametrize("rows", [1, 3])
def test_builder_query_count_does_not_depend_on_rows(client, django_assert_max_num_queries, rows):
    district = factories.unit("huyện Na Hang, tỉnh Tuyên Quang", as_of=date(2022, 1, 1))
    factories.add(factories.communes(district)[:rows], rows, year=2022)
    client.force_login(user_with_role("staff", unit=district))
    # The header's three notice counts, the menu's two permission reads (its entries that need
    # a permission, e.g. the portal's editing; then kept in the cache), the reader's last write
    # (whether a report counted moments ago may be served), and a few queries per source of
    # default measures (dialogues, commitments, petitions and the opinions their narrative
    # reads), whatever the rows.
    with django_assert_max_num_queries(25):
        response = client.get(reverse("reports:builder"), query(district))
    assert response.context["report"].total.value("registered") == rows


@pytest.mark.parametrize("file_format", ["xlsx", "docx", "pdf"])
def test_file_made_in_the_background_then_downloaded(staff_client, lam_binh, file_format):
    params = "&".join(f"{k}={v}" for k, v in query(lam_binh).items())
    with committed():  # the task (run at once here) writes the file on commit
        response = staff_client.post(
            reverse("reports:export"), {"query": params, "format": file_format}
        )
    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job", args=[job.pk])
    assert (job.status, job.progress) == ("done", 100)
    page = staff_client.get(response.url).content.decode()
    assert "Tệp đã sẵn sàng" in page
    download = staff_client.get(reverse("reports:download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    assert download["Content-Disposition"].endswith(f'.{file_format}"')
    assert content[:4] == (b"%PDF" if file_format == "pdf" else b"PK\x03\x04")


def test_someone_elses_file_does_not_exist(staff_client, lam_binh, client):
    params = "&".join(f"{k}={v}" for k, v in query(lam_binh).items())
    staff_client.post(reverse("reports:export"), {"query": params, "format": "xlsx"})
    job = ReportJob.objects.get()
    client.force_login(UserFactory())
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


def test_home_dashboard_this_year_against_last_year(client):
    today = date.today()
    district = factories.unit("huyện Lâm Bình, tỉnh Tuyên Quang", as_of=date(2022, 1, 1))
    province = factories.unit("tỉnh Tuyên Quang")
    commune = factories.communes(province)[0]
    factories.add(commune, 3, year=today.year, start=date(today.year, 1, 1))
    factories.add(commune, 2, year=today.year - 1, start=date(today.year - 1, 1, 1))
    factories.add(commune, 1, year=today.year, status="draft")
    client.force_login(user_with_role("staff", unit=province))
    html = client.get(reverse("core:home")).content.decode()
    assert "Phạm vi của tôi" in html
    assert "cùng kỳ năm trước: 2" in html
    assert "1 mô hình, điển hình còn là bản nháp" in html
    assert district.path.startswith("L.08.")


def test_an_organisation_as_scope(client):
    from tests.factories.organizations import make_organization

    province = factories.unit("tỉnh Tuyên Quang")
    owner = make_organization(name="Hội Nông dân tỉnh thử", unit=province)
    commune = factories.communes(province)[0]
    factories.add(commune, 2, year=2022, owner=owner)
    factories.add(commune, 5, year=2022)
    client.force_login(user_with_role("staff", unit=province))
    response = client.get(
        reverse("reports:builder"), {"organization": owner.pk, "preset": "year", "year": 2022}
    )
    report = response.context["report"]
    assert report.scope_label == "Hội Nông dân tỉnh thử"
    assert report.total.value("registered") == 2
    assert "Trong năm 2022, Hội Nông dân tỉnh thử xây dựng được 2 mô hình tập thể." in (
        response.content.decode()
    )


def test_an_organisation_out_of_scope_cannot_be_chosen(client):
    from tests.factories.organizations import make_organization

    elsewhere = make_organization(
        name="Hội Nông dân Cà Mau thử", unit=factories.unit("tỉnh Cà Mau")
    )
    client.force_login(user_with_role("staff", unit=factories.unit("tỉnh Tuyên Quang")))
    response = client.get(
        reverse("reports:builder"), {"organization": elsewhere.pk, "preset": "year", "year": 2022}
    )
    assert "report" not in response.context
    assert "Hội Nông dân Cà Mau thử" not in response.content.decode()


def test_an_empty_scope_is_the_users_scope_not_the_whole_country(staff_client, lam_binh, client):
    params = {"scope": "", "preset": "year", "year": 2022, "by": "subject"}
    html = staff_client.get(reverse("reports:builder"), params).content.decode()
    assert "Trong năm 2022, các đơn vị trong phạm vi xây dựng được 12 mô hình tập thể." in html
    assert "cả nước" not in html
    assert "Toàn bộ phạm vi được xem — Năm 2022" in html
    client.force_login(UserFactory(is_superuser=True))
    everything = client.get(reverse("reports:builder"), params).content.decode()
    assert "Trong năm 2022, cả nước xây dựng được 12 mô hình tập thể." in everything


def test_a_report_file_made_in_a_transaction_that_rolls_back_leaves_no_file(lam_binh, media_dir):
    user = user_with_role("staff", unit=lam_binh)
    params = "&".join(f"{k}={v}" for k, v in query(lam_binh).items())
    with rolled_back():  # a later step of the caller fails
        start_job(user=user, query=params, file_format="xlsx", title="Báo cáo")
    assert ReportJob.objects.count() == 0
    assert files_under(media_dir) == []
    with committed():
        job = start_job(user=user, query=params, file_format="xlsx", title="Báo cáo")
    job.refresh_from_db()
    assert files_under(media_dir) == [job.file.name]


def test_a_report_file_missing_from_the_storage_is_not_found(staff_client, lam_binh):
    params = "&".join(f"{k}={v}" for k, v in query(lam_binh).items())
    with committed():
        staff_client.post(reverse("reports:export"), {"query": params, "format": "xlsx"})
    job = ReportJob.objects.get()
    default_storage.delete(job.file.name)
    response = staff_client.get(reverse("reports:download", args=[job.pk]))
    assert response.status_code == 404


def test_home_figures_come_from_the_cache_until_the_reader_writes_or_they_age(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.initiatives.factories import make_initiative

    today = date.today()
    province = factories.unit("tỉnh Tuyên Quang")
    commune = factories.communes(province)[0]
    factories.add(commune, 3, year=today.year, start=date(today.year, 1, 1))
    reader = user_with_role("staff", unit=province)
    client.force_login(reader)

    def home():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("core:home"))
        figures = {str(f["label"]): f["figure"].value for f in response.context["figures"]}
        counting = [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        return figures, counting, response

    first, counted, response = home()
    second, counted_again, _ = home()
    assert second == first
    assert first["Đăng ký"] == 3
    assert len(counted_again) < len(counted)  # the report is not built again
    counted_at = timezone.localtime(response.context["counted_at"]).strftime("%H:%M")
    assert f"số liệu lúc {counted_at}" in response.content.decode()

    # a colleague registers a model: served as counted for a short while …
    make_initiative(place=commune, year=today.year)
    third, _, _ = home()
    assert third["Đăng ký"] == 3
    # … until the figures age out of the cache (here: dropped)
    cache.clear()
    fourth, _, _ = home()
    assert fourth["Đăng ký"] == 4

    # the reader's own write shows at once
    make_initiative(place=commune, year=today.year, acting_user=reader)
    fifth, _, _ = home()
    assert fifth["Đăng ký"] == 5


def test_the_builder_serves_a_report_counted_moments_ago_and_counts_again_after_own_writes(
    client, lam_binh
):
    from django.core.cache import cache

    from tests.factories.organizations import make_organization
    from tests.initiatives.factories import make_initiative

    reader = user_with_role("staff", unit=lam_binh)
    client.force_login(reader)
    commune = factories.communes(lam_binh)[0]

    def registered():
        response = client.get(reverse("reports:builder"), query(lam_binh))
        return response.context["report"].total.value("registered"), response

    first, response = registered()
    assert first == 12
    counted_at = timezone.localtime(response.context["counted_at"]).strftime("%H:%M")
    assert f"số liệu lúc {counted_at}" in response.content.decode()

    # a colleague's model: the report counted moments ago is served …
    make_initiative(place=commune, year=2022)
    assert registered()[0] == 12
    # … until it ages out of the cache (here: dropped)
    cache.clear()
    assert registered()[0] == 13
    # the reader's own model shows at once
    mine = make_organization(name="Ban Dân vận huyện Lâm Bình (thử)", unit=lam_binh)
    make_initiative(place=commune, year=2022, owner_organization=mine, acting_user=reader)
    assert registered()[0] == 14
    # another period is another report
    other = client.get(reverse("reports:builder"), query(lam_binh, year=2021))
    assert other.context["report"].total.value("registered") == 4


def test_the_figure_cells_show_the_change_from_the_previous_period(staff_client, lam_binh):
    from danvan.core.measures import Figure
    from danvan.reports.templatetags.report_table import figure_cell

    response = staff_client.get(reverse("reports:builder"), query(lam_binh))
    html = response.content.decode()
    # 12 models in 2022 against 4 in 2021, in the total row (not coloured)
    assert (
        '<td class="num">12<small class="change" title="Cùng kỳ: 4">+8 (+200,0%)</small></td>'
    ) in html
    # a commune with 4 in 2022 and 2 in 2021 (rows are coloured by direction)
    assert (
        '<td class="num">4<small class="change change--up" title="Cùng kỳ: 2">+2 (+100,0%)'
        "</small></td>"
    ) in html
    assert str(figure_cell(Figure(value=0, previous=0))) == '<td class="num">0</td>'
    fell = str(figure_cell(Figure(value=1500, previous=2000)))
    assert fell == (
        '<td class="num">1.500<small class="change change--down" title="Cùng kỳ: 2.000">'
        "-500 (-25,0%)</small></td>"
    )
