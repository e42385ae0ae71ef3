from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from danvan.activities import queries, services
from danvan.activities.enums import Role
from danvan.activities.models import Activity, ActivityKind, WorkKind
from danvan.core.models import AuditEvent
from danvan.core.permissions import OutOfScope
from tests.activities import factories as f
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogues():
    f.seed()


def test_the_catalogues_are_seeded_once_and_an_entry_staff_renamed_stays():
    assert ActivityKind.objects.count() == len(f.ActivityKind.objects.all())
    kinds = ActivityKind.objects.count()
    road = WorkKind.objects.get(code="concrete-road")
    road.name = "Đường bê tông (mới)"
    road.save()
    services.seed_catalogues()
    assert ActivityKind.objects.count() == kinds
    assert WorkKind.objects.get(code="concrete-road").name == "Đường bê tông (mới)"
    assert WorkKind.objects.get(code="money").unit == "đồng"


def test_staff_extend_a_catalogue_and_a_viewer_may_not():
    staff = user_with_role("staff", unit=f.tuyen_quang())
    entry = services.save_catalogue_entry(
        catalogue="work-kind",
        data={"name": "Cầu dân sinh", "unit": "cầu", "order": 5},
        acting_user=staff,
    )
    assert (entry.code, entry.unit, entry.active) == ("cau-dan-sinh", "cầu", True)
    with pytest.raises(ValidationError) as error:
        services.save_catalogue_entry(
            catalogue="work-kind", data={"name": "CẦU DÂN SINH", "unit": "cầu"}, acting_user=staff
        )
    assert "đã có trong danh mục" in str(error.value)
    viewer = user_with_role("viewer", unit=f.tuyen_quang())
    with pytest.raises(OutOfScope):
        services.save_catalogue_entry(
            catalogue="activity-kind", data={"name": "Văn nghệ"}, acting_user=viewer
        )


def test_seed_000_is_recorded_with_its_hamlets_organisations_works_and_documents():
    activity = f.seed_000()
    assert activity.code == "HD-08-2022-00001"
    assert activity.place == f.binh_an_old()
    assert activity.place_province == "C.08."
    assert sorted(unit.name for unit in queries.activity_details(activity)["places"]) == [
        "Phiêng Luông",
        "Tống Pu",
    ]
    details = queries.activity_details(activity)
    assert [link.organization.name for link in details["organisers"]] == [
        "Sở Nội vụ tỉnh Tuyên Quang",
        "Đảng ủy Cơ quan Chính quyền huyện Lâm Bình",
    ]
    assert [(c.name, n) for c, n in details["by_category"]] == [
        ("Đảng viên", 55),
        ("Cán bộ, công chức", 40),
        ("Viên chức", 15),
    ]
    assert {(w.kind.code, w.quantity) for w in details["works"]} == {
        ("road-cleaned", Decimal("2500")),
        ("field-road", Decimal("1200")),
        ("flower-road", Decimal("800")),
        ("drains", Decimal("600")),
    }
    assert sorted(d.number for d in details["documents"]) == ["02-HD/BDVTU", "02-ĐA/HU", "54-KH/HU"]
    event = AuditEvent.objects.get(action="activities.activity.recorded")
    assert "Sở Nội vụ tỉnh Tuyên Quang (tổ chức): Đảng viên 25" in event.changes["organizations"][1]
    assert "Đường nội đồng bê tông 1.200 m" in event.changes["works"][1]


def test_a_hamlet_given_as_the_place_becomes_one_of_the_places_under_its_commune():
    tong_pu = f.hamlet("Tống Pu")
    activity = f.make_activity(place=tong_pu)
    assert activity.place == f.binh_an_old()
    assert list(activity.places.values_list("unit__name", flat=True)) == ["Tống Pu"]


def test_an_activity_needs_an_organiser_a_place_and_a_day():
    organiser = f.make_organization()
    base = {"title": "Thăm hỏi", "kind": f.kind("visits"), "place": f.binh_an_today()}
    with pytest.raises(ValidationError) as error:
        services.record_activity(
            data={**base, "start_date": date(2022, 5, 13)},
            organizations=[{"organization": organiser, "role": Role.PARTICIPANT}],
            acting_user=None,
        )
    assert "ít nhất một tổ chức" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.record_activity(
            data={**base, "start_date": date(2022, 5, 13), "end_date": date(2022, 5, 1)},
            organizations=[{"organization": organiser, "role": Role.ORGANISER}],
            acting_user=None,
        )
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.record_activity(
            data={**base, "start_date": date(2022, 5, 13)},
            organizations=[{"organization": organiser, "role": Role.ORGANISER}],
            works={f.work("trees"): Decimal("-3")},
            acting_user=None,
        )
    assert "Cây xanh trồng mới" in str(error.value)


