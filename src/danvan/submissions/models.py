"""Periodic reports sent up the hierarchy.

A **template** (made by staff, not code) says what a report holds: figures computed from
danvan's measures for the reporting unit and period, indicators the unit enters by hand, and
narrative sections (the first drafted by the report engine). An **obligation** says who
reports on a template to whom: a unit to the level above, or an organisation to its parent.
A **submission** is one obligation's report for one period: a draft the unit completes, then
each time it is sent a **version** frozen as sent (figures, indicators and text), which the
receiving level accepts or returns with questions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.submissions.enums import Decision, Status


class ReportTemplate(models.Model):
    name = models.CharField(_("name"), max_length=300)
    # The level that made it (a province's commission); its obligations report to it or below.
    owner_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Measure codes of ``danvan.core.measures``: filled in for the unit and period.
    measures = models.JSONField(_("figures computed from the records"), default=list)
    # The months the periods end with, each from 1 January: [6, 9, 12] → 6 tháng, 9 tháng, năm.
    end_months = models.JSONField(_("periods"), default=list)
    # The deadline: this day of the month after the period ends (15 → 15 July for 6 months).
    deadline_day = models.PositiveSmallIntegerField(_("deadline (day of the following month)"))
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("report template")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A figure the unit enters by hand (danvan has no records of it)."""

    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    whole_number = models.BooleanField(_("whole number"), default=True)
    min_value = models.DecimalField(
        _("at least"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("at most"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        ordering = ["template", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="submissions_indicator_code")
        ]

    def __str__(self) -> str:
        return self.label


class Section(models.Model):
    """A narrative section; a ``drafted`` one starts from the report engine's narrative."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    drafted = models.BooleanField(_("drafted from the figures"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("narrative section")
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Obligation(models.Model):
    """A unit (or an organisation) reports on a template to the level above it."""

    template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, related_name="obligations"
    )
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("reporting unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("reporting organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting obligation")
        ordering = ["template", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "unit"],
                condition=models.Q(unit__isnull=False),
                name="submissions_obligation_unit",
            ),
            models.UniqueConstraint(
                fields=["template", "organization"],
                condition=models.Q(organization__isnull=False),
                name="submissions_obligation_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} — {self.reporter_name()}"

    @property
    def reporter(self):
        return self.unit if self.unit_id else self.organization

    @property
    def receiver(self):
        return self.receiver_unit if self.receiver_unit_id else self.receiver_organization

    def reporter_name(self) -> str:
        reporter = self.reporter
        return reporter.full_name if self.unit_id else reporter.name

    def receiver_name(self) -> str:
        receiver = self.receiver
        if receiver is None:
            return ""
        return receiver.full_name if self.receiver_unit_id else receiver.name


class Submission(models.Model):
    """One obligation's report for one period: the draft the unit works on."""

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="submissions")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    due_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The draft's entries: ``{indicator code: "12"}`` and ``{section id: text}``.
    indicators = models.JSONField(default=dict, blank=True)
    sections = models.JSONField(default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)  # the first submission was late
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("periodic report")
        ordering = ["-period_end", "obligation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "period_start", "period_end"],
                name="submissions_one_per_period",
            )
        ]
        indexes = [models.Index(fields=["period_end", "status"])]

    def __str__(self) -> str:
        return f"{self.obligation.reporter_name()} — {self.obligation.template}"

    @property
    def sent(self) -> bool:
        """Submitted at least once (as ``queries.SubmissionRow.sent``)."""
        return self.first_submitted_at is not None


class SubmittedVersion(models.Model):
    """What was sent, frozen: figures and text as they were, whatever the records say later."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    # ``[{"code", "label", "value"}]`` for figures and indicators; ``[{"title", "text"}]``.
    figures = models.JSONField(default=list)
    indicators = models.JSONField(default=list)
    sections = models.JSONField(default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    late = models.BooleanField(default=False)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True, default="")
    comment = models.TextField(_("comments"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("submitted version")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="submissions_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} ({self.number})"


class Reminder(models.Model):
    """A deadline reminder sent to a reporting unit, once per period and kind."""

    BEFORE, AFTER = "before", "after"

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="+")
    period_end = models.DateField()
    kind = models.CharField(max_length=6, choices=[(BEFORE, BEFORE), (AFTER, AFTER)])
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("deadline reminder")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "period_end", "kind"], name="submissions_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.obligation} {self.period_end} {self.kind}"
