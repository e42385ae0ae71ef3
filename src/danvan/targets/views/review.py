"""The review document of a programme (sơ kết, tổng kết) as Word or PDF."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from danvan.core.folding import fold
from danvan.targets.forms import ReviewDocumentForm
from danvan.targets.review import content as review_content
from danvan.targets.review import docx, pdf
from danvan.targets.views.programmes import visible_programme

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def review_document(request: HttpRequest, pk: int) -> HttpResponse:
    programme = visible_programme(request, pk)
    data = request.GET if "format" in request.GET else None
    form = ReviewDocumentForm(
        data, initial={"kind": "interim", "as_of": timezone.localdate(), "format": "docx"}
    )
    if not form.is_valid():
        context = {"form": form, "programme": programme, "title": _("Review document")}
        return render(
            request, "targets/review_form.html", context, status=400 if data is not None else 200
        )
    chosen = form.cleaned_data
    content = review_content.build(
        programme, user=request.user, kind=chosen["kind"], as_of=chosen["as_of"]
    )
    kind = chosen["format"]
    body = docx.render(content) if kind == "docx" else pdf.render(content)
    response = HttpResponse(body, content_type=TYPES[kind])
    name = slugify(fold(content.title))[:80] or "so-ket"
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
