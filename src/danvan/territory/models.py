"""Administrative units of Vietnam, before and after the reform of 1 July 2025, and how the old
units became the new ones."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.territory.enums import (
    TYPE_PREFIX,
    Era,
    Level,
    Source,
    SuccessionKind,
    UnitType,
    type_label,
)

REFORM_DATE = date(2025, 7, 1)
LEGACY_END = date(2025, 6, 30)


class AdministrativeUnit(models.Model):
    era = models.CharField(_("map"), max_length=8, choices=Era.choices)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    unit_type = models.CharField(_("type"), max_length=16, choices=UnitType.choices)
    code = models.CharField(_("official code"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Codes from the province down ("L.08.071.02290."): a subtree is one indexed prefix filter.
    path = models.CharField(max_length=120, unique=True)
    # The path of the unit of today this unit counts for (the split rule): its own path for a
    # unit of today, else its rollup's ("C.08.02296." for xã Bình An of huyện Lâm Bình; a
    # district's is its province's). Grants on today's units cover old records through it.
    today_path = models.CharField(max_length=120, db_index=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    # ``fold(name)`` ("binh an") for search and sort; ``name_key`` without spaces ("binhan")
    # for matching names typed in any spacing.
    name_folded = models.CharField(max_length=150, db_index=True)
    name_key = models.CharField(max_length=150, db_index=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.PACKAGE)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["era", "level", "code"],
                condition=~Q(code=""),
                name="territory_unit_code_unique_per_era_and_level",
            ),
        ]
        indexes = [models.Index(fields=["level", "era", "name_key"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def type_prefix(self) -> str:
        return TYPE_PREFIX.get(self.unit_type) or type_label(self.unit_type)

    @property
    def full_name(self) -> str:
        """'Xã Bình An', 'Huyện Lâm Bình', 'Thành phố Hà Nội'."""
        text = self.inline_name
        return text[:1].upper() + text[1:]

    @property
    def inline_name(self) -> str:
        """The name inside a sentence: "xã Bình An", "thành phố Hà Nội"."""
        return f"{self.type_prefix} {self.name}"

    @property
    def today_province_path(self) -> str:
        """The path of the province of today this unit counts for ("C.08."), from its
        ``today_path``; "" when it counts for none."""
        segments = self.today_path.split(".")
        return f"{segments[0]}.{segments[1]}." if len(segments) > 2 else ""

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class UnitAlias(models.Model):
    """Another way of writing a unit's name ("hcm", a spelling variant), without spaces."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="aliases")
    key = models.CharField(max_length=150, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "key"], name="territory_alias_unique")
        ]

    def __str__(self) -> str:
        return self.key


class Succession(models.Model):
    """An old unit became (part of) a new unit. When an old unit was split, exactly one of its
    successions is the default: the unit its records roll up to (see docs/territory.md)."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="successions_in"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))
    is_default = models.BooleanField(_("records roll up here"), default=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.PACKAGE)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="territory_succession_unique"
            ),
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=Q(is_default=True),
                name="territory_one_default_successor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class PlacedRecord(models.Model):
    """For records that happened in a place: the unit as it was (``place``), and an optional
    ``place_today`` that overrides the split rule when the old unit was divided."""

    place = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    place_today = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("today's unit (override)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only when the place was split and the record belongs to another part."),
    )

    class Meta:
        abstract = True