def test_an_activity_of_a_campaign_lies_within_its_period():
    campaign = f.make_campaign()
    with pytest.raises(ValidationError) as error:
        f.make_activity(day=date(2022, 6, 2), campaign=campaign)
    assert "01/05/2022 – 31/05/2022" in str(error.value)
    assert f.make_activity(day=date(2022, 5, 31), campaign=campaign).campaign == campaign


def test_an_editor_records_only_in_their_territory_or_for_their_organisations():
    editor = user_with_role("unit_editor", unit=f.tuyen_quang())
    organiser = f.make_organization()
    activity = f.make_activity(organiser=organiser, acting_user=editor)
    assert activity.created_by == editor
    outside_org = f.make_organization(unit=f.dong_thap())
    with pytest.raises(ValidationError) as error:
        f.make_activity(place=f.thap_muoi(), organiser=outside_org, acting_user=editor)
    assert "organizations" in error.value.message_dict
    viewer = user_with_role("viewer", unit=f.tuyen_quang())
    with pytest.raises(OutOfScope):
        f.make_activity(organiser=organiser, acting_user=viewer)


def test_an_organisation_grant_records_for_its_own_organisation_anywhere():
    organiser = f.make_organization(unit=f.dong_thap())
    editor = user_with_role("unit_editor", organization=organiser)
    activity = f.make_activity(organiser=organiser, acting_user=editor)  # in Tuyên Quang
    assert queries.activities_visible_to(editor).get() == activity


def test_the_selector_sees_old_places_through_today_units_and_not_beyond():
    inside = f.seed_000()
    outside = f.make_activity(
        place=f.thap_muoi(), organiser=f.make_organization(unit=f.dong_thap())
    )
    viewer = user_with_role("viewer", unit=f.tuyen_quang())
    assert list(queries.activities_visible_to(viewer)) == [inside]
    commune = user_with_role("viewer", unit=f.binh_an_today())
    assert list(queries.activities_visible_to(commune)) == [inside]
    old_district = user_with_role("viewer", unit=f.lam_binh())
    assert list(queries.activities_visible_to(old_district)) == [inside]
    far = user_with_role("viewer", unit=f.dong_thap())
    assert list(queries.activities_visible_to(far)) == [outside]


def test_a_stale_edit_is_refused_and_an_edit_is_audited_in_words():
    activity = f.make_activity(title="Ra quân làm đường")
    organiser = activity.organizations.get().organization
    staff = user_with_role("staff", unit=f.tuyen_quang())
    changed = services.update_activity(
        activity=activity,
        data={"title": "Ra quân làm đường bê tông", "reached": 80},
        version=1,
        organizations=[
            {
                "organization": organiser,
                "role": Role.ORGANISER,
                "counts": {f.category("armed-forces"): 12},
            }
        ],
        works={f.work("concrete-road"): Decimal("350")},
        acting_user=staff,
    )
    assert (changed.version, changed.reached) == (2, 80)
    event = AuditEvent.objects.get(action="activities.activity.updated")
    assert event.changes["title"] == ["Ra quân làm đường", "Ra quân làm đường bê tông"]
    assert event.changes["works"] == ["", "Đường bê tông làm mới 350 m"]
    with pytest.raises(ValidationError) as error:
        services.update_activity(
            activity=activity,
            data={"title": "X"},
            version=1,
            acting_user=staff,
            organizations=[{"organization": organiser, "role": Role.ORGANISER}],
        )
    assert "Someone else" in str(error.value) or "người khác" in str(error.value)


def test_an_editor_cannot_change_an_activity_outside_their_scope():
    outside = f.make_activity(
        place=f.thap_muoi(), organiser=f.make_organization(unit=f.dong_thap())
    )
    editor = user_with_role("unit_editor", unit=f.tuyen_quang())
    with pytest.raises(OutOfScope):
        services.update_activity(
            activity=outside, data={"title": "X"}, version=1, acting_user=editor
        )


def test_search_ignores_diacritics_and_finds_hamlets():
    activity = f.seed_000()
    f.make_activity(title="Thăm hỏi gia đình chính sách", kind_code="visits")
    found = queries.search_activities(Activity.objects.all(), "tong pu")
    assert list(found) == [activity]
    assert list(queries.search_activities(Activity.objects.all(), "PHIÊNG LUÔNG")) == [activity]
    assert queries.search_activities(Activity.objects.all(), "thăm hoi").count() == 1


