"""The targets' services: who may set and report what, the cascade summed back up, figures
reported and computed (the report's own figure), and the standings they give."""

from datetime import date
from decimal import Decimal as D  # noqa: N817 — short in tables of figures

import pytest
from django.core.exceptions import ValidationError

from danvan.core import measures
from danvan.core.models import AuditEvent
from danvan.core.permissions import OutOfScope
from danvan.targets import services
from danvan.targets.enums import Standing
from danvan.targets.models import Target, TargetValue
from danvan.territory.models import AdministrativeUnit
from tests.initiatives.factories import binh_an, make_initiative
from tests.permissions import user_with_role
from tests.targets.factories import (
    commune_of,
    dong_thap,
    make_organization,
    make_programme,
    make_target,
    tuyen_quang,
)

pytestmark = pytest.mark.django_db


def test_staff_create_a_programme_in_their_province_and_it_is_audited():
    staff = user_with_role("staff", unit=tuyen_quang())
    programme = make_programme(acting_user=staff)
    event = AuditEvent.objects.get(action="targets.programme.created")
    assert event.object_id == str(programme.pk)
    assert event.changes["unit"] == [None, "Tỉnh Tuyên Quang"]


def test_staff_cannot_create_a_programme_for_another_province():
    staff = user_with_role("staff", unit=tuyen_quang())
    other = make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap())
    with pytest.raises(ValidationError) as error:
        make_programme(owner=other, unit=dong_thap(), acting_user=staff)
    assert "owner" in error.value.message_dict


def test_a_leader_who_only_reads_cannot_create_a_programme():
    viewer = user_with_role("viewer", unit=tuyen_quang())
    with pytest.raises(OutOfScope):
        make_programme(acting_user=viewer)


def test_a_target_outside_the_programmes_area_is_refused():
    programme = make_programme()
    with pytest.raises(ValidationError) as error:
        make_target(programme, unit=commune_of(dong_thap()))
    assert "unit" in error.value.message_dict


def test_a_computed_target_needs_a_measure_danvan_counts():
    programme = make_programme()
    with pytest.raises(ValidationError) as error:
        make_target(programme, measurement="computed", measure="no-such-measure")
    assert "measure" in error.value.message_dict


def test_a_proportional_split_shares_the_whole_exactly_and_sums_back_up():
    programme = make_programme()
    target = make_target(programme, target_value=D(100), milestones=[(date(2023, 12, 31), D(40))])
    communes = [commune_of(tuyen_quang(), n) for n in range(3)]
    shares = services.proportional_shares(target, communes)
    assert list(shares.values()) == [D("33.33"), D("33.33"), D("33.34")]
    children = services.cascade_target(target=target, shares=shares, acting_user=None)
    assert len(children) == 3
    assert services.planned_total(target) == D(100)
    first = Target.objects.get(parent=target, unit=communes[0])
    assert list(first.milestones.values_list("value", flat=True)) == [D("13.33")]


def test_a_split_by_hand_updates_a_units_share_and_refuses_a_unit_outside():
    programme = make_programme()
    target = make_target(programme)
    commune = commune_of(tuyen_quang())
    services.cascade_target(target=target, shares={commune: D(10)}, acting_user=None)
    services.cascade_target(target=target, shares={commune: D(12)}, acting_user=None)
    assert Target.objects.get(parent=target).target_value == D(12)
    with pytest.raises(ValidationError):
        services.cascade_target(
            target=target, shares={commune_of(dong_thap()): D(5)}, acting_user=None
        )


def test_a_rate_is_the_same_for_every_unit():
    programme = make_programme()
    target = make_target(programme, rollup="same", target_value=D(90), unit_of_measure="%")
    communes = [commune_of(tuyen_quang(), n) for n in range(2)]
    assert set(services.proportional_shares(target, communes).values()) == {D(90)}


def test_a_commune_reports_its_figure_and_the_province_sums_it_up():
    programme = make_programme()
    target = make_target(programme, target_value=D(10))
    one, two = commune_of(tuyen_quang(), 0), commune_of(tuyen_quang(), 1)
    services.cascade_target(target=target, shares={one: D(5), two: D(5)}, acting_user=None)
    editor = user_with_role("unit_editor", unit=one)
    share = Target.objects.get(parent=target, unit=one)
    services.record_value(
        target=share, as_of=date(2023, 6, 30), value="6", note="Sáu mô hình", acting_user=editor
    )
    share.refresh_from_db()
    target.refresh_from_db()
    assert share.standing == Standing.MET
    assert target.current_value == D(6)
    assert target.standing != Standing.NO_DATA
    row = TargetValue.objects.get(target=share)
    assert (row.value, row.note, row.recorded_by) == (D(6), "Sáu mô hình", editor)
    other = Target.objects.get(parent=target, unit=two)
    with pytest.raises(OutOfScope):
        services.record_value(target=other, as_of=date(2023, 6, 30), value=1, acting_user=editor)


