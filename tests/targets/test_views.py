"""The targets pages as officers see them: the dashboard in words and colours, a target's units,
the forms that create, split and report, and the inspection page."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.core.models import AuditEvent
from danvan.targets import services
from danvan.targets.models import Inspection, Programme, Target, TargetValue
from tests.initiatives.factories import binh_an, make_initiative
from tests.permissions import user_with_role
from tests.targets.factories import (
    commune_of,
    dong_thap,
    make_inspection,
    make_organization,
    make_programme,
    make_target,
    tuyen_quang,
)

pytestmark = pytest.mark.django_db


def client_for(role="staff", unit=None):
    client = Client()
    client.force_login(user_with_role(role, unit=unit or tuyen_quang()))
    return client


@pytest.fixture
def dashboard():
    programme = make_programme()
    models = make_target(programme, number="1", target_value=Decimal(10))
    rate = make_target(
        programme,
        number="2",
        name="Tỷ lệ chi bộ có mô hình",
        rollup="same",
        unit_of_measure="%",
        target_value=Decimal(100),
    )
    make_target(programme, number="3", name="Chỉ tiêu chưa có số liệu")
    one, two = commune_of(tuyen_quang(), 0), commune_of(tuyen_quang(), 1)
    services.cascade_target(target=models, shares={one: 5, two: 5}, acting_user=None)
    share = Target.objects.get(parent=models, unit=one)
    services.record_value(target=share, as_of=date(2023, 6, 30), value=6, acting_user=None)
    services.record_value(target=rate, as_of=date(2023, 6, 30), value=100, acting_user=None)
    return programme, models


def test_the_dashboard_says_where_each_target_stands_in_words(dashboard):
    programme, _models = dashboard
    body = client_for("viewer").get(f"/chi-tieu/{programme.pk}/").content.decode()
    assert "Đến nay có 1/3 chỉ tiêu đạt và vượt." in body
    assert 'class="standing standing--met">Đạt<' in body
    assert 'class="standing standing--no_data">Chưa có số liệu<' in body
    assert "Tỷ lệ chi bộ có mô hình" in body


def test_a_targets_page_drills_down_to_its_units(dashboard):
    _programme, models = dashboard
    body = client_for("viewer").get(f"/chi-tieu/muc/{models.pk}/").content.decode()
    assert commune_of(tuyen_quang(), 0).full_name in body
    assert commune_of(tuyen_quang(), 1).full_name in body
    assert "Tổng phần phân bổ cho các đơn vị" in body


def test_the_dashboard_reads_a_constant_number_of_queries(dashboard, django_assert_max_num_queries):
    programme, models = dashboard
    client = client_for("viewer")
    client.get(f"/chi-tieu/{programme.pk}/")  # warm the session
    with django_assert_max_num_queries(25) as few:
        client.get(f"/chi-tieu/{programme.pk}/")
    for n in range(2, 8):
        make_target(programme, number=str(n + 2), name=f"Chỉ tiêu {n}")
    services.cascade_target(
        target=models,
        shares={commune_of(tuyen_quang(), n): 1 for n in range(2, 8)},
        acting_user=None,
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/chi-tieu/{programme.pk}/")


def test_staff_create_a_programme_and_a_target_through_the_forms():
    staff = user_with_role("staff", unit=tuyen_quang())
    owner = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=tuyen_quang())
    client = Client()
    client.force_login(staff)
    response = client.post(
        "/chi-tieu/them/",
        {
            "name": "Nghị quyết 05 về dân vận",
            "owner": owner.pk,
            "unit": tuyen_quang().pk,
            "starts_on": "01/01/2021",
            "ends_on": "31/12/2025",
        },
    )
    programme = Programme.objects.get(name="Nghị quyết 05 về dân vận")
    assert response.status_code == 302
    response = client.post(
        f"/chi-tieu/{programme.pk}/them-chi-tieu/",
        {
            "number": "1",
            "name": "Mô hình Dân vận khéo",
            "unit_of_measure": "mô hình",
            "target_value": "1.500",
            "direction": "at_least",
            "rollup": "sum",
            "measurement": "reported",
            "milestones": "31/12/2023: 700",
        },
    )
    target = Target.objects.get(programme=programme)
    assert target.target_value == Decimal(1500)
    assert list(target.milestones.values_list("value", flat=True)) == [Decimal(700)]


def test_a_bad_milestone_line_is_shown_again_with_what_was_typed():
    programme = make_programme()
    response = client_for().post(
        f"/chi-tieu/{programme.pk}/them-chi-tieu/",
        {
            "name": "X",
            "unit_of_measure": "%",
            "target_value": "5",
            "direction": "at_least",
            "rollup": "sum",
            "measurement": "reported",
            "milestones": "cuối năm: 50",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 1: ghi mốc theo dạng 31/12/2023: 50." in body
    assert "cuối năm: 50" in body


def test_a_proportional_split_through_the_form_shares_by_communes():
    programme = make_programme()
    target = make_target(programme, target_value=Decimal(100))
    response = client_for().post(f"/chi-tieu/muc/{target.pk}/phan-bo/", {"mode": "proportional"})
    assert response.status_code == 302
    shares = Target.objects.filter(parent=target)
    assert shares.count() > 10
    assert sum(s.target_value for s in shares) == Decimal(100)


def test_a_unit_editor_reports_a_figure_with_a_note():
    target = make_target(make_programme())
    client = client_for("unit_editor")
    response = client.post(
        f"/chi-tieu/muc/{target.pk}/bao-cao/",
        {"as_of": "30/06/2023", "value": "42", "note": "Theo báo cáo 6 tháng"},
    )
    assert response.status_code == 302
    value = TargetValue.objects.get(target=target)
    assert (value.value, value.note) == (Decimal(42), "Theo báo cáo 6 tháng")
    body = client.get(f"/chi-tieu/muc/{target.pk}/").content.decode()
    assert "Theo báo cáo 6 tháng" in body
    assert "<svg" in body


def test_the_inspection_page_lists_its_team_sessions_and_recommendations():
    inspection = make_inspection()
    services.add_member(
        inspection=inspection, name="Nguyễn Văn Trưởng", role="Trưởng đoàn", acting_user=None
    )
    services.add_session(
        inspection=inspection,
        data={
            "unit": commune_of(tuyen_quang()),
            "held_on": date(2022, 8, 19),
            "received_by": "Ban Thường vụ Huyện ủy",
        },
        acting_user=None,
    )
    services.add_recommendation(
        inspection=inspection,
        data={
            "title": "Rà soát các chỉ tiêu",
            "organization": inspection.organization,
            "due": date(2022, 12, 31),
        },
        acting_user=None,
    )
    body = client_for("viewer").get(f"/khao-sat/{inspection.pk}/").content.decode()
    for text in ("Nguyễn Văn Trưởng", "Ban Thường vụ Huyện ủy", "Rà soát các chỉ tiêu"):
        assert text in body


def test_a_session_outside_the_area_is_refused_on_the_form():
    inspection = make_inspection()
    response = client_for().post(
        f"/khao-sat/{inspection.pk}/buoi-lam-viec/",
        {"unit": commune_of(dong_thap()).pk, "held_on": "19/08/2022"},
    )
    assert response.status_code == 400
    assert "Đơn vị đến làm việc phải thuộc địa bàn" in response.content.decode()
    assert not Inspection.objects.get().sessions.exists()


def test_the_timelines_name_every_change_in_vietnamese():
    programme = make_programme()
    target = make_target(programme, milestones=[(date(2023, 12, 31), Decimal(40))])
    services.cascade_target(
        target=target, shares={commune_of(tuyen_quang()): Decimal(5)}, acting_user=None
    )
    services.record_value(target=target, as_of=date(2023, 6, 30), value=7, acting_user=None)
    inspection = make_inspection(programme=programme)
    services.add_session(
        inspection=inspection,
        data={"unit": commune_of(tuyen_quang()), "held_on": date(2022, 8, 19)},
        acting_user=None,
    )
    client = client_for("viewer")
    body = client.get(f"/chi-tieu/muc/{target.pk}/").content.decode()
    for words in ("Các mốc", "Phần phân bổ", "Tính đến ngày", "31/12/2023: 40", "30/06/2023"):
        assert words in body
    for raw in ("milestones", "shares", "as_of"):
        assert f">{raw}<" not in body
    body = client.get(f"/khao-sat/{inspection.pk}/").content.decode()
    assert "Đơn vị đến làm việc" in body
    assert "unit_visited" not in body


def test_the_trend_chart_writes_its_coordinates_with_a_dot_whatever_the_language():
    target = make_target(make_programme(), milestones=[(date(2023, 12, 31), Decimal(40))])
    services.record_value(target=target, as_of=date(2023, 6, 30), value=33, acting_user=None)
    body = client_for("viewer").get(f"/chi-tieu/muc/{target.pk}/").content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    coordinates = re.findall(r' (?:x|y|x1|y1|x2|y2|cx|cy)="([^"]+)"', svg)
    assert coordinates
    assert all(re.fullmatch(r"\d+(\.\d+)?", c) for c in coordinates), coordinates


def test_the_list_of_programmes_says_how_many_targets_are_met(dashboard):
    body = client_for("viewer").get("/chi-tieu/").content.decode()
    assert "1/3 đạt" in body
    assert 'class="standing standing--no_data">Chưa có số liệu<' in body


@pytest.mark.parametrize(
    ("url", "make"), [("/chi-tieu/", "programme"), ("/khao-sat/", "inspection")]
)
def test_a_list_reads_as_many_queries_for_one_row_as_for_three(url, make):
    maker = {"programme": lambda: make_target(make_programme()), "inspection": make_inspection}
    client = client_for("viewer")
    maker[make]()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    maker[make]()
    maker[make]()
    with CaptureQueriesContext(connection) as three:
        body = client.get(url).content.decode()
    assert len(three) == len(one)
    assert body.count("<tr>") >= 4


def test_a_person_on_file_joins_the_team_under_their_own_name():
    from tests.factories.organizations import make_person

    inspection = make_inspection()
    person = make_person(full_name="Lê Thị Thành Viên", unit=tuyen_quang())
    response = client_for().post(
        f"/khao-sat/{inspection.pk}/thanh-vien/", {"person": person.pk, "role": "Thành viên"}
    )
    assert response.status_code == 302
    member = inspection.members.get()
    assert (member.name, member.person, member.role) == (person.full_name, person, "Thành viên")


def test_the_count_again_button_counts_in_the_background_as_the_user():
    programme = make_programme()
    target = make_target(programme, measurement="computed", measure="registered")
    make_initiative(place=binh_an(), year=2023)
    staff = user_with_role("staff", unit=tuyen_quang())
    client = Client()
    client.force_login(staff)
    response = client.post(f"/chi-tieu/{programme.pk}/tinh-lai/", follow=True)
    assert "đang được tính lại" in response.content.decode()
    target.refresh_from_db()
    assert target.current_value == Decimal(1)
    event = AuditEvent.objects.get(action="targets.programme.recomputed")
    assert event.actor == staff
