"""Programmes (a resolution, programme or đề án) and their targets (chỉ tiêu), cascaded down the
units; the figures of each target over time; surveys, inspections and supervision visits with
their findings and recommendations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.targets.enums import (
    Direction,
    InspectionKind,
    Measurement,
    Rollup,
    Standing,
    ValueSource,
)

DIGITS = {"max_digits": 14, "decimal_places": 2}


class Programme(models.Model):
    """A resolution, programme or đề án whose targets are followed: who owns it, the area it
    covers, and the period it runs for."""

    name = models.CharField(_("name"), max_length=300)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation in charge"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    summary = models.TextField(_("summary"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="targets_programme_period"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A chỉ tiêu of a programme for one unit. A target of a unit below (``parent``) is the
    parent's share for that unit: the cascade."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="targets"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("target above"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **DIGITS)
    target_value = models.DecimalField(_("target value"), **DIGITS)
    deadline = models.DateField(_("deadline"))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    rollup = models.CharField(
        _("units below add up as"), max_length=10, choices=Rollup.choices, default=Rollup.SUM
    )
    measurement = models.CharField(
        _("measured"), max_length=10, choices=Measurement.choices, default=Measurement.REPORTED
    )
    measure = models.CharField(_("measure"), max_length=60, blank=True)
    measure_filters = models.JSONField(_("only in"), default=list, blank=True)
    # {dimension code: value}: only the records of a kind, a field of work… ("kind": "model").
    measure_where = models.JSONField(_("only the records of"), default=dict, blank=True)
    # The share (%) of the communes in the unit with at least this many records, instead of
    # the records' number ("100% of communes have at least 1 model").
    per_commune_at_least = models.PositiveIntegerField(
        _("share of communes with at least"), null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    # Where it stands, kept by ``services.refresh_standing`` whenever a figure, a milestone or the
    # target changes (its own latest figure, else its units' figures added up): the dashboard
    # groups these instead of judging thousands of units at every request.
    current_value = models.DecimalField(_("figure"), null=True, blank=True, **DIGITS)
    current_as_of = models.DateField(_("figure as of"), null=True, blank=True)
    projection = models.DecimalField(_("projection"), null=True, blank=True, **DIGITS)
    standing = models.CharField(
        _("standing"), max_length=10, choices=Standing.choices, default=Standing.NO_DATA
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["programme", "order", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "unit"],
                condition=Q(parent__isnull=False),
                name="targets_one_share_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(measurement="reported") | ~Q(measure=""),
                name="targets_computed_has_measure",
            ),
        ]
        indexes = [models.Index(fields=["programme", "parent", "standing"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.unit.full_name}" if self.parent_id else self.name

    @property
    def is_computed(self) -> bool:
        return self.measurement == Measurement.COMPUTED


class Milestone(models.Model):
    """What the target should have reached by a date on the way (a mốc)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField(_("by"))
    value = models.DecimalField(_("value"), **DIGITS)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["target", "due"]
        constraints = [
            models.UniqueConstraint(fields=["target", "due"], name="targets_milestone_once")
        ]

    def __str__(self) -> str:
        return f"{self.target.name} — {self.due:%d/%m/%Y}"


class TargetValue(models.Model):
    """The figure of a target on a date (the end of a reporting period): reported by the unit,
    with a note and evidence, or computed from danvan's data. One figure per target, date and
    source; a corrected report replaces it (the audit log keeps what it was)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    as_of = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), **DIGITS)
    source = models.CharField(_("source"), max_length=10, choices=ValueSource.choices)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="targets/%Y/", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("target figure")
        verbose_name_plural = _("target figures")
        ordering = ["target", "as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "as_of", "source"], name="targets_value_once_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target.name} — {self.as_of:%d/%m/%Y}"


class Inspection(models.Model):
    """A survey, inspection or supervision (khảo sát, kiểm tra, giám sát): a team of an
    organisation looks at a subject (a programme, some of its targets, a topic) in some units."""

    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    subject = models.TextField(_("subject"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("conducted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    targets = models.ManyToManyField(
        Target, verbose_name=_("targets looked at"), blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    leader = models.CharField(_("team leader"), max_length=200, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("survey or inspection")
        verbose_name_plural = _("surveys and inspections")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="targets_inspection_period"
            )
        ]

    def __str__(self) -> str:
        return self.title


class TeamMember(models.Model):
    """A member of the team: a person on file, or a name, from an organisation."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "organizations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role in the team"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.name


class WorkingSession(models.Model):
    """A visit of the team to a unit: when, where, and who received it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="sessions")
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("unit visited"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("venue"), max_length=300, blank=True)
    received_by = models.CharField(_("received by"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("working session")
        verbose_name_plural = _("working sessions")
        ordering = ["inspection", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.unit.full_name} — {self.held_on:%d/%m/%Y}"


class Recommendation(models.Model):
    """What the team asks a unit or organisation to do, followed up to closure."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due = models.DateField(_("due"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    # Followed up to closure by ``danvan.followups`` (one mechanism for every "to be done by").
    followup = models.ForeignKey(
        "followups.FollowUp",
        verbose_name=_("follow-up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["inspection", "order", "id"]

    def __str__(self) -> str:
        return self.title