def test_a_second_report_for_the_same_date_corrects_the_first():
    target = make_target(make_programme())
    services.record_value(target=target, as_of=date(2023, 6, 30), value=40, acting_user=None)
    services.record_value(target=target, as_of=date(2023, 6, 30), value=45, acting_user=None)
    assert list(TargetValue.objects.values_list("value", flat=True)) == [D(45)]
    events = AuditEvent.objects.filter(action="targets.target.value_reported").order_by("id")
    assert events.last().changes["value"] == ["40.00", "45.00"] or events.last().changes[
        "value"
    ] == [D(40), D(45)]


def test_a_figure_before_the_programme_or_in_the_future_is_refused():
    target = make_target(make_programme())
    for day in (date(2020, 12, 31), date(2999, 1, 1)):
        with pytest.raises(ValidationError) as error:
            services.record_value(target=target, as_of=day, value=1, acting_user=None)
        assert "as_of" in error.value.message_dict


def test_a_computed_target_is_not_reported_but_counted_as_the_report_counts():
    programme = make_programme()
    target = make_target(programme, measurement="computed", measure="registered", target_value=3)
    make_initiative(place=binh_an(), year=2023)
    make_initiative(place=binh_an(), year=2024)
    with pytest.raises(ValidationError):
        services.record_value(target=target, as_of=date(2024, 1, 1), value=1, acting_user=None)
    written = services.recompute_programme(
        programme=programme, as_of=date(2024, 12, 31), acting_user=None
    )
    assert written == 1
    target.refresh_from_db()
    period = services.values.Period(programme.starts_on, date(2024, 12, 31))
    expected = measures.value_of(
        measure="registered", user=None, period=period, scope=measures.Scope(unit=tuyen_quang())
    )
    assert target.current_value == D(expected) == D(2)
    # 2 in four years from 0: the line reaches 2.5 by the end of 2025, short of 3.
    assert (target.projection, target.standing) == (D("2.50"), Standing.AT_RISK)


def test_a_stale_edit_of_a_target_is_refused():
    target = make_target(make_programme())
    services.update_target(target=target, data={"name": "Mới"}, version=1, acting_user=None)
    with pytest.raises(ValidationError):
        services.update_target(target=target, data={"name": "Cũ"}, version=1, acting_user=None)
    target.refresh_from_db()
    assert target.name == "Mới"


def test_the_nightly_command_counts_every_computed_target_again():
    from io import StringIO

    from django.core.management import call_command

    programme = make_programme()
    target = make_target(programme, measurement="computed", measure="registered", target_value=3)
    make_initiative(place=binh_an(), year=2023)
    out = StringIO()
    call_command("targets", "recompute", "--as-of", "31/12/2024", stdout=out)
    assert "1 chương trình, 1 số liệu" in out.getvalue()
    target.refresh_from_db()
    assert (target.current_value, target.current_as_of) == (D(1), date(2024, 12, 31))


def test_the_units_of_a_computed_target_are_counted_together_as_value_of_counts_each(
    django_assert_max_num_queries,
):
    programme = make_programme()
    target = make_target(programme, measurement="computed", measure="registered", target_value=9)
    communes = [binh_an(), commune_of(tuyen_quang(), 0), commune_of(tuyen_quang(), 1)]
    services.cascade_target(target=target, shares=dict.fromkeys(communes, 3), acting_user=None)
    make_initiative(place=binh_an(), year=2023)
    make_initiative(place=binh_an(), year=2024)
    make_initiative(place=communes[1], year=2023)
    make_initiative(place=communes[1], year=2019)  # before the programme: not counted
    with django_assert_max_num_queries(20):
        written = services.recompute_programme(
            programme=programme, as_of=date(2024, 12, 31), acting_user=None
        )
    assert written == 4
    period = services.values.Period(programme.starts_on, date(2024, 12, 31))
    for child in Target.objects.filter(parent=target).select_related("unit"):
        expected = measures.value_of(
            measure="registered", user=None, period=period, scope=measures.Scope(unit=child.unit)
        )
        assert child.current_value == D(expected)
    figures = sorted(Target.objects.filter(parent=target).values_list("current_value", flat=True))
    assert figures == [D(0), D(1), D(2)]
    target.refresh_from_db()
    assert target.current_value == D(3)


def test_a_computed_target_of_one_kind_counts_the_row_of_the_report_grouped_by_kind():
    programme = make_programme()
    target = make_target(
        programme,
        measurement="computed",
        measure="registered",
        measure_where={"kind": "exemplar"},
        target_value=5,
    )
    make_initiative(place=binh_an(), year=2023)  # a model
    make_initiative(place=binh_an(), year=2023, kind="exemplar")
    services.recompute_programme(programme=programme, as_of=date(2024, 12, 31), acting_user=None)
    target.refresh_from_db()
    assert target.current_value == D(1)


