"""Evidence files of initiatives: the upload, serving the files, and the section of the
detail page (``evidence_context`` + ``initiatives/_evidence.html``).

Every file is reached through the initiative's selector: an initiative out of the user's scope,
or evidence of another initiative, does not exist (404).
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from danvan.core.folding import fold
from danvan.core.uploads import describe_kinds, megabytes
from danvan.initiatives import evidence as service
from danvan.initiatives.enums import EvidenceKind
from danvan.initiatives.models import Evidence, Initiative
from danvan.initiatives.queries import initiatives_visible_to

CHANGE_PERMISSION = "initiatives.change_initiative"
FORM_PREFIX = "evidence"
CONTENT_TYPES = {
    EvidenceKind.IMAGE: "image/jpeg",
    EvidenceKind.PDF: "application/pdf",
    EvidenceKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    EvidenceKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {
    EvidenceKind.IMAGE: "jpg",
    EvidenceKind.PDF: "pdf",
    EvidenceKind.DOCX: "docx",
    EvidenceKind.XLSX: "xlsx",
}
# What the file chooser offers first; the content is checked all the same.
ACCEPT = ",".join(
    [".jpg", ".jpeg", ".png", ".webp", ".pdf", ".docx", ".xlsx"]
    + ["image/jpeg", "image/png", "image/webp", "application/pdf"]
    + [CONTENT_TYPES[EvidenceKind.DOCX], CONTENT_TYPES[EvidenceKind.XLSX]]
)
# Files never change once stored (generated names): the browser may keep them for an hour.
CACHE_SECONDS = 3600
_KILOBYTE = 1024
_MEGABYTE = 1024 * 1024


def limits_help_text() -> str:
    """Which files are accepted and how large, from the service's limits."""
    return _(
        "Photos (%(images)s) up to %(image_limit)s MB; %(documents)s up to %(document_limit)s "
        "MB. Photos are stored without their location and camera details."
    ) % {
        "images": describe_kinds(service.IMAGE_KINDS),
        "image_limit": megabytes(service.MAX_IMAGE_BYTES),
        "documents": describe_kinds(service.DOCUMENT_KINDS),
        "document_limit": megabytes(service.MAX_DOCUMENT_BYTES),
    }


class EvidenceForm(forms.Form):
    """A file and its caption. The file is checked by the service (by content, not name)."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        # An empty file is refused by the service, with the same message as everywhere.
        allow_empty_file=True,
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    caption = forms.CharField(
        label=gettext_lazy("Caption"),
        max_length=service.MAX_CAPTION,
        required=False,
        help_text=gettext_lazy("What the file shows, e.g. “Villagers building the road”."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", FORM_PREFIX)
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = limits_help_text()


def _initiative_or_404(request: HttpRequest, pk: int) -> Initiative:
    return get_object_or_404(initiatives_visible_to(request.user), pk=pk)


def _evidence_or_404(request: HttpRequest, pk: int, evidence_id: int) -> Evidence:
    """The evidence, if it belongs to initiative ``pk`` and that one is in scope (one query)."""
    visible = initiatives_visible_to(request.user).filter(pk=pk).values("pk")
    return get_object_or_404(
        Evidence.objects.filter(initiative_id=pk, initiative__in=visible), pk=evidence_id
    )


def _messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_or_404(request, pk)
    if not request.user.has_perm(CHANGE_PERMISSION, initiative):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        try:
            evidence = service.add_evidence(
                initiative=initiative,
                uploaded=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
                acting_user=request.user,
            )
        except ValidationError as error:
            problems = _messages_of(error)
        else:
            messages.success(
                request,
                _("The evidence “%(name)s” has been added.") % {"name": evidence.original_name},
            )
    else:
        problems = [str(message) for errors in form.errors.values() for message in errors]
    if problems:
        messages.error(
            request,
            _("The evidence was not added: %(reason)s") % {"reason": " ".join(problems)},
        )
    return redirect(reverse("initiatives:initiative-detail", args=[initiative.pk]) + "#evidence")


def download_name(evidence: Evidence) -> str:
    """An ASCII name for the browser: ``"Ảnh họp dân thôn Khuổi Tẩu.png"`` →
    ``"anh-hop-dan-thon-khuoi-tau.jpg"`` (a photo is served as the JPEG it was stored as)."""
    stem = evidence.original_name.rpartition(".")[0] or evidence.original_name
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-")[:80].strip("-")
    return f"{slug or 'minh-chung'}.{EXTENSIONS.get(evidence.kind, 'bin')}"


def _serve(evidence: Evidence, field_file, *, filename: str) -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    image = evidence.kind == EvidenceKind.IMAGE
    response = FileResponse(
        handle,
        as_attachment=not image,
        filename=filename,
        content_type=CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
    )
    patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    return response


@require_safe
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    """The file: a photo shown in the browser, a document downloaded."""
    evidence = _evidence_or_404(request, pk, evidence_id)
    return _serve(evidence, evidence.file, filename=download_name(evidence))


@require_safe
def evidence_thumbnail(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    """A photo's thumbnail (the photo itself if it has none); documents have none."""
    evidence = _evidence_or_404(request, pk, evidence_id)
    if evidence.kind != EvidenceKind.IMAGE:
        raise Http404
    field_file = evidence.thumbnail or evidence.file
    return _serve(evidence, field_file, filename=download_name(evidence))


def _size_parts(size: int) -> tuple[float, int, str]:
    """(amount, decimals, unit) for ``vn_number``: ``830 KB``, ``2,4 MB``."""
    if size >= _MEGABYTE:
        return size / _MEGABYTE, 1, "MB"
    return max(1, round(size / _KILOBYTE)), 0, "KB"


def evidence_context(request: HttpRequest, initiative: Initiative) -> dict:
    """What ``initiatives/_evidence.html`` needs on the detail page of ``initiative`` (which
    the caller fetched through the selector): the evidence, newest first, in one query; whether
    the user may add more; and the upload form when they may."""
    items = list(initiative.evidence.select_related("uploaded_by").order_by("-uploaded_at", "-id"))
    for item in items:
        item.size_amount, item.size_decimals, item.size_unit = _size_parts(item.size)
    can_add = request.user.has_perm(CHANGE_PERMISSION, initiative)
    return {
        "initiative": initiative,
        "evidence_list": items,
        "can_add_evidence": can_add,
        "evidence_form": EvidenceForm() if can_add else None,
    }
