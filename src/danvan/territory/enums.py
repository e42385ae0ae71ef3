import functools

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Era(models.TextChoices):
    """Which map a unit belongs to. Codes of the two maps collide (02296 was xã Thổ Bình before
    1/7/2025 and is xã Bình An after it), so a unit is always known by its era and its code."""

    LEGACY = "legacy", _("before 1 July 2025 (three levels)")
    CURRENT = "current", _("from 1 July 2025 (two levels)")


class Level(models.TextChoices):
    PROVINCE = "province", _("province level")
    DISTRICT = "district", _("district level")
    COMMUNE = "commune", _("commune level")
    HAMLET = "hamlet", _("hamlet level")


LEVEL_ORDER = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.HAMLET]


class UnitType(models.TextChoices):
    """The type as written in official names (lower case, as inside a sentence)."""

    TINH = "tinh", _("tỉnh")
    THANH_PHO_TW = "thanh_pho_tw", _("thành phố")  # trực thuộc trung ương
    QUAN = "quan", _("quận")
    HUYEN = "huyen", _("huyện")
    THI_XA = "thi_xa", _("thị xã")
    THANH_PHO_TINH = "thanh_pho_tinh", _("thành phố thuộc tỉnh")
    XA = "xa", _("xã")
    PHUONG = "phuong", _("phường")
    THI_TRAN = "thi_tran", _("thị trấn")
    DAC_KHU = "dac_khu", _("đặc khu")
    THON = "thon", _("thôn")
    BAN = "ban", _("bản")
    AP = "ap", _("ấp")
    TO_DAN_PHO = "to_dan_pho", _("tổ dân phố")
    KHU_PHO = "khu_pho", _("khu phố")
    LANG = "lang", _("làng")
    BUON = "buon", _("buôn")
    PHUM = "phum", _("phum")
    SOC = "soc", _("sóc")


# How a type is written before the name in a full name. ``thành phố thuộc tỉnh`` is written
# "thành phố" ("thành phố Tuyên Quang"), like a centrally governed city.
TYPE_PREFIX = {UnitType.THANH_PHO_TINH: "thành phố"}


@functools.cache
def _type_labels(language: str | None) -> dict[str, str]:
    with translation.override(language):
        return {value: str(label) for value, label in UnitType.choices}


def type_label(unit_type: str) -> str:
    """``get_unit_type_display()`` without its look-up through every lazy label (a unit's
    name is written thousands of times in an export or an import)."""
    return _type_labels(translation.get_language()).get(unit_type, unit_type)


TYPE_LEVEL = {
    UnitType.TINH: Level.PROVINCE,
    UnitType.THANH_PHO_TW: Level.PROVINCE,
    UnitType.QUAN: Level.DISTRICT,
    UnitType.HUYEN: Level.DISTRICT,
    UnitType.THI_XA: Level.DISTRICT,
    UnitType.THANH_PHO_TINH: Level.DISTRICT,
    UnitType.XA: Level.COMMUNE,
    UnitType.PHUONG: Level.COMMUNE,
    UnitType.THI_TRAN: Level.COMMUNE,
    UnitType.DAC_KHU: Level.COMMUNE,
}
HAMLET_TYPES = [
    UnitType.THON,
    UnitType.BAN,
    UnitType.AP,
    UnitType.TO_DAN_PHO,
    UnitType.KHU_PHO,
    UnitType.LANG,
    UnitType.BUON,
    UnitType.PHUM,
    UnitType.SOC,
]
for _hamlet_type in HAMLET_TYPES:
    TYPE_LEVEL[_hamlet_type] = Level.HAMLET


class SuccessionKind(models.TextChoices):
    MERGED = "merged", _("merged into")
    SPLIT = "split", _("split, partly into")
    RENAMED = "renamed", _("renamed to")
    UNCHANGED = "unchanged", _("continued unchanged as")


class Source(models.TextChoices):
    PACKAGE = "package", _("official list (vietnamadminunits)")
    STAFF = "staff", _("added by staff")
