import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.accounts.enums import Role
from danvan.initiatives import services
from danvan.initiatives.enums import Status
from danvan.initiatives.models import Initiative
from danvan.territory.models import AdministrativeUnit
from tests.initiatives.factories import (
    binh_an,
    dong_thap,
    field,
    make_initiative,
    make_organization,
    quantity_type,
    seed,
    thap_muoi,
    tuyen_quang,
)
from tests.initiatives.views_helpers import client_for, text_of
from tests.permissions import READER_ROLES, check_matrix

pytestmark = pytest.mark.django_db

EVERY_ROLE_READS = dict.fromkeys(READER_ROLES, (200, 404))
EDITORS_CHANGE = {
    Role.ADMIN: (200, 404),
    Role.STAFF: (200, 404),
    Role.UNIT_EDITOR: (200, 404),
    Role.REVIEWER: (403, 404),
    Role.VIEWER: (403, 404),
}
PAGES = [
    ("/mo-hinh/{pk}/", EVERY_ROLE_READS),
    ("/mo-hinh/{pk}/in/", EVERY_ROLE_READS),
    ("/mo-hinh/{pk}/sua/", EDITORS_CHANGE),
    ("/mo-hinh/{pk}/tien-do/", EDITORS_CHANGE),
]
CODE = re.compile(r"\b\d{2}-\d{4}-\d{5}\b")


@pytest.fixture(autouse=True)
def catalogues():
    seed()


def codes(body: str) -> list[str]:
    """The codes in the list's table, in the order shown."""
    if "<tbody>" not in body:
        return []
    table = body.partition("<tbody>")[2].partition("</tbody>")[0]
    return CODE.findall(table)


def lam_binh_binh_an() -> AdministrativeUnit:
    """Xã Bình An of huyện Lâm Bình (old map), part of today's xã Bình An."""
    return AdministrativeUnit.objects.get(era="legacy", level="commune", code="02290")


# ---- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "expect"), PAGES)
def test_matrix_on_a_unit_scope(pair, path, expect):
    check_matrix(
        url_for=lambda initiative: path.format(pk=initiative.pk),
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        expect=expect,
    )


@pytest.mark.parametrize(("path", "expect"), PAGES)
def test_matrix_on_an_organisation_scope_covers_its_own_initiatives_only(path, expect):
    """A registering unit (an organisation grant) reaches its own organisation's models; a
    model of another organisation at the same place does not exist for it."""
    own = make_organization(name="Đoàn Thanh niên xã Bình An", unit=binh_an())
    other = make_organization(name="Hội Phụ nữ xã Bình An", unit=binh_an())
    inside = make_initiative(name="Thanh niên dân vận khéo", owner_organization=own)
    outside = make_initiative(name="Phụ nữ dân vận khéo", owner_organization=other)
    check_matrix(
        url_for=lambda initiative: path.format(pk=initiative.pk),
        inside=inside,
        outside=outside,
        scope_organization=own,
        expect=expect,
    )


def test_matrix_transition_post_changes_nothing_when_refused(pair):
    inside, outside = pair
    check_matrix(
        url_for=lambda initiative: f"/mo-hinh/{initiative.pk}/trang-thai/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data={"to_status": "ended", "reason": ""},  # refused: registered cannot end
        expect=EDITORS_CHANGE,
    )
    assert Initiative.objects.get(pk=inside.pk).status == Status.REGISTERED
    assert Initiative.objects.get(pk=outside.pk).status == Status.REGISTERED


def test_register_page_only_for_roles_that_edit():
    assert client_for(Role.UNIT_EDITOR).get("/mo-hinh/dang-ky/").status_code == 200
    assert client_for(Role.VIEWER).get("/mo-hinh/dang-ky/").status_code == 403
    assert client_for(Role.REVIEWER).get("/mo-hinh/dang-ky/").status_code == 403


def test_readers_see_no_actions_and_editors_do(pair):
    inside = pair[0]
    viewer = client_for(Role.VIEWER).get(f"/mo-hinh/{inside.pk}/").content.decode()
    staff = client_for(Role.STAFF).get(f"/mo-hinh/{inside.pk}/").content.decode()
    for url in (f"/mo-hinh/{inside.pk}/sua/", f"/mo-hinh/{inside.pk}/tien-do/"):
        assert url not in viewer
        assert url in staff
    assert f"/mo-hinh/{inside.pk}/trang-thai/" not in viewer
    assert f"/mo-hinh/{inside.pk}/trang-thai/" in staff
    assert f"/mo-hinh/{inside.pk}/in/" in viewer


# ---- the list --------------------------------------------------------------------------------


def test_list_shows_only_initiatives_in_scope(pair):
    inside, outside = pair
    body = client_for(Role.VIEWER).get("/mo-hinh/").content.decode()
    assert codes(body) == [inside.code]
    assert inside.name in body
    assert outside.name not in body
    body = client_for(Role.VIEWER, unit=dong_thap()).get("/mo-hinh/").content.decode()
    assert codes(body) == [outside.code]


