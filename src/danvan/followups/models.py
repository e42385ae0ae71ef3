"""Follow-ups (việc cần theo dõi): a recommendation, commitment or decision assigned to a unit
or an organisation with a due date, tracked to closure. Any app attaches them through a generic
source (content type + id + a label in words, and a registered kind: ``sources``)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.followups.enums import PENDING_STATES, State


class FollowUp(models.Model):
    title = models.CharField(_("what is to be done"), max_length=500)
    description = models.TextField(_("details"), blank=True)
    # Where it comes from: a kind registered by the source's app, the record (any model) and
    # what it was called when the follow-up was made ("Đối thoại ngày 12/03/2026 tại xã Bình An").
    source_kind = models.CharField(_("kind of source"), max_length=60, db_index=True)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField(_("source"), max_length=255, blank=True)
    # Who asked for it and verifies it (the commune that held the dialogue, the inspecting body).
    owner_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("followed by (unit)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("followed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Who must do it.
    assignee_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("assigned to (unit)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    due_date = models.DateField(_("due date"), db_index=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.OPEN, db_index=True
    )
    done_on = models.DateField(_("reported done on"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    title_folded = models.CharField(max_length=500, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="followups_source"),
            models.Index(fields=["state", "due_date"], name="followups_state_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assignee_unit__isnull=False)
                | models.Q(assignee_organization__isnull=False),
                name="followups_has_assignee",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def assignee(self):
        return self.assignee_organization or self.assignee_unit

    @property
    def owner(self):
        return self.owner_organization or self.owner_unit

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.state in PENDING_STATES and self.due_date < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def kept_on_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.due_date


def evidence_path(instance, filename: str) -> str:
    """Where the first migration put evidence (kept for it); files now go under
    ``followups/<year>/<month>/``."""
    return f"followups/{instance.report.followup_id}/{filename}"


evidence_path.media_root = "followups"  # what ``manage.py media sweep`` walks (core.files)


class Report(models.Model):
    """What the assignee reports having done (báo cáo kết quả thực hiện)."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("what was done"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.followup} — {self.reported_on:%d/%m/%Y}"


class Evidence(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    # A fixed top folder: ``manage.py media sweep`` walks only the folders file fields name.
    file = models.FileField(_("file"), upload_to="followups/%Y/%m/", max_length=255)
    kind = models.CharField(max_length=10)
    original_name = models.CharField(_("file name"), max_length=255)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class Notice(models.Model):
    """An in-app reminder (also sent by e-mail) about a follow-up due soon or overdue."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followup_notices"
    )
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notices")
    sent_on = models.DateField()
    text = models.CharField(_("notice"), max_length=500)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "followup", "sent_on"], name="followups_one_notice_a_day"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="followups_notice_unread")]

    def __str__(self) -> str:
        return self.text
