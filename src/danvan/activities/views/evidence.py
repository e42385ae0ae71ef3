"""Photos and files of an activity: the upload (from the activity's page) and the files, served
only to those who see the activity."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from danvan.activities.services import add_activity_evidence
from danvan.activities.views.activities import visible_activity
from danvan.initiatives.enums import EvidenceKind
from danvan.initiatives.evidence_views import CONTENT_TYPES, download_name


@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = visible_activity(request, pk)
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    try:
        add_activity_evidence(
            activity=activity,
            uploaded=request.FILES.get("file"),
            caption=request.POST.get("caption", "")[:1000],
            acting_user=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file has been added."))
    return redirect("activities:activity-detail", pk=activity.pk)


@require_safe
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    """The file (``?thumb=1``: a photo's thumbnail): a photo shown, a document downloaded."""
    activity = visible_activity(request, pk)
    evidence = get_object_or_404(activity.evidence, pk=evidence_id)
    field_file = evidence.file
    if request.GET.get("thumb") and evidence.kind == EvidenceKind.IMAGE:
        field_file = evidence.thumbnail or evidence.file
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
        filename=download_name(evidence),
        content_type=CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
    )
    patch_cache_control(response, private=True, max_age=3600)
    return response