def test_list_search_ignores_diacritics_and_case(pair):
    make_initiative(name="Tuyến đường nở hoa", content="Vận động nhân dân ở thôn Bình An trồng hoa")
    client = client_for()
    assert codes(client.get("/mo-hinh/", {"q": "binh an"}).content.decode()) == sorted(
        [pair[0].code, "08-2023-00002"]
    )
    assert codes(client.get("/mo-hinh/", {"q": "DUONG NO HOA"}).content.decode()) == [
        "08-2023-00002"
    ]
    assert codes(client.get("/mo-hinh/", {"q": "08-2023-00001"}).content.decode()) == [
        "08-2023-00001"
    ]
    assert codes(client.get("/mo-hinh/", {"q": "khong co"}).content.decode()) == []


def test_list_filters_by_values():
    economy = field("Kinh tế")
    legacy_binh_an = lam_binh_binh_an()
    org = make_organization(name="Hội Nông dân tỉnh Tuyên Quang")
    branch = make_organization(name="Chi hội Nông dân thôn Nà Tông", parent=org)
    a = make_initiative(year=2021, place=legacy_binh_an, fields=[economy], border_area=True)
    b = make_initiative(year=2023, owner_organization=branch, religious_area=True)
    c = make_initiative(year=2024, kind="exemplar", status=Status.ACTIVE)
    d = make_initiative(year=2024, place=AdministrativeUnit.objects.get(pk=tuyen_quang().pk))
    client = client_for()

    def found(**params):
        return sorted(codes(client.get("/mo-hinh/", params).content.decode()))

    everything = sorted([a.code, b.code, c.code, d.code])
    assert found() == everything
    assert found(year=2024) == sorted([c.code, d.code])
    assert found(year_from=2022, year_to=2023) == [b.code]
    assert found(year_from=2023) == sorted([b.code, c.code, d.code])
    assert found(field=economy.pk) == [a.code]
    assert found(kind="exemplar") == [c.code]
    assert found(status="active") == [c.code]
    assert found(border_area="on") == [a.code]
    assert found(religious_area="on") == [b.code]
    assert found(organization=org.pk) == [b.code]  # the organisation and those under it
    # Today's xã Bình An holds the old xã Bình An of huyện Lâm Bình (through today's path).
    assert found(unit=binh_an().pk) == sorted([a.code, b.code, c.code])
    assert found(unit=tuyen_quang().pk) == everything
    assert found(unit=dong_thap().pk) == []
    # Bad values are ignored, not errors.
    assert found(year="abc", kind="khong-co", status="", unit="x") == everything


def test_list_sorts_by_name_code_and_year():
    b = make_initiative(name="Bảo vệ môi trường", year=2022)
    a = make_initiative(name="An toàn giao thông", year=2024)
    c = make_initiative(name="Chung tay xây dựng nông thôn mới", year=2023)
    client = client_for()

    def order(sort):
        return codes(client.get("/mo-hinh/", {"sort": sort}).content.decode())

    assert order("name") == [a.code, b.code, c.code]
    assert order("code") == sorted([a.code, b.code, c.code])
    assert order("year") == [a.code, c.code, b.code]
    assert order("newest") == [c.code, a.code, b.code]


def test_list_counts_by_status_for_the_current_filter():
    make_initiative(year=2024)
    make_initiative(year=2024, status=Status.ACTIVE)
    make_initiative(year=2024, status=Status.ACTIVE)
    make_initiative(year=2020, status=Status.ACTIVE)
    body = client_for().get("/mo-hinh/", {"year": 2024, "status": "registered"}).content.decode()
    assert len(codes(body)) == 1
    # Counted over the other filters (the year), every status.
    counts = dict(re.findall(r'<li data-status="(\w+)"[^>]*>[^<]*: (\d+)</li>', body))
    assert counts == {"registered": "1", "active": "2"}


def test_list_paginates_by_fifty_and_keeps_the_filters_in_the_links():
    for number in range(51):
        make_initiative(name=f"Mô hình số {number:02d}", year=2022)
    client = client_for()
    first = client.get("/mo-hinh/", {"year": 2022, "sort": "name"}).content.decode()
    assert len(codes(first)) == 50
    assert "year=2022&amp;sort=name&amp;page=2" in first
    second = client.get("/mo-hinh/", {"year": 2022, "sort": "name", "page": 2}).content.decode()
    assert codes(second) == ["08-2022-00051"]


