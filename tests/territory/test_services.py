from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danvan.core.queries import events_for_object
from danvan.territory import services
from danvan.territory.enums import Level, Source, SuccessionKind, UnitType
from danvan.territory.queries import current_successors, resolve_place, rollup_unit, subtree
from tests.territory.helpers import current_commune, legacy_commune

pytestmark = pytest.mark.django_db


def test_staff_add_a_hamlet_under_a_commune_of_each_map(admin_user):
    # Seed 000: thôn Tống Pu of xã Bình An (before the reform) …
    old = services.add_unit(
        parent=legacy_commune("02290"),
        unit_type=UnitType.THON,
        name="Tống Pu",
        valid_to=date(2025, 6, 30),
        acting_user=admin_user,
    )
    # … and the same hamlet under today's xã Bình An.
    new = services.add_unit(
        parent=current_commune("02296"),
        unit_type=UnitType.THON,
        name="Tống Pu",
        acting_user=admin_user,
    )
    assert old.level == new.level == Level.HAMLET
    assert old.era == "legacy"
    assert new.era == "current"
    assert str(new.valid_from) == "2025-07-01"
    assert old.path == f"L.08.071.02290.s{old.pk}."
    assert old in subtree(legacy_commune("02290"))
    assert old.source == Source.STAFF
    assert resolve_place("thôn Tống Pu, xã Bình An, huyện Lâm Bình").unit == old
    event = events_for_object(new).get()
    assert event.action == "territory.unit.added"
    assert event.actor == admin_user
    assert event.changes["name"] == [None, "Tống Pu"]
    # A hamlet of the old map counts for today's commune its commune became.
    assert rollup_unit(old) == current_commune("02296")
    assert current_successors(old) == [current_commune("02296")]


def test_a_hamlet_cannot_sit_under_a_province_or_outlive_its_commune(admin_user):
    province = legacy_commune("02290").parent.parent
    with pytest.raises(ValidationError) as error:
        services.add_unit(
            parent=province, unit_type=UnitType.THON, name="X", acting_user=admin_user
        )
    assert "Không thể đặt thôn trực tiếp dưới Tỉnh Tuyên Quang." in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.add_unit(
            parent=legacy_commune("02290"),
            unit_type=UnitType.THON,
            name="Phiêng Luông",
            acting_user=admin_user,
        )
    assert "30/06/2025" in str(error.value)


def test_a_duplicate_hamlet_is_refused(admin_user):
    commune = current_commune("02296")
    services.add_unit(
        parent=commune, unit_type=UnitType.THON, name="Phiêng Luông", acting_user=admin_user
    )
    with pytest.raises(ValidationError):
        services.add_unit(
            parent=commune, unit_type=UnitType.THON, name="phieng luong", acting_user=admin_user
        )


def test_a_commune_merged_in_2019_is_recorded_with_its_successor(admin_user):
    district = legacy_commune("02290").parent
    former = services.add_former_unit(
        parent=district,
        unit_type=UnitType.XA,
        name="Xã Cũ Thử Nghiệm".removeprefix("Xã "),
        valid_from=None,
        valid_to=date(2019, 12, 31),
        successor=legacy_commune("02290"),
        acting_user=admin_user,
    )
    assert former.valid_to == date(2019, 12, 31)
    link = former.successions_out.get()
    assert link.successor == legacy_commune("02290")
    assert link.kind == SuccessionKind.MERGED
    assert link.effective_date == date(2020, 1, 1)
    # Its records count, through 2019 and 2025, for today's xã Bình An.
    assert rollup_unit(former) == current_commune("02296")
    assert resolve_place("xã Cũ Thử Nghiệm, huyện Lâm Bình", as_of=date(2018, 6, 1)).unit == former
    assert resolve_place("xã Cũ Thử Nghiệm, huyện Lâm Bình", as_of=date(2021, 6, 1)).unit is None
    actions = [e.action for e in events_for_object(former)]
    assert sorted(actions) == ["territory.succession.added", "territory.unit.added"]


def test_a_succession_must_follow_the_end_of_the_old_unit(admin_user):
    with pytest.raises(ValidationError):
        services.add_succession(
            predecessor=legacy_commune("02290"),
            successor=current_commune("02296"),
            kind=SuccessionKind.MERGED,
            effective_date=date(2024, 1, 1),
            acting_user=admin_user,
        )


def test_a_stale_edit_is_refused_and_loses_nothing(admin_user):
    hamlet = services.add_unit(
        parent=current_commune("02296"),
        unit_type=UnitType.BAN,
        name="Nà Cọn",
        acting_user=admin_user,
    )
    services.update_unit(
        unit=hamlet, data={"name": "Nà Cọn Mới"}, version=1, acting_user=admin_user
    )
    with pytest.raises(ValidationError) as error:
        services.update_unit(
            unit=hamlet, data={"name": "Bản Khác"}, version=1, acting_user=admin_user
        )
    assert "Có người khác đã sửa" in str(error.value)
    hamlet.refresh_from_db()
    assert hamlet.name == "Nà Cọn Mới"
    assert hamlet.version == 2
    assert hamlet.name_folded == "na con moi"
    update = events_for_object(hamlet).get(action="territory.unit.updated")
    assert update.changes == {"name": ["Nà Cọn", "Nà Cọn Mới"]}


def test_official_units_are_not_edited_by_staff(admin_user):
    with pytest.raises(ValidationError):
        services.update_unit(
            unit=legacy_commune("02290"), data={"name": "X"}, version=1, acting_user=admin_user
        )
