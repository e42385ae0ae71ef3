import json

import pytest
from django.core.management import call_command

from danvan.core.models import AuditEvent
from danvan.territory.enums import Era, Level, SuccessionKind
from danvan.territory.loading import load_units
from danvan.territory.models import AdministrativeUnit, Succession
from tests.territory.helpers import current_commune, legacy_commune, unit

pytestmark = pytest.mark.django_db


def test_stats_count_both_maps(capsys):
    call_command("territory", "stats", "--json")
    stats = json.loads(capsys.readouterr().out)
    assert stats["current"] == {"province": 34, "commune": 3321}
    assert stats["legacy"] == {"province": 63, "district": 696, "commune": 10035}
    # 9,569 one-to-one commune links + 1,028 links of the 471 split communes
    # + 5 island districts + 63 provinces.
    assert stats["successions"] == 10665


def test_a_second_load_changes_nothing_and_says_so(capsys):
    events = AuditEvent.objects.count()
    report = load_units()
    assert report.changed is False
    assert report.as_dict() == {"created": {}, "updated": {}, "deleted": {}}
    call_command("territory", "load")
    assert "nothing changed" in capsys.readouterr().out
    assert AuditEvent.objects.count() == events


def test_the_load_repairs_a_changed_official_unit():
    binh_an = legacy_commune("02290")
    AdministrativeUnit.objects.filter(pk=binh_an.pk).update(name="Bình Ann", name_key="binhann")
    report = load_units()
    assert report.as_dict()["updated"] == {"units.commune": 1}
    binh_an.refresh_from_db()
    assert binh_an.name == "Bình An"
    assert AuditEvent.objects.filter(action="territory.reference.loaded").exists()


def test_codes_of_the_two_maps_are_kept_apart():
    # 02296 was xã Thổ Bình before the reform and is xã Bình An after it.
    assert legacy_commune("02296").name == "Thổ Bình"
    assert current_commune("02296").name == "Bình An"
    # Province 24 was Bắc Giang and is Bắc Ninh today.
    assert unit(Era.LEGACY, Level.PROVINCE, "24").name == "Bắc Giang"
    assert unit(Era.CURRENT, Level.PROVINCE, "24").name == "Bắc Ninh"


def test_units_carry_type_level_path_dates_and_folded_name():
    binh_an = legacy_commune("02290")
    assert binh_an.full_name == "Xã Bình An"
    assert binh_an.parent.full_name == "Huyện Lâm Bình"
    assert binh_an.parent.parent.full_name == "Tỉnh Tuyên Quang"
    assert binh_an.path == "L.08.071.02290."
    assert str(binh_an.valid_to) == "2025-06-30"
    assert binh_an.valid_from is None
    assert binh_an.name_folded == "binh an"
    assert binh_an.latitude is not None
    today = current_commune("02296")
    assert today.path == "C.08.02296."
    assert str(today.valid_from) == "2025-07-01"
    assert today.valid_to is None
    assert unit(Era.CURRENT, Level.PROVINCE, "01").full_name == "Thành phố Hà Nội"
    # A township and a commune of the same name are told apart by their type, not the name.
    assert set(
        AdministrativeUnit.objects.filter(era=Era.LEGACY, name="Yên Viên").values_list(
            "unit_type", flat=True
        )
    ) == {"xa", "thi_tran"}


def test_every_split_commune_has_exactly_one_default_successor():
    split = Succession.objects.filter(kind=SuccessionKind.SPLIT)
    assert split.values("predecessor").distinct().count() == 471
    assert split.filter(is_default=True).count() == 471


def test_succession_kinds():
    bac_giang = unit(Era.LEGACY, Level.PROVINCE, "24")
    link = bac_giang.successions_out.get()
    assert link.successor.name == "Bắc Ninh"
    assert link.kind == SuccessionKind.MERGED
    assert str(link.effective_date) == "2025-07-01"
    # Cao Bằng kept its borders: the province continues unchanged.
    cao_bang = unit(Era.LEGACY, Level.PROVINCE, "04").successions_out.get()
    assert cao_bang.kind == SuccessionKind.UNCHANGED
