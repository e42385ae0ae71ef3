from datetime import date

import pytest

from danvan.territory.enums import Era, Level
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import (
    ancestors,
    current_successors,
    resolve_place,
    rollup_map,
    rollup_unit,
    search_units,
    subtree,
    units_valid_at,
)
from tests.territory.helpers import current_commune, legacy_commune, unit

pytestmark = pytest.mark.django_db


def label(found: AdministrativeUnit) -> str:
    return ", ".join([found.full_name, *[a.full_name for a in reversed(ancestors(found))]])


@pytest.mark.parametrize(
    "text",
    [
        "xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang",
        "XÃ BÌNH AN, HUYỆN LÂM BÌNH, TỈNH TUYÊN QUANG",
        "xa binh an, huyen lam binh, tinh tuyen quang",
        "X. Bình An, H. Lâm Bình, T. Tuyên Quang",
        "xã Bình An huyện Lâm Bình tỉnh Tuyên Quang",
        "Bình An - Lâm Bình - Tuyên Quang",
    ],
)
def test_seed_000_binh_an_of_lam_binh_resolves_however_written(text):
    result = resolve_place(text)
    assert result.unit == legacy_commune("02290")
    assert [u.code for u in current_successors(result.unit)] == ["02296"]
    assert label(current_successors(result.unit)[0]) == "Xã Bình An, Tỉnh Tuyên Quang"


def test_seed_002_phuc_loc_of_ba_be_now_lies_in_thai_nguyen():
    result = resolve_place("xã Phúc Lộc, huyện Ba Bể, tỉnh Bắc Kạn")
    assert label(result.unit) == "Xã Phúc Lộc, Huyện Ba Bể, Tỉnh Bắc Kạn"
    today = current_successors(result.unit)
    assert [label(u) for u in today] == ["Xã Phúc Lộc, Tỉnh Thái Nguyên"]


def test_seed_001_ngoc_lap_of_yen_lap_became_minh_hoa():
    result = resolve_place("xã Ngọc Lập, huyện Yên Lập, tỉnh Phú Thọ")
    assert result.unit.code == "08335"
    assert [label(u) for u in current_successors(result.unit)] == ["Xã Minh Hòa, Tỉnh Phú Thọ"]


def test_seed_003_thap_muoi_district_maps_to_todays_communes():
    result = resolve_place("huyện Tháp Mười, tỉnh Đồng Tháp")
    assert label(result.unit) == "Huyện Tháp Mười, Tỉnh Đồng Tháp"
    today = current_successors(result.unit)
    assert len(today) == 6
    assert "Xã Tháp Mười" in [u.full_name for u in today]
    assert {ancestors(u)[0].full_name for u in today} == {"Tỉnh Đồng Tháp"}
    # A district's records count for the province it now lies in.
    assert rollup_unit(result.unit).full_name == "Tỉnh Đồng Tháp"


def test_seed_004_bac_giang_is_now_bac_ninh():
    result = resolve_place("tỉnh Bắc Giang")
    assert result.unit.era == Era.LEGACY
    assert [u.full_name for u in current_successors(result.unit)] == ["Tỉnh Bắc Ninh"]
    assert rollup_unit(result.unit).full_name == "Tỉnh Bắc Ninh"


def test_abbreviations_tp_and_tx():
    assert label(resolve_place("TP. Cao Lãnh, Đồng Tháp").unit) == (
        "Thành phố Cao Lãnh, Tỉnh Đồng Tháp"
    )
    assert resolve_place("TX. Sơn Tây, TP. Hà Nội").unit.full_name == "Thị xã Sơn Tây"
    assert resolve_place("TP HCM").unit.full_name == "Thành phố Hồ Chí Minh"


def test_as_of_chooses_the_map_of_that_day():
    old = resolve_place("xã Bình An, tỉnh Tuyên Quang", as_of=date(2022, 5, 13))
    new = resolve_place("xã Bình An, tỉnh Tuyên Quang", as_of=date(2025, 8, 1))
    assert old.unit == legacy_commune("02290")
    assert new.unit == current_commune("02296")
    # Without a date, today's unit is preferred.
    assert resolve_place("xã Bình An, tỉnh Tuyên Quang").unit == current_commune("02296")
    # A district does not exist after the reform: nothing fits on that day.
    after = resolve_place("huyện Lâm Bình, tỉnh Tuyên Quang", as_of=date(2025, 8, 1))
    assert after.unit is None