def test_list_answers_htmx_with_the_results_only_and_links_the_export(pair):
    client = client_for()
    body = client.get("/mo-hinh/", {"q": "binh an"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body
    assert codes(body) == [pair[0].code]
    assert "/mo-hinh/excel/xuat/?q=binh+an" in body


def test_list_links_import_and_template_for_those_who_register_only(pair):
    staff = client_for(Role.STAFF).get("/mo-hinh/").content.decode()
    viewer = client_for(Role.VIEWER).get("/mo-hinh/").content.decode()
    for url in ("/mo-hinh/excel/nhap/", "/mo-hinh/excel/mau/", "/mo-hinh/dang-ky/"):
        assert url in staff
        assert url not in viewer


def test_list_query_count_does_not_grow_with_rows():
    client = client_for()
    make_initiative(fields=[field("Kinh tế")])
    client.get("/mo-hinh/")  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        body = client.get("/mo-hinh/", {"q": "mo hinh", "unit": tuyen_quang().pk}).content.decode()
    assert len(codes(body)) == 1
    make_initiative(place=lam_binh_binh_an())
    make_initiative(owner_organization=make_organization(name="Hội Cựu chiến binh tỉnh"))
    with CaptureQueriesContext(connection) as three:
        body = client.get("/mo-hinh/", {"q": "mo hinh", "unit": tuyen_quang().pk}).content.decode()
    assert len(codes(body)) == 3
    assert len(three) == len(one)


def test_list_says_when_nothing_is_registered_yet():
    body = client_for().get("/mo-hinh/").content.decode()
    assert codes(body) == []
    assert "Chưa có mô hình, điển hình nào được đăng ký trong phạm vi của đồng chí." in body


# ---- one initiative --------------------------------------------------------------------------


def test_detail_shows_the_place_today_the_owner_and_the_lineage():
    legacy_binh_an = lam_binh_binh_an()
    source = make_initiative(name="Mô hình gốc", year=2021)
    copy = make_initiative(name="Bản nhân rộng", place=legacy_binh_an, replicated_from=source)
    make_initiative(name="Nhân rộng lần hai", replicated_from=copy)
    make_initiative(name="Nhân rộng ở Đồng Tháp", place=thap_muoi(), replicated_from=source)
    client = client_for()
    body = text_of(client.get(f"/mo-hinh/{copy.pk}/").content.decode())
    assert "Xã Bình An, Huyện Lâm Bình, Tỉnh Tuyên Quang" in body  # as it was
    assert "Xã Bình An, Tỉnh Tuyên Quang" in body  # today's unit
    assert copy.owner_organization.name in body
    assert "08-2021-00001 — Mô hình gốc" in body
    assert "Nhân rộng lần hai" in body
    source_page = client.get(f"/mo-hinh/{source.pk}/").content.decode()
    assert 'data-replications="3"' in source_page
    assert "Bản nhân rộng" in source_page
    assert "Nhân rộng lần hai" in source_page
    # Out of scope, it is counted, never named.
    assert "Nhân rộng ở Đồng Tháp" not in source_page


def test_detail_timeline_merges_status_changes_progress_and_edits():
    initiative = make_initiative(name="Mô hình có lịch sử", status=Status.ACTIVE)
    services.add_progress(
        initiative=initiative,
        day=date(2024, 3, 5),
        text="Làm xong 300 m đường bê tông",
        quantities={quantity_type("road"): "300"},
        acting_user=None,
    )
    current = Initiative.objects.get(pk=initiative.pk)
    services.update_initiative(
        initiative=current,
        data={"partners": "Đoàn Thanh niên"},
        version=current.version,
        acting_user=None,
    )
    body = text_of(client_for().get(f"/mo-hinh/{initiative.pk}/").content.decode())
    assert "05/03/2024" in body
    assert "Làm xong 300 m đường bê tông" in body
    assert "300 m" in body
    assert "Thử nghiệm" in body  # the reason of the status change
    assert "Đoàn Thanh niên" in body


def test_print_view_has_the_record_without_navigation(pair):
    services.set_quantities(
        initiative=pair[0], quantities={quantity_type("money"): "97000000"}, acting_user=None
    )
    body = client_for(Role.VIEWER).get(f"/mo-hinh/{pair[0].pk}/in/").content.decode()
    assert "main-nav" not in body
    assert pair[0].code in body
    assert pair[0].name in body
    assert "97.000.000 đ" in body
    today = timezone.localdate()
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    place_and_date = rf"Tuyên Quang, \D+ {today:%d} \D+ {month} \D+ {today:%Y}"
    assert re.search(place_and_date, text_of(body))


# ---- the picker ------------------------------------------------------------------------------


def test_picker_offers_visible_models_only(pair):
    make_initiative(name="Điển hình Bình An", kind="exemplar")
    body = client_for(Role.VIEWER).get("/mo-hinh/chon/", {"q": "dan van kheo"}).content.decode()
    assert pair[0].code in body
    assert pair[1].code not in body
    assert "data-place-option" in body
    staff = client_for().get("/mo-hinh/chon/", {"q": "binh an"}).content.decode()
    assert "Điển hình Bình An" not in staff  # only a model can be replicated