def test_a_share_of_communes_with_at_least_n_models_is_a_percentage_of_the_communes():
    programme = make_programme()
    target = make_target(
        programme,
        measurement="computed",
        measure="registered",
        per_commune_at_least=2,
        unit_of_measure="%",
        rollup="same",
        target_value=100,
    )
    make_initiative(place=binh_an(), year=2023)
    make_initiative(place=binh_an(), year=2024)
    make_initiative(place=commune_of(tuyen_quang(), 0), year=2023)  # only one: not counted
    services.recompute_programme(programme=programme, as_of=date(2024, 12, 31), acting_user=None)
    target.refresh_from_db()
    communes = AdministrativeUnit.objects.filter(
        era="current", level="commune", path__startswith=tuyen_quang().path
    ).count()
    assert target.current_value == (D(100) / communes).quantize(D("0.01"))


def test_a_dimension_the_measure_cannot_be_limited_to_is_refused():
    with pytest.raises(ValidationError) as error:
        make_target(
            make_programme(),
            measurement="computed",
            measure="registered",
            measure_where={"no_such": "x"},
        )
    assert "measure_where" in error.value.message_dict


def test_the_computed_targets_are_counted_again_every_night_by_the_task_worker():
    from datetime import time

    from danvan.core import registry

    scheduled = {item.key: item for item in registry.scheduled()}["targets-recompute"]
    assert (scheduled.command, scheduled.daily_at) == (("targets", "recompute"), time(3, 15))


def test_a_three_level_cascade_of_a_computed_target_counts_every_level():
    from danvan.territory.queries import resolve_place

    old = date(2022, 1, 1)
    province = resolve_place("tỉnh Đồng Tháp", as_of=old).unit
    district = resolve_place("huyện Tháp Mười, tỉnh Đồng Tháp", as_of=old).unit
    programme = make_programme(unit=province)
    target = make_target(programme, measurement="computed", measure="registered", target_value=9)
    share = services.cascade_target(target=target, shares={district: 5}, acting_user=None)[0]
    commune = AdministrativeUnit.objects.filter(parent=district).order_by("path").first()
    services.cascade_target(target=share, shares={commune: 2}, acting_user=None)
    make_initiative(place=commune, year=2022)
    written = services.recompute_programme(
        programme=programme, as_of=date(2024, 12, 31), acting_user=None
    )
    assert written == 3
    figures = dict(Target.objects.filter(programme=programme).values_list("unit", "current_value"))
    assert figures == {province.pk: D(1), district.pk: D(1), commune.pk: D(1)}


def test_a_district_splits_its_share_but_does_not_lower_it():
    from danvan.territory.queries import resolve_place

    old = date(2022, 1, 1)
    province = resolve_place("tỉnh Đồng Tháp", as_of=old).unit
    district = resolve_place("huyện Tháp Mười, tỉnh Đồng Tháp", as_of=old).unit
    programme = make_programme(unit=province)
    target = make_target(programme, target_value=100)
    share = services.cascade_target(target=target, shares={district: 20}, acting_user=None)[0]
    district_staff = user_with_role("staff", unit=district)
    commune = AdministrativeUnit.objects.filter(parent=district).order_by("path").first()
    services.cascade_target(target=share, shares={commune: 5}, acting_user=district_staff)
    with pytest.raises(OutOfScope):
        services.update_target(
            target=share,
            data={"target_value": 1},
            version=share.version,
            acting_user=district_staff,
        )
    province_staff = user_with_role("staff", unit=dong_thap())
    share.refresh_from_db()
    services.update_target(
        target=share, data={"target_value": 25}, version=share.version, acting_user=province_staff
    )
    share.refresh_from_db()
    assert share.target_value == D(25)


def test_two_targets_counted_alike_share_one_count_and_each_gets_its_units_figures():
    programme = make_programme()
    communes = [binh_an(), commune_of(tuyen_quang(), 0)]
    first, second = (
        make_target(programme, number=n, measurement="computed", measure="registered")
        for n in ("1", "2")
    )
    for target in (first, second):
        services.cascade_target(target=target, shares=dict.fromkeys(communes, 1), acting_user=None)
    make_initiative(place=binh_an(), year=2023)
    services.recompute_programme(programme=programme, as_of=date(2024, 12, 31), acting_user=None)
    for target in (first, second):
        figures = dict(target.children.values_list("unit", "current_value"))
        assert figures == {binh_an().pk: D(1), communes[1].pk: D(0)}
        target.refresh_from_db()
        assert target.current_value == D(1)