def test_ambiguous_name_gives_candidates_not_a_guess():
    result = resolve_place("xã Bình An")
    assert result.unit is None
    assert result.reason == "ambiguous"
    assert len(result.candidates) >= 2
    assert {c.name for c in result.candidates} == {"Bình An"}


@pytest.mark.parametrize("text", ["", "   ", ",,,", " - ", "!!!"])
def test_empty_input_is_reported(text):
    result = resolve_place(text)
    assert result.unit is None
    assert result.candidates == []


def test_nonsense_gets_close_candidates():
    result = resolve_place("xã Bình Ann, huyện Lâm Bình, tỉnh Tuyên Quang")
    assert result.unit is None
    assert result.reason == "not_found"
    assert legacy_commune("02290") in result.candidates
    assert resolve_place("qwertyuiop zxcv").unit is None


def test_units_valid_at_a_date_by_name_or_code():
    on_2022 = units_valid_at("02296", as_of=date(2022, 1, 1), level=Level.COMMUNE)
    on_2026 = units_valid_at("02296", as_of=date(2026, 1, 1), level=Level.COMMUNE)
    assert [u.name for u in on_2022] == ["Thổ Bình"]
    assert [u.name for u in on_2026] == ["Bình An"]
    by_name = units_valid_at("lam binh", as_of=date(2022, 1, 1), level=Level.DISTRICT)
    assert [u.full_name for u in by_name] == ["Huyện Lâm Bình"]


def test_subtree_is_one_prefix_query(django_assert_num_queries):
    tuyen_quang = unit(Era.LEGACY, Level.PROVINCE, "08")
    with django_assert_num_queries(1):
        units = list(subtree(tuyen_quang))
    assert len([u for u in units if u.level == Level.DISTRICT]) == 7
    assert all(u.path.startswith("L.08.") for u in units)
    with django_assert_num_queries(1):
        assert subtree(tuyen_quang, as_of=date(2026, 1, 1)).count() == 0


def test_ancestors_in_one_query(django_assert_num_queries):
    binh_an = legacy_commune("02290")
    with django_assert_num_queries(1):
        chain = ancestors(binh_an)
    assert [a.full_name for a in chain] == ["Tỉnh Tuyên Quang", "Huyện Lâm Bình"]


def test_split_rule_rolls_up_to_the_default_successor_and_a_record_may_override():
    # Xã Tân Thạnh (Thới Lai, Cần Thơ) was split; its records count for xã Trường Thành.
    tan_thanh = legacy_commune("31268")
    successors = {u.code for u in current_successors(tan_thanh)}
    assert successors == {"31288", "31666"}
    assert rollup_unit(tan_thanh).code == "31288"
    other_part = current_commune("31666")
    assert rollup_unit(tan_thanh, override=other_part) == other_part
    assert rollup_map()[tan_thanh.pk] == current_commune("31288").pk


def test_rollup_of_a_unit_still_valid_is_itself():
    today = current_commune("02296")
    assert rollup_unit(today) == today
    assert current_successors(today) == [today]


def test_search_ignores_diacritics_and_case():
    found = search_units("binh an")
    assert found[0].name == "Bình An"
    assert found[0].era == Era.CURRENT
    assert {u.name_folded for u in search_units("BÌNH AN")} == {u.name_folded for u in found}
    assert search_units("") == []


@pytest.mark.parametrize(
    ("text", "name"), [("xã Minh Quán", "Minh Quán"), ("xã Minh Quân", "Minh Quân")]
)
def test_names_that_fold_alike_are_told_apart_by_their_diacritics(text, name):
    found = resolve_place(f"{text}, huyện Trấn Yên, tỉnh Yên Bái")
    assert found.unit is not None
    assert found.unit.name == name
    # Without diacritics nothing tells them apart: both are offered.
    bare = resolve_place("xa Minh Quan, huyen Tran Yen, tinh Yen Bai")
    assert bare.unit is None
    assert {c.name for c in bare.candidates} == {"Minh Quán", "Minh Quân"}
