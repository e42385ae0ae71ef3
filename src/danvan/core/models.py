"""The append-only audit log.

Every write in danvan goes through a service, and every service writes an ``AuditEvent``. Events
are never changed or deleted: the model, its queryset and the admin refuse it, and the database
refuses ``UPDATE`` (and ``DELETE`` on PostgreSQL) with a trigger (migration 0002).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.jobs import Job, QueueState, interrupted_result, queue_workflow


class AuditImmutableError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit events are append-only.")

    def delete(self):
        raise AuditImmutableError("Audit events are append-only.")

    def for_object(self, obj: models.Model) -> "AuditEventQuerySet":
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=str(obj.pk))


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted, once they acted
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=120, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    message = models.CharField(_("note"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("request address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-occurred_at"]),
            # What one user did last (core.queries.latest_event_id_of, the home timeline).
            models.Index(fields=["actor", "-id"], name="core_event_actor_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_label}".strip()

    def save(self, *args, **kwargs):
        # Integrity guard, not a business rule: an event, once written, stays as written.
        if not self._state.adding:
            raise AuditImmutableError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit events are append-only.")


class SheetImport(Job):
    """An Excel import of an app's records (organisations, people, documents…) run in the
    background: the file kept, who asked, which importer (``registry.Importer.key``), how far
    it got and what came of it. Only its owner sees it."""

    # queued → running → done; a broken file or an error → failed; a job whose worker died
    # (failed, "interrupted") is queued again from its file.
    State = QueueState
    workflow = queue_workflow(retry=True)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    importer = models.CharField(max_length=60)
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255, blank=True)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    options = models.JSONField(default=dict, blank=True)  # keep_valid, language
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    # The counts created, updated and unchanged, whether it was committed, and the errors.
    result = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

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
        return self.status == self.State.FAILED and bool(self.result.get("interrupted"))


class ScheduledRun(models.Model):
    """One run of a scheduled command (``registry.Scheduled``) for one slot of its schedule
    (``"2026-12-07"`` for a daily one, the interval's number for a frequent one). The unique
    key is what makes several workers on several machines run each slot once: the first to
    insert the row enqueues the run, the others find it there."""

    key = models.CharField(_("scheduled work"), max_length=80)
    slot = models.CharField(_("slot"), max_length=40)
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), null=True, blank=True)
    output = models.TextField(_("output"), blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["key", "slot"], name="core_scheduledrun_once_per_slot")
        ]
        indexes = [models.Index(fields=["key", "-enqueued_at"], name="core_scheduledrun_recent")]

    def __str__(self) -> str:
        return f"{self.key} {self.slot}"


class Notice(models.Model):
    """An in-app notice to one user from any app (``danvan.core.notices``): a proposal arrived
    at the user's level, came back, was decided. Apps whose notices carry more (the reviews'
    rounds, the follow-ups' reminders) keep their own."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="core_notices"
    )
    topic = models.CharField(_("topic"), max_length=60, blank=True)  # "honors.proposal"
    text = models.CharField(_("notice"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="core_notice_unread")]

    def __str__(self) -> str:
        return self.text
