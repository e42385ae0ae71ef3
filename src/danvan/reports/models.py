"""A report file rendered in the background: who asked for it, what they asked, how far it
got and the file. Only its owner sees it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.jobs import FileJob


class ReportJob(FileJob):
    # The builder's query string: the task reads it through the same form as the screen.
    params = models.JSONField(default=dict)
    file_format = models.CharField(max_length=4)
    title = models.CharField(max_length=300, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    file = models.FileField(upload_to="reports/%Y/%m/", max_length=255, blank=True)

    class Meta:
        verbose_name = _("report file")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.file_format}, {self.status})"
