"""A report file rendered in the background: who asked for it, what they asked, how far it
got and the file. Only its owner sees it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core.jobs import Job, JobWorkflow


class ReportJob(Job):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    # Moved only by ``core.jobs.transition_job``.
    workflow = JobWorkflow(
        transitions={
            State.QUEUED: frozenset({State.RUNNING, State.FAILED}),
            State.RUNNING: frozenset({State.DONE, State.FAILED}),
            State.DONE: frozenset(),
            State.FAILED: frozenset(),
        },
        working=frozenset({State.RUNNING}),
        finished=frozenset({State.DONE, State.FAILED}),
        interrupted=State.FAILED,
        waiting=frozenset({State.QUEUED}),
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The builder's query string: the task reads it through the same form as the screen.
    params = models.JSONField(default=dict)
    file_format = models.CharField(max_length=4)
    title = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    file = models.FileField(upload_to="reports/%Y/%m/", max_length=255, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.file_format}, {self.status})"

    @classmethod
    def interrupted_values(cls, job) -> dict:
        message = gettext("The file was not made: the worker stopped. Ask for it again.")
        return {"error": message}
