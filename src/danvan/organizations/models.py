"""Organisations (a dated tree), people, and how people are tied to organisations over time."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.organizations.enums import EthnicGroup, Gender, OrganizationKind, Religion


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("abbreviation"), max_length=60, blank=True)
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganizationKind.choices
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Ids from the root down ("12.45."): an organisation subtree is one prefix filter.
    path = models.CharField(max_length=255, unique=True)
    # The administrative unit it works in; empty for central bodies (Trung ương).
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    valid_from = models.DateField(_("established on"), null=True, blank=True)
    valid_to = models.DateField(_("ended on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    note = models.TextField(_("note"), blank=True)
    name_folded = models.CharField(max_length=255, db_index=True)
    # Vietnamese alphabetical order (core.folding.stored_collation_key): Cao Bằng before Cần Thơ.
    name_sort = models.CharField(max_length=255, db_index=True, default="", editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count(".") - 1


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    ethnicity = models.CharField(
        _("ethnic group"), max_length=30, choices=EthnicGroup.choices, blank=True
    )
    religion = models.CharField(_("religion"), max_length=20, choices=Religion.choices, blank=True)
    # Where the person lives or works: it places the person in officers' scopes.
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.TextField(_("note"), blank=True)
    name_folded = models.CharField(max_length=200, db_index=True)
    name_sort = models.CharField(max_length=255, db_index=True, default="", editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_sort", "id"]

    def __str__(self) -> str:
        return self.full_name


class PersonLink(models.Model):
    """What positions, memberships and service periods share: dates (an open end: to this day)."""

    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.end is None


class Position(PersonLink):
    """'Phó Bí thư Thường trực Huyện ủy' at an organisation, from–to."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("position"), max_length=200)

    class Meta:
        verbose_name = _("position")
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="organizations_position_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.organization}"


class Membership(PersonLink):
    """Membership of an organisation (đảng viên of a chi bộ, hội viên of a union)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("as"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("membership")
        ordering = ["-start", "id"]

    def __str__(self) -> str:
        return f"{self.person} — {self.organization}"


class ServicePeriod(PersonLink):
    """A period of dân vận work, counted for the "Vì sự nghiệp Dân vận" medal."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="service_periods")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="service_periods"
    )
    full_time = models.BooleanField(_("full-time"), default=True)
    difficult_area = models.BooleanField(_("in a difficult area"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("service period")
        ordering = ["-start", "id"]
        # A person's periods in order with what the service months read (honours' candidates:
        # 1,000,000 periods read from the index alone, in the order the overlap check needs,
        # without a sort; on PostgreSQL, where an index can carry columns).
        indexes = [
            models.Index(
                fields=["person", "start", "id"],
                include=["end", "difficult_area"],
                name="org_period_person_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organization}"
