"""Models (mô hình) and exemplars (điển hình) "Dân vận khéo", and what hangs on them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.jobs import Job, JobWorkflow, interrupted_result
from danvan.initiatives.enums import EvidenceKind, Kind, Status, Subject
from danvan.territory.models import PlacedRecord


class Field(models.Model):
    """A field of work (lĩnh vực): a configurable catalogue with aliases."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_folded = models.CharField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FieldAlias(models.Model):
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="aliases")
    alias_folded = models.CharField(max_length=120, unique=True)

    def __str__(self) -> str:
        return self.alias_folded


class QuantityType(models.Model):
    """A kind of measured result: money mobilised (đồng), ngày công, households, metres…"""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=30)
    is_money = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("kind of result")
        verbose_name_plural = _("kinds of result")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class CodeSequence(models.Model):
    """The last number given under a code prefix ("TQ-2023"): codes stay readable and unique."""

    prefix = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


class Initiative(PlacedRecord):
    code = models.CharField(_("code"), max_length=24, unique=True)
    # A draft may be saved before its place is known; registering needs it (``services``).
    place = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MODEL)
    subject = models.CharField(
        _("carried out by"), max_length=12, choices=Subject.choices, default=Subject.COLLECTIVE
    )
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation carrying it out"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    owner_person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person carrying it out"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    fields = models.ManyToManyField(Field, verbose_name=_("fields of work"), blank=True)
    hamlet = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("hamlet, village or residential group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ethnic_minority_area = models.BooleanField(_("ethnic-minority area"), default=False)
    religious_area = models.BooleanField(_("religious area"), default=False)
    border_area = models.BooleanField(_("border area"), default=False)
    year = models.PositiveSmallIntegerField(_("year registered"), db_index=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    content = models.TextField(_("content and method"), blank=True)
    partners = models.TextField(_("partner forces"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    results_text = models.TextField(_("results"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("replicates"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replications",
    )
    # The path of the province of today the place counts for ("C.08."): a copy of
    # ``place.today_province_path`` so that a province's list is one equality on an index, not a
    # join to the units. Kept by ``services.place_copies`` (also for bulk writes) and refreshed
    # when territory remaps units (``services.refresh_place_copies``).
    place_province = models.CharField(max_length=40, blank=True, editable=False)
    # fold(name) for sorting; fold(name + content) for accent-insensitive search.
    name_folded = models.CharField(max_length=500, db_index=True)
    search_folded = models.TextField(blank=True)
    # The owner unit keeps it off the public portal's showcase, even once recognised
    # (``publication.set_showcase_withheld``).
    showcase_withheld = models.BooleanField(_("withheld from the public portal"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("model or exemplar")
        verbose_name_plural = _("models and exemplars")
        ordering = ["-year", "name_folded", "id"]
        indexes = [
            models.Index(fields=["year", "status"], name="initiative_year_status"),
            # The list: the scope (a province, or the places of smaller scopes), then the
            # filters, then the name; the counts by status and the ids of a page are read from
            # these indexes alone (queries.py).
            models.Index(
                fields=["place_province", "year", "status", "name_folded"],
                name="initiative_province_list",
            ),
            models.Index(
                fields=["place", "year", "status", "name_folded"], name="initiative_place_list"
            ),
            # The whole country's list in its default order (-year, name) without a sort; with
            # the place and status in it, a scoped list is checked in the index too.
            models.Index(
                fields=["year", "name_folded", "place", "status"], name="initiative_year_name"
            ),
            models.Index(fields=["owner_organization", "year"], name="initiative_owner_year"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class StatusChange(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Progress(models.Model):
    """A dated progress update: text, measured quantities, photos."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("progress update")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"


class Quantity(models.Model):
    """A measured result; with ``progress`` it came with that update, without it it was recorded
    on the initiative itself (e.g. from an import). Measured results are their sums."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="quantities")
    progress = models.ForeignKey(
        Progress, null=True, blank=True, on_delete=models.CASCADE, related_name="quantities"
    )
    type = models.ForeignKey(QuantityType, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("measured result")

    def __str__(self) -> str:
        return f"{self.type}: {self.value}"


class Evidence(models.Model):
    """A file that shows the work: photos (re-encoded, without metadata), PDF, Word, Excel."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="evidence")
    progress = models.ForeignKey(
        Progress, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    kind = models.CharField(max_length=8, choices=EvidenceKind.choices)
    file = models.FileField(upload_to="evidence/%Y/%m/", max_length=255)
    thumbnail = models.FileField(upload_to="evidence/%Y/%m/thumbs/", max_length=255, blank=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class ImportJob(Job):
    """An Excel import started from the browser: the file, who, what was asked and what came of
    it. The id is in the status page's URL; only its owner sees it. Its state moves only through
    ``core.jobs.transition_job`` along ``workflow``."""

    class State(models.TextChoices):
        CHECKING = "checking", _("checking the file")
        PENDING = "pending", _("waiting for confirmation")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    # checking → pending (previewed) → queued (confirmed) → running → done; any step that
    # breaks → failed; a job whose worker died (failed, "interrupted") is retried from its file.
    workflow = JobWorkflow(
        transitions={
            State.CHECKING: frozenset({State.PENDING, State.FAILED}),
            State.PENDING: frozenset({State.QUEUED}),
            State.QUEUED: frozenset({State.RUNNING, State.FAILED}),
            State.RUNNING: frozenset({State.DONE, State.FAILED}),
            State.DONE: frozenset(),
            State.FAILED: frozenset({State.CHECKING, State.QUEUED}),
        },
        working=frozenset({State.CHECKING, State.RUNNING}),
        finished=frozenset({State.DONE, State.FAILED}),
        interrupted=State.FAILED,
        waiting=frozenset({State.CHECKING, State.QUEUED}),
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=8, choices=State.choices, default=State.CHECKING)
    total = models.PositiveIntegerField(default=0)  # data rows in the file
    processed = models.PositiveIntegerField(default=0)
    # dry_run, keep_valid, create_organizations: what the officer asked for.
    options = models.JSONField(default=dict, blank=True)
    # What reading the file and a dry run of its first rows found, shown before confirming.
    preview = models.JSONField(default=dict, blank=True)
    # The counts created, updated and unchanged, committed, and the errors as a list of
    # row, column and message (the shape the command line prints).
    result = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Excel import")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @classmethod
    def interrupted_values(cls, job) -> dict:
        return {"result": interrupted_result()}

    @property
    def interrupted(self) -> bool:
        """Failed because its worker died: it may be run again from its file."""
        return self.status == self.State.FAILED and bool(self.result.get("interrupted"))
