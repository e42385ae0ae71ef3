"""The home page's panel: for each level the user receives reports for, the share of its units
that have reported for the last period ended."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from danvan.accounts.queries import reader_signature
from danvan.core import fresh
from danvan.submissions import queries
from danvan.submissions.models import ReportTemplate
from danvan.submissions.periods import key_of, periods_of

SHOWN = 3


def home_context(request, _obj=None) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    key = (
        f"danvan:submissions-home:{reader_signature(user)}:{timezone.localdate()}:{get_language()}"
    )
    rows = fresh.counted(key, user, lambda: _rows(user)).value
    return {"rows": rows} if rows else None


def _rows(user) -> list[dict]:
    """Counted for a short while like the home page's other figures (``core.fresh``)."""
    boards = queries.boards_of(user)[:SHOWN]
    if not boards:
        return []
    today = timezone.localdate()
    templates = ReportTemplate.objects.in_bulk([row["template_id"] for row in boards])
    rows = []
    for row in boards:
        template = templates[row["template_id"]]
        ended = [p for p in periods_of(template, (today.year - 1, today.year)) if p.end < today]
        if not ended:
            continue
        period = ended[-1]
        obligations = queries.obligations_overseen_by(user).filter(
            template=template,
            receiver_unit_id=row["receiver_unit_id"],
            receiver_organization_id=row["receiver_organization_id"],
        )
        reported, total = queries.reported_share(obligations, period)
        receiver = row["receiver_unit_id"] or row["receiver_organization_id"]
        rows.append(
            {
                "template": template,
                "period": period,
                "reported": reported,
                "total": total,
                "percent": reported * 100 / total if total else None,
                "url": reverse("submissions:board", args=[template.pk])
                + f"?ky={key_of(period)}&don-vi={receiver}",
            }
        )
    return rows
