"""The round's results as an Excel workbook and the minute (biên bản) of its decisions as a
PDF (``core.pdf.render_pdf``, in the background: ``reviews.tasks``)."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danvan.core.spreadsheet_views import export_response, export_title_lines
from danvan.core.spreadsheets import Column
from danvan.reviews import queries
from danvan.reviews.models import MinuteJob, Recognition
from danvan.reviews.tasks import start_minute
from danvan.reviews.views.common import visible_round


def _columns() -> list[Column]:
    return [
        Column(_("Rank"), "rank", width=8),
        Column(_("Code"), "code", width=16),
        Column(_("Name"), "name", width=60),
        Column(_("Place"), "place", width=28),
        Column(_("Organisation carrying it out"), "owner", width=32),
        Column(_("Weighted mean"), "mean", width=12),
        Column(_("Median"), "median", width=10),
        Column(_("Spread"), "spread", width=10),
        Column(_("Reviews submitted"), "count", width=10),
        Column(_("Reviewers assigned"), "assigned", width=10),
        Column(_("Recommendations"), "recommendations", width=30),
        Column(_("Outcome decided"), "decision", width=28),
        Column(_("Decision document"), "document", width=36),
    ]


def _export_row(row: dict) -> dict:
    initiative = row["initiative"]
    recognition = row["recognition"]
    return {
        "rank": row["rank"],
        "code": initiative.code,
        "name": initiative.name,
        "place": initiative.place.full_name if initiative.place_id else "",
        "owner": str(initiative.owner_organization or ""),
        "mean": row["mean"],
        "median": row["median"],
        "spread": row["spread"],
        "count": row["count"],
        "assigned": row["assigned"],
        "recommendations": "; ".join(
            f"{capfirst(label)}: {n}" for _value, label, n in row["recommendations"]
        ),
        "decision": capfirst(str(recognition)) if recognition else "",
        "document": str(recognition.decision) if recognition else "",
    }


def round_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = visible_round(request, pk)
    rows = queries.committee_table(review_round)
    return export_response(
        sheet_title=_("Results"),
        columns=_columns(),
        rows=(_export_row(row) for row in rows),
        title_lines=export_title_lines(
            request.user, _("Table of results: %(round)s") % {"round": review_round}
        ),
        filename=f"ket-qua-{review_round.name}",
    )


# Outstanding first, then recognised, to be strengthened, not met; by rank inside each.
MINUTE_ORDER = ("outstanding", "recognised", "strengthen", "not_met")


def minute_context(review_round) -> dict:
    """The minute's content: the committee, the round, the decisions grouped by outcome."""
    rows = {
        row["initiative_id"]: row for row in queries.committee_table(review_round, details=False)
    }
    order = {outcome: index for index, outcome in enumerate(MINUTE_ORDER)}
    recognitions = sorted(
        Recognition.objects.filter(round=review_round).select_related(
            "initiative", "initiative__place", "decision"
        ),
        key=lambda r: (
            order.get(r.outcome, len(order)),
            r.level,
            rows.get(r.initiative_id, {}).get("rank") or 10**9,
            r.initiative.code,
        ),
    )
    groups: dict[str, list] = {}
    for recognition in recognitions:
        row = rows.get(recognition.initiative_id, {})
        groups.setdefault(capfirst(str(recognition)), []).append(
            {"recognition": recognition, "mean": row.get("mean"), "rank": row.get("rank")}
        )
    documents = sorted({str(r.decision) for r in recognitions})
    return {
        "review_round": review_round,
        "groups": groups,
        "documents": documents,
        "total": len(rows),
        "decided": len(recognitions),
        "today": timezone.localdate(),
        "criteria": list(review_round.criteria_set.criteria.all()),
    }


@require_http_methods(["GET", "POST"])
def round_minute(request: HttpRequest, pk: int) -> HttpResponse:
    """The minute of the round's decisions: GET offers to make it (and the ones made before),
    POST queues it and shows its progress; the PDF is made in the background."""
    review_round = visible_round(request, pk)
    if request.method == "POST":
        job = start_minute(review_round=review_round, user=request.user)
        return redirect("reviews:minute-job", pk=job.pk)
    jobs = MinuteJob.objects.filter(round=review_round, user=request.user)[:5]
    return render(
        request, "reviews/minute_start.html", {"review_round": review_round, "jobs": jobs}
    )


def _own_job(request: HttpRequest, pk) -> MinuteJob:
    """The user's own minute job; anyone else's does not exist (404)."""
    return get_object_or_404(MinuteJob.objects.select_related("round"), pk=pk, user=request.user)


def minute_job(request: HttpRequest, pk) -> HttpResponse:
    job = _own_job(request, pk)
    running = job.status in {MinuteJob.State.QUEUED, MinuteJob.State.RUNNING}
    context = {"job": job, "running": running, "review_round": job.round}
    template = "reviews/minute_job.html#status" if request.htmx else "reviews/minute_job.html"
    return render(request, template, context)


def minute_download(request: HttpRequest, pk) -> FileResponse:
    job = _own_job(request, pk)
    if job.status != MinuteJob.State.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as error:  # removed from the storage meanwhile
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type="application/pdf"
    )
