"""Official documents (văn bản): the directives, plans and decisions that activities, targets,
decisions and honours refer to."""

import re

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core.folding import fold
from danvan.core.formatting import format_date
from danvan.core.uploads import KIND_LABELS
from danvan.documents.enums import DocumentKind

# The extension a stored or downloaded file gets, from its checked content (never from the
# name it was uploaded with).
FILE_EXTENSIONS = {"pdf": "pdf", "docx": "docx", "jpeg": "jpg", "png": "png"}


def number_key(number: str | None) -> str:
    """A number as compared: folded and without spaces, so that ``54-KH/HU``, ``54 - kh/hu``
    and ``54-KH / HU`` are the same number, and ``QĐ`` equals ``QD``."""
    return fold(number).replace(" ", "")


class Document(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    # As written on the document: "54-KH/HU", "123/QĐ-UBND"; empty for unnumbered documents.
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), db_index=True)
    issuer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", max_length=255, blank=True)
    file_kind = models.CharField(_("file type"), max_length=8, blank=True)
    # Its file may be downloaded from the public portal (the number, date, issuer, title and
    # summary are public once an article cites it; the file only when this is set).
    public = models.BooleanField(_("file public on the portal"), default=False)
    # ``number_key(number)``: the exact-number search and the uniqueness check compare it.
    number_key = models.CharField(max_length=60, blank=True, db_index=True)
    # ``fold`` of number, title and summary for accent-insensitive search ("ke hoach dan van").
    # Substring search: on PostgreSQL a trigram index serves it (migration 0002).
    search_folded = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["issuer", "-issued_on"], name="documents_issuer_date"),
            models.Index(fields=["kind", "-issued_on"], name="documents_kind_date"),
        ]

    def __str__(self) -> str:
        kind = capfirst(self.get_kind_display())
        day = format_date(self.issued_on)
        if self.number:
            return gettext("%(kind)s no. %(number)s of %(day)s") % {
                "kind": kind,
                "number": self.number,
                "day": day,
            }
        return gettext("%(kind)s of %(day)s") % {"kind": kind, "day": day}

    def refresh_search(self) -> None:
        """Recompute the comparison columns from number, title and summary."""
        self.number_key = number_key(self.number)
        self.search_folded = fold(" ".join([self.number, self.title, self.summary]))

    @property
    def file_label(self) -> str:
        """ "PDF", "Word (.docx)"… for the download link."""
        return KIND_LABELS.get(self.file_kind, self.file_kind.upper())

    @property
    def download_name(self) -> str:
        """An ASCII file name for the download: ``ke-hoach-54-kh-hu-10-09-2021.pdf``."""
        parts = [self.kind, number_key(self.number), self.issued_on.strftime("%d-%m-%Y")]
        stem = re.sub(r"[^a-z0-9]+", "-", "-".join(part for part in parts if part)).strip("-")
        extension = FILE_EXTENSIONS.get(self.file_kind, "bin")
        return f"{stem or 'van-ban'}.{extension}"
