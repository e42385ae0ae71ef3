"""The round's results as an Excel workbook and the minute (biên bản) of its decisions as a
PDF (``core.pdf.render_pdf``)."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from danvan.core.spreadsheet_views import export_response, export_title_lines
from danvan.core.spreadsheets import Column
from danvan.reviews import queries
from danvan.reviews.models import Recognition
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


def round_minute_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from danvan.core.pdf import render_pdf

    review_round = visible_round(request, pk)
    html = render_to_string("reviews/minute.html", minute_context(review_round), request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-dot-{review_round.pk}.pdf"'
    return response
