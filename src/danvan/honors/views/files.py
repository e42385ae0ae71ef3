"""Certificates (one honour's, at once; a decision's, in the background with its progress)
and a decision's list as XLSX and DOCX."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danvan.core.folding import fold
from danvan.core.spreadsheet_views import export_response, export_title_lines
from danvan.honors import queries
from danvan.honors.certificates import certificate_pdf, decision_docx
from danvan.honors.enums import ProposalState
from danvan.honors.excel import EXPORT_COLUMNS, honour_row
from danvan.honors.models import CertificateJob
from danvan.honors.tasks import decision_honours, start_certificates

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def honour_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    honour = get_object_or_404(queries.honours_visible_to(request.user), pk=pk)
    response = HttpResponse(certificate_pdf(honour), content_type="application/pdf")
    name = slugify(fold(f"giay chung nhan {honour.recipient_name}")) or "giay-chung-nhan"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def _decided(request: HttpRequest, pk: int):
    proposal = get_object_or_404(queries.proposals_visible_to(request.user), pk=pk)
    if proposal.state != ProposalState.DECIDED:
        raise Http404
    return proposal


def decision_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _decided(request, pk)
    return export_response(
        sheet_title=_("Honoured"),
        columns=EXPORT_COLUMNS,
        rows=(honour_row(h) for h in decision_honours(proposal)),
        title_lines=export_title_lines(
            request.user,
            _("List attached to decision %(number)s") % {"number": proposal.decision_number},
        ),
        filename=f"danh-sach-{proposal.decision_number or proposal.pk}",
    )


def decision_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _decided(request, pk)
    content = decision_docx(proposal, decision_honours(proposal))
    response = HttpResponse(content, content_type=DOCX)
    name = slugify(fold(f"danh sach {proposal.decision_number or proposal.pk}"))
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@require_http_methods(["POST"])
def decision_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _decided(request, pk)
    job = start_certificates(proposal=proposal, user=request.user)
    return redirect("honors:certificate-job", pk=job.pk)


def _own_job(request: HttpRequest, pk) -> CertificateJob:
    return get_object_or_404(
        CertificateJob.objects.select_related("proposal"), pk=pk, user=request.user
    )


def certificate_job(request: HttpRequest, pk) -> HttpResponse:
    job = _own_job(request, pk)
    running = job.status in {CertificateJob.State.QUEUED, CertificateJob.State.RUNNING}
    percent = round(100 * job.done / job.total) if job.total else 0
    context = {"job": job, "running": running, "proposal": job.proposal, "percent": percent}
    template = (
        "honors/certificate_job.html#status" if request.htmx else "honors/certificate_job.html"
    )
    return render(request, template, context)


def certificate_download(request: HttpRequest, pk) -> FileResponse:
    job = _own_job(request, pk)
    if job.status != CertificateJob.State.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type="application/pdf"
    )
