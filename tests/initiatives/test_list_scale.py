"""What keeps the list fast at national scale stays right: the capped count of a text search,
the search index (SQLite FTS5 / PostgreSQL trigrams) following every write, and the copied
province of today that a province's scope reads."""

import re
from datetime import date

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from danvan.accounts.enums import Role
from danvan.initiatives import queries, services
from danvan.initiatives.models import Initiative
from danvan.initiatives.searching import ensure_search_index, sqlite_fts_available
from danvan.territory import services as territory_services
from danvan.territory.models import AdministrativeUnit
from tests.initiatives.factories import (
    binh_an,
    dong_thap,
    make_initiative,
    seed,
    thap_muoi,
    tuyen_quang,
)
from tests.initiatives.test_views_pages import codes, lam_binh_binh_an
from tests.initiatives.views_helpers import client_for, text_of
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogues():
    seed()


def found(client, **params) -> list[str]:
    return sorted(codes(client.get("/mo-hinh/", params).content.decode()))


def status_counts(body: str) -> dict[str, str]:
    return dict(re.findall(r'<li data-status="(\w+)"[^>]*>[^<]*: (\d+)</li>', body))


# ---- the count of a text search --------------------------------------------------------------


def test_search_over_the_cap_says_more_than_the_cap_and_counts_exactly_on_demand(monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    made = [make_initiative(name=f"Dân vận khéo ở xã Bình An {n}") for n in range(3)]
    make_initiative(name="Thắp sáng đường quê")
    client = client_for()

    body = client.get("/mo-hinh/", {"q": "binh an"}).content.decode()
    assert sorted(codes(body)) == sorted(item.code for item in made)
    assert "Hơn 2 kết quả" in text_of(body)
    assert status_counts(body) == {}  # not counted: no figures by status
    assert "q=binh+an&amp;count=exact" in body
    assert "Đếm chính xác" in body

    body = client.get("/mo-hinh/", {"q": "binh an", "count": "exact"}).content.decode()
    assert "3 mô hình, điển hình" in text_of(body)
    assert "Hơn 2" not in body
    assert status_counts(body) == {"registered": "3"}

    # Last in the order, beyond the first cap + 1 matches: still found with its status.
    active = make_initiative(name="Xóm Bình An xanh", status="active")
    body = client.get("/mo-hinh/", {"q": "binh an", "status": "active"}).content.decode()
    assert "Hơn 2 kết quả" in text_of(body)
    assert codes(body) == [active.code]


def test_search_under_the_cap_is_counted_exactly_by_status(monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 5)
    first = make_initiative(name="Dân vận khéo ở xã Bình An")
    make_initiative(name="Bình An xanh, sạch, đẹp", status="active")
    make_initiative(name="Thắp sáng đường quê")
    body = client_for().get("/mo-hinh/", {"q": "binh an", "status": "registered"}).content.decode()
    assert codes(body) == [first.code]
    assert "1 mô hình, điển hình" in text_of(body)
    assert status_counts(body) == {"registered": "1", "active": "1"}


def test_capped_search_pages_without_a_number_of_pages(monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 60)
    for number in range(61):
        make_initiative(name=f"Mô hình Bình An số {number:02d}", year=2022)
    client = client_for()
    first = client.get("/mo-hinh/", {"q": "binh an", "sort": "name"}).content.decode()
    assert len(codes(first)) == 50
    assert "Trang 1" in text_of(first)
    assert "Trang 1/" not in text_of(first)
    assert "q=binh+an&amp;sort=name&amp;page=2" in first
    second = client.get("/mo-hinh/", {"q": "binh an", "sort": "name", "page": 2}).content.decode()
    assert codes(second) == [f"08-2022-{n:05d}" for n in range(51, 62)]
    assert "page=3" not in second


def test_list_query_count_is_the_same_counted_capped_and_searched(monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    for number in range(3):
        make_initiative(name=f"Dân vận khéo ở xã Bình An {number}")
    client = client_for()
    client.get("/mo-hinh/")  # warm the session and the caches
    counted = {}
    for label, params in {
        "list": {},
        "filters": {"year": 2023, "status": "registered", "sort": "name"},
        "search capped": {"q": "binh an"},
        "search exact": {"q": "binh an", "count": "exact"},
        "search under the cap": {"q": "binh an 1"},
    }.items():
        with CaptureQueriesContext(connection) as captured:
            body = client.get("/mo-hinh/", params).content.decode()
        assert codes(body), label
        counted[label] = len(captured)
    assert len(set(counted.values())) == 1, counted


# ---- accent-insensitive search through the index ---------------------------------------------


def test_search_ignores_the_stroke_of_d_both_ways():
    stroke = make_initiative(name="Đường hoa Đồng Tâm", content="Đoàn viên dọn đường làng")
    plain = make_initiative(name="Duong hoa thon Dong")
    client = client_for()
    both = sorted([stroke.code, plain.code])
    assert found(client, q="duong hoa") == both
    assert found(client, q="ĐƯỜNG HOA") == both
    assert found(client, q="đường hoa đồng tâm") == [stroke.code]
    assert found(client, q="doan vien don") == [stroke.code]  # in the content
    assert found(client, q="ng") == both  # under three letters: scanned, still found
    assert found(client, q='"; DROP TABLE x; --') == []  # quotes and punctuation are only text


def test_search_follows_register_edit_and_status_changes():
    initiative = make_initiative(name="Tiết kiệm giúp nhau phát triển kinh tế")
    client = client_for()
    assert found(client, q="giup nhau") == [initiative.code]
    services.update_initiative(
        initiative=initiative,
        data={"name": "Khu dân cư an toàn", "content": "Tổ tự quản đêm"},
        version=initiative.version,
        acting_user=None,
    )
    assert found(client, q="giup nhau") == []
    assert found(client, q="dan cu an toan") == [initiative.code]
    assert found(client, q="tu quan dem") == [initiative.code]
    services.transition(initiative=initiative, to_status="active", acting_user=None)
    assert found(client, q="dan cu an toan") == [initiative.code]
    Initiative.objects.filter(pk=initiative.pk).delete()
    assert found(client, q="dan cu an toan") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_sqlite_search_index_is_rebuilt_when_a_migration_lost_its_triggers():
    assert sqlite_fts_available(connection)
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER initiatives_search_ai")
    missed = make_initiative(name="Hiến đất làm đường")  # written while the trigger was gone
    assert ensure_search_index(connection) is True
    assert ensure_search_index(connection) is False  # complete now: nothing to do
    later = make_initiative(name="Hiến đất mở đường vào bản")
    assert found(client_for(), q="hien dat") == sorted([missed.code, later.code])


# ---- the copied province of today ------------------------------------------------------------


def test_the_province_copy_follows_the_place_on_register_and_edit():
    initiative = make_initiative(place=lam_binh_binh_an())  # old map: today's Tuyên Quang
    assert initiative.place_province == tuyen_quang().path == "C.08."
    services.update_initiative(
        initiative=initiative,
        data={"place": thap_muoi()},
        version=initiative.version,
        acting_user=None,
    )
    initiative.refresh_from_db()
    assert initiative.place_province == dong_thap().path
    assert services.place_copies(binh_an()) == {"place_province": "C.08."}


def test_province_scope_through_the_copy_is_the_path_rule():
    made = [
        make_initiative(place=binh_an()),
        make_initiative(place=lam_binh_binh_an()),
        make_initiative(place=AdministrativeUnit.objects.get(pk=tuyen_quang().pk)),
        make_initiative(place=thap_muoi()),
    ]
    for province in (tuyen_quang(), dong_thap()):
        staff = user_with_role(Role.STAFF, unit=province)
        by_rule = Initiative.objects.filter(
            Q(place__path__startswith=province.path)
            | Q(place__today_path__startswith=province.path)
        )
        visible = queries.initiatives_visible_to(staff)
        assert set(visible.values_list("pk", flat=True)) == set(
            by_rule.values_list("pk", flat=True)
        )
        assert visible.count() == (3 if province.code == "08" else 1)
    assert len(made) == 4


def test_a_new_succession_moves_old_initiatives_into_the_new_province_scope():
    old_commune = lam_binh_binh_an()
    initiative = make_initiative(place=old_commune, year=2021)
    tuyen_quang_staff = client_for(Role.STAFF, unit=tuyen_quang())
    dong_thap_staff = client_for(Role.STAFF, unit=dong_thap())
    assert found(tuyen_quang_staff) == [initiative.code]
    assert found(dong_thap_staff) == []
    # The split rule now sends the old commune's records to a commune of Đồng Tháp.
    territory_services.add_succession(
        predecessor=old_commune,
        successor=thap_muoi(),
        kind="split",
        effective_date=date(2025, 7, 1),
        is_default=True,
        acting_user=None,
    )
    initiative.refresh_from_db()
    assert initiative.place_province == dong_thap().path
    assert found(tuyen_quang_staff) == []
    assert found(dong_thap_staff) == [initiative.code]


def test_excel_export_holds_the_filtered_list_in_scope_whatever_its_count(monkeypatch):
    from io import BytesIO

    from openpyxl import load_workbook

    monkeypatch.setattr(queries, "COUNT_CAP", 1)  # the page is capped; the export is not
    wanted = [
        make_initiative(name="Dân vận khéo ở xã Bình An", place=lam_binh_binh_an(), year=2021),
        make_initiative(name="Bình An sáng, xanh", status="active"),
    ]
    make_initiative(name="Thắp sáng đường quê")  # another search
    make_initiative(name="Dân vận khéo ở Bình An", place=thap_muoi())  # out of scope
    client = client_for(Role.VIEWER)

    def exported(**params) -> list[str]:
        content = client.get("/mo-hinh/excel/xuat/", params).content
        sheet = load_workbook(BytesIO(content), read_only=True).active
        return sorted(
            str(row[0])
            for row in sheet.iter_rows(values_only=True)
            if row and row[0] and re.fullmatch(r"\d{2}-\d{4}-\d{5}", str(row[0]))
        )

    assert exported(q="BINH AN") == sorted(item.code for item in wanted)
    assert exported(q="binh an", status="active") == [wanted[1].code]
    assert exported(q="binh an", unit=tuyen_quang().pk, year=2021) == [wanted[0].code]
