import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from danvan.activities import services
from danvan.activities.models import Activity
from tests.activities import factories as f
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogues():
    f.seed()


@pytest.fixture
def staff_client(client):
    staff = user_with_role("staff", unit=f.tuyen_quang())
    client.force_login(staff)
    client.user = staff
    return client


def test_the_list_shows_seed_000_and_the_search_ignores_diacritics(staff_client):
    activity = f.seed_000()
    f.make_activity(title="Thăm hỏi gia đình chính sách", kind_code="visits")
    body = staff_client.get("/hoat-dong/").content.decode()
    assert "Ra quân giúp Nhân dân thôn Tống Pu" in body
    assert "Thăm hỏi gia đình chính sách" in body
    assert "2 hoạt động" in body
    found = staff_client.get("/hoat-dong/", {"q": "phieng luong"}, HTTP_HX_REQUEST="true")
    text = found.content.decode()
    assert f"/hoat-dong/{activity.pk}/" in text
    assert "Thăm hỏi gia đình" not in text
    assert "<html" not in text  # the htmx answer is the results alone
    by_kind = staff_client.get("/hoat-dong/", {"kind": f.kind("visits").pk}).content.decode()
    assert "Thăm hỏi gia đình chính sách" in by_kind
    assert "thôn Tống Pu" not in by_kind.split('id="activity-results"')[1]


def test_the_list_does_not_show_what_is_out_of_scope(staff_client):
    f.make_activity(
        title="Hoạt động ở Đồng Tháp",
        place=f.thap_muoi(),
        organiser=f.make_organization(unit=f.dong_thap()),
    )
    body = staff_client.get("/hoat-dong/").content.decode()
    assert "Hoạt động ở Đồng Tháp" not in body
    assert "Chưa có hoạt động nào" in body


def test_the_list_reads_the_same_number_of_queries_for_1_row_and_3(staff_client):
    def count(rows):
        staff_client.get("/hoat-dong/")  # warm the session and the grants
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get("/hoat-dong/")
        assert response.content.decode().count('<td><a href="/hoat-dong/') == rows
        return len(queries)

    f.make_activity()
    one = count(1)
    f.make_activity()
    f.make_activity()
    assert count(3) == one


def test_the_activity_page_shows_places_organisations_counts_works_and_documents(staff_client):
    activity = f.seed_000()
    body = staff_client.get(f"/hoat-dong/{activity.pk}/").content.decode()
    assert "Xã Bình An, huyện Lâm Bình" in body or "xã Bình An" in body
    assert "Thôn Tống Pu" in body or "thôn Tống Pu" in body
    assert "Sở Nội vụ tỉnh Tuyên Quang" in body
    assert "Đảng viên: 55" in body
    assert "Đường nội đồng bê tông: 1.200 m" in body
    assert "54-KH/HU" in body
    assert "Ghi nhận hoạt động" in body  # the timeline


def test_an_activity_out_of_scope_is_not_found(staff_client):
    outside = f.make_activity(
        place=f.thap_muoi(), organiser=f.make_organization(unit=f.dong_thap())
    )
    assert staff_client.get(f"/hoat-dong/{outside.pk}/").status_code == 404
    assert staff_client.get(f"/hoat-dong/{outside.pk}/sua/").status_code == 404