def test_filters_by_period_place_organisation_campaign_and_kind():
    activity = f.seed_000()
    other = f.make_activity(day=date(2022, 7, 2), kind_code="visits")
    every = Activity.objects.all()

    def ids(**filters):
        return set(
            queries.filter_activities(every, queries.ActivityFilters(**filters)).values_list(
                "pk", flat=True
            )
        )

    assert ids(start=date(2022, 4, 1), end=date(2022, 6, 30)) == {activity.pk}
    assert ids(unit=f.lam_binh()) == {activity.pk}
    assert ids(unit=f.binh_an_today()) == {activity.pk, other.pk}
    assert ids(unit=f.hamlet("Tống Pu")) == {activity.pk}
    so_noi_vu = activity.organizations.first().organization
    assert ids(organization=so_noi_vu) == {activity.pk}
    assert ids(kind=f.kind("visits")) == {other.pk}


def test_a_period_finds_the_activities_of_several_days_still_going_on_its_first_day():
    going_on = f.make_activity(day=date(2022, 3, 28), end_date=date(2022, 4, 2))
    ended = f.make_activity(day=date(2022, 3, 20), end_date=date(2022, 3, 31))
    one_day = f.make_activity(day=date(2022, 4, 1))
    inside = f.make_activity(day=date(2022, 4, 20), end_date=date(2022, 5, 3))
    july = f.make_activity(day=date(2022, 7, 1))
    every = Activity.objects.all()
    april = queries.ActivityFilters(start=date(2022, 4, 1), end=date(2022, 4, 30))
    found = set(queries.filter_activities(every, april).values_list("pk", flat=True))
    assert found == {going_on.pk, one_day.pk, inside.pk}
    assert ended.pk not in found
    from_april = queries.ActivityFilters(start=date(2022, 4, 2))
    found = set(queries.filter_activities(every, from_april).values_list("pk", flat=True))
    assert found == {going_on.pk, inside.pk, july.pk}


def test_the_plan_of_a_campaign_against_what_was_done_and_the_late_units():
    tq = f.legacy("L.08.")
    organiser = f.make_organization(name="Ban Dân vận Tỉnh ủy", unit=tq)
    campaign = f.make_campaign(organiser=organiser, scope_unit=tq)
    services.set_plan_line(
        campaign=campaign,
        unit=f.lam_binh(),
        planned_activities=4,
        works={f.work("field-road"): Decimal("2000")},
        acting_user=None,
    )
    services.set_plan_line(
        campaign=campaign, unit=f.legacy("L.08.070."), planned_activities=2, acting_user=None
    )
    with pytest.raises(ValidationError):
        services.set_plan_line(
            campaign=campaign, unit=f.thap_muoi(), planned_activities=1, acting_user=None
        )
    f.make_activity(
        place=f.binh_an_old(),
        campaign=campaign,
        works={f.work("field-road"): Decimal("1200")},
    )
    f.make_activity(place=f.binh_an_old(), campaign=campaign)
    progress = {p.line.unit.name: p for p in queries.plan_progress(campaign, day=date(2022, 5, 31))}
    lam_binh = progress["Lâm Bình"]
    assert (lam_binh.done, lam_binh.expected, lam_binh.percent, lam_binh.late) == (2, 4, 50, True)
    assert [(k.code, planned, done) for k, planned, done in lam_binh.works] == [
        ("field-road", Decimal("2000"), Decimal("1200"))
    ]
    city = progress["Tuyên Quang"]
    assert (city.done, city.percent, city.late) == (0, 0, True)
    mid = {p.line.unit.name: p for p in queries.plan_progress(campaign, day=date(2022, 5, 10))}
    # A third of the month gone: Lâm Bình is expected to have done 1 of 4, and did 2.
    assert (mid["Lâm Bình"].expected, mid["Lâm Bình"].late) == (1, False)


def test_a_district_sees_the_province_campaign_and_only_managers_change_it():
    tq = f.legacy("L.08.")
    organiser = f.make_organization(name="Ban Dân vận Tỉnh ủy", unit=tq)
    campaign = f.make_campaign(organiser=organiser, scope_unit=tq)
    district_staff = user_with_role("staff", unit=f.lam_binh())
    assert list(queries.campaigns_visible_to(district_staff)) == [campaign]
    far = user_with_role("staff", unit=f.dong_thap())
    assert list(queries.campaigns_visible_to(far)) == []
    editor = user_with_role("unit_editor", unit=f.tuyen_quang())
    with pytest.raises(OutOfScope):
        services.update_campaign(
            campaign=campaign, data={"name": "Đổi tên"}, version=1, acting_user=editor
        )
    staff = user_with_role("staff", unit=f.tuyen_quang())
    changed = services.update_campaign(
        campaign=campaign,
        data={"slogans": "Dân vận khéo\n\nDân vận khéo\nTrọng dân"},
        version=1,
        acting_user=staff,
    )
    assert changed.slogan_list == ["Dân vận khéo", "Trọng dân"]