def test_an_officer_records_the_seed_000_activity_through_the_form(client):
    editor = user_with_role("unit_editor", unit=f.tuyen_quang())
    client.force_login(editor)
    so_noi_vu, dang_uy = f.seed_000_organisations()
    documents = f.seed_000_documents(so_noi_vu, dang_uy)
    tong_pu, phieng_luong = f.hamlet("Tống Pu"), f.hamlet("Phiêng Luông")
    page = client.get("/hoat-dong/ghi-nhan/").content.decode()
    assert "Ghi nhận hoạt động" in page
    party, civil = f.category("party-members"), f.category("civil-servants")
    data = {
        "title": "Ra quân giúp Nhân dân xây dựng nông thôn mới",
        "kind": f.kind("labour").pk,
        "start_date": "13/05/2022",
        "place": f.binh_an_old().pk,
        "place_1": tong_pu.pk,
        "place_2": phieng_luong.pk,
        "org_1": so_noi_vu.pk,
        "role_1": "organiser",
        f"count_1_{party.pk}": "25",
        f"count_1_{civil.pk}": "40",
        "org_2": dang_uy.pk,
        "role_2": "organiser",
        f"count_2_{party.pk}": "30",
        "reached": "120",
        f"work_{f.work('field-road').pk}": "1.200",
        f"work_{f.work('flower-road').pk}": "800",
        "documents": ", ".join(d.number for d in documents),
    }
    response = client.post("/hoat-dong/ghi-nhan/", data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert response["Location"] == f"/hoat-dong/{activity.pk}/"
    assert activity.created_by == editor
    assert sorted(activity.places.values_list("unit__name", flat=True)) == [
        "Phiêng Luông",
        "Tống Pu",
    ]
    assert sum(activity.headcounts.values_list("count", flat=True)) == 95
    assert activity.works.get(kind__code="field-road").quantity == Decimal("1200")
    assert activity.documents.count() == 3


def test_a_refused_form_keeps_what_was_typed_and_says_why(staff_client):
    response = staff_client.post(
        "/hoat-dong/ghi-nhan/",
        {
            "title": "Dọn vệ sinh đường làng",
            "kind": f.kind("labour").pk,
            "start_date": "13/05/2022",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dọn vệ sinh đường làng" in body
    assert "Chọn xã, phường nơi diễn ra hoạt động." in body
    response = staff_client.post(
        "/hoat-dong/ghi-nhan/",
        {
            "title": "Dọn vệ sinh",
            "kind": f.kind("labour").pk,
            "start_date": "13/05/2022",
            "place": f.binh_an_today().pk,
            "documents": "999-KH/XX",
        },
    )
    assert "Không có văn bản số 999-KH/XX" in response.content.decode()


def test_the_edit_form_shows_the_activity_and_saves_a_change(staff_client):
    activity = f.seed_000()
    page = staff_client.get(f"/hoat-dong/{activity.pk}/sua/").content.decode()
    assert "Ra quân giúp Nhân dân thôn Tống Pu" in page
    assert 'value="2500"' in page or 'value="2500.00"' in page
    from tests.core.test_no_server_error import page_forms

    form = page_forms(staff_client, f"/hoat-dong/{activity.pk}/sua/", "post")
    data = dict(form["data"].items())
    data["title"] = ["Ra quân làm đường ở Bình An"]
    response = staff_client.post(f"/hoat-dong/{activity.pk}/sua/", data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Ra quân làm đường ở Bình An"
    assert activity.version == 2
    assert activity.places.count() == 2
    assert activity.organizations.count() == 2
    assert activity.works.count() == 4


def test_the_calendar_shows_the_activity_on_its_day(staff_client):
    activity = f.seed_000()
    body = staff_client.get("/hoat-dong/lich/", {"year": 2022, "month": 5}).content.decode()
    assert "Hoạt động tháng 05/2022" in body
    assert f"/hoat-dong/{activity.pk}/" in body
    empty = staff_client.get("/hoat-dong/lich/", {"year": 2022, "month": 6}).content.decode()
    assert f"/hoat-dong/{activity.pk}/" not in empty


def test_the_export_holds_one_row_an_activity_with_its_figures(staff_client):
    f.seed_000()
    f.make_activity(title="Hoạt động khác", kind_code="visits")
    response = staff_client.get("/hoat-dong/excel/xuat/", {"q": "tong pu"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "Mã")
    data = [dict(zip(header, r, strict=True)) for r in rows if r and str(r[0]).startswith("HD-")]
    assert [row["Mã"] for row in data] == ["HD-08-2022-00001"]
    row = data[0]
    assert row["Đơn vị tổ chức"].startswith("Sở Nội vụ tỉnh Tuyên Quang; ")
    assert (row["Đảng viên"], row["Cán bộ, công chức"]) == (55, 40)
    assert row["Đường nội đồng bê tông (m)"] == 1200
    assert row["Địa bàn"] == "xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang"


def test_the_campaign_page_shows_plan_against_done_with_bars_and_late_units(staff_client):
    tq = f.legacy("L.08.")
    organiser = f.make_organization(name="Ban Dân vận Tỉnh ủy", unit=tq)
    campaign = f.make_campaign(
        organiser=organiser, scope_unit=tq, name="Tháng Dân vận năm 2022", slogans="Trọng dân"
    )
    services.set_plan_line(
        campaign=campaign,
        unit=f.lam_binh(),
        planned_activities=4,
        works={f.work("field-road"): Decimal("2000")},
        acting_user=None,
    )
    f.make_activity(
        place=f.binh_an_old(), campaign=campaign, works={f.work("field-road"): Decimal("1200")}
    )
    body = staff_client.get(f"/dot-phong-trao/{campaign.pk}/").content.decode()
    assert "Tháng Dân vận năm 2022" in body
    assert "“Trọng dân”" in body
    assert '<progress max="100" value="25"' in body
    assert "1 / 4 (25%)" in body
    assert "Đường nội đồng bê tông: 1.200 m / 2.000 m" in body
    assert "Chậm so với kế hoạch" in body  # the campaign is over: 1 of 4 is late


def test_staff_set_a_unit_plan_from_the_campaign_page(staff_client):
    tq = f.legacy("L.08.")
    campaign = f.make_campaign(organiser=f.make_organization(unit=tq), scope_unit=tq)
    response = staff_client.post(
        f"/dot-phong-trao/{campaign.pk}/ke-hoach/",
        {"unit": f.lam_binh().pk, "planned_activities": "6", "due_date": "20/05/2022"},
    )
    assert response.status_code == 302
    line = campaign.plan_lines.get()
    assert (line.unit, line.planned_activities, line.due_date) == (
        f.lam_binh(),
        6,
        date(2022, 5, 20),
    )
    refused = staff_client.post(
        f"/dot-phong-trao/{campaign.pk}/ke-hoach/",
        {"unit": f.thap_muoi().pk, "planned_activities": "2"},
    )
    assert "phải thuộc địa bàn triển khai" in refused.content.decode()


def test_staff_create_a_campaign_through_the_form(staff_client):
    organiser = f.make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang")
    response = staff_client.post(
        "/dot-phong-trao/tao/",
        {
            "name": "Tháng Dân vận 2022",
            "kind": "month",
            "start_date": "01/10/2022",
            "end_date": "31/10/2022",
            "organiser": organiser.pk,
            "slogans": "Dân vận khéo\nTrọng dân, gần dân",
        },
    )
    assert response.status_code == 302
    body = staff_client.get(response["Location"]).content.decode()
    assert "Tháng Dân vận 2022" in body
    assert "“Trọng dân, gần dân”" in body
    assert "Tỉnh Tuyên Quang" in body or "tỉnh Tuyên Quang" in body


def test_a_person_page_lists_their_activities_and_days_with_the_people_per_year(staff_client):
    from danvan.activities.enums import Role
    from tests.factories.organizations import make_person

    person = make_person(full_name="Hoàng Văn Thử")
    organiser = f.make_organization()
    for day, end in ((date(2022, 5, 13), None), (date(2022, 9, 1), date(2022, 9, 3))):
        services.record_activity(
            data={
                "title": f"Hoạt động ngày {day:%d/%m}",
                "kind": f.kind("labour"),
                "place": f.binh_an_today(),
                "start_date": day,
                "end_date": end,
            },
            organizations=[{"organization": organiser, "role": Role.ORGANISER}],
            people=[person],
            acting_user=None,
        )
    body = staff_client.get(f"/can-bo/{person.pk}/").content.decode()
    assert "Hoạt động với Nhân dân" in body
    assert "<td>2022</td><td>2</td><td>4</td>" in body
    assert "Hoạt động ngày 01/09" in body
    org_page = staff_client.get(f"/to-chuc/{organiser.pk}/").content.decode()
    assert "Hoạt động ngày 13/05" in org_page
    assert f"/hoat-dong/?organization={organiser.pk}" in org_page


def test_a_page_shows_no_activity_panel_when_there_is_none(staff_client):
    organiser = f.make_organization()
    body = staff_client.get(f"/to-chuc/{organiser.pk}/").content.decode()
    assert "Số ngày với Nhân dân" not in body


def test_staff_extend_the_catalogue_and_the_form_offers_the_new_kind(staff_client):
    response = staff_client.post(
        "/hoat-dong/danh-muc/activity-kind/",
        {"activity-kind-name": "Văn nghệ, thể thao cùng Nhân dân", "activity-kind-order": "5"},
    )
    assert response.status_code == 302
    page = staff_client.get("/hoat-dong/danh-muc/").content.decode()
    assert "Văn nghệ, thể thao cùng Nhân dân" in page
    form = staff_client.get("/hoat-dong/ghi-nhan/").content.decode()
    assert "Văn nghệ, thể thao cùng Nhân dân" in form
    kind = f.ActivityKind.objects.get(name="Văn nghệ, thể thao cùng Nhân dân")
    staff_client.post(
        "/hoat-dong/danh-muc/activity-kind/",
        {
            "entry": kind.pk,
            "activity-kind-name": kind.name,
            "activity-kind-order": "5",
            "activity-kind-active": "0",
        },
    )
    kind.refresh_from_db()
    assert kind.active is False
    form = staff_client.get("/hoat-dong/ghi-nhan/").content.decode()
    assert f'<option value="{kind.pk}"' not in form
    again = staff_client.post(
        "/hoat-dong/danh-muc/activity-kind/",
        {"activity-kind-name": "lao dong cung nhan dan"},
        follow=True,
    )
    assert "Tên này đã có trong danh mục." in again.content.decode()
