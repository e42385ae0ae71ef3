"""The home page's dashboard: the key figures of the user's scope this year to date against the
same days of last year (the measures the apps mark ``dashboard``), and the user's pending work
(what the apps register as such — drafts in scope — and report files)."""

import hashlib
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from danvan.accounts.queries import grants_of, reader_signature
from danvan.core import fresh, measures, registry
from danvan.reports.files.common import measure_label
from danvan.reports.models import ReportJob
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, build_report, whole_scope


def key_measures() -> list[str]:
    """The key figures the apps mark for the home page (``Measure.dashboard``)."""
    return [m.code for m in measures.measures() if m.dashboard]


def _pending(work: registry.PendingWork, user) -> dict:
    count = work.count(user)
    url = reverse(work.url_name) + (f"?{work.query}" if work.query else "")
    return {"count": count, "text": work.text(count) if count else str(work.empty), "url": url}


def _counted(user, period: Period, codes: tuple[str, ...]) -> fresh.Counted:
    """The key figures (a report over the whole scope), counted, then served from the cache
    for a short while (``core.fresh``: at once after the user's own writes; the panel says when
    they were counted). The pending work is counted on every view: a to-do list must be exact."""
    signature = (reader_signature(user), period, codes, get_language())
    digest = hashlib.sha256(repr(signature).encode()).hexdigest()[:32]

    def count() -> dict:
        spec = ReportSpec(period=period, scope=whole_scope(user), measures=codes)
        report = build_report(spec, user=user)
        return [{"label": str(measure_label(m)), "figure": report.total.figures[m]} for m in codes]

    return fresh.counted(f"danvan:dashboard:{digest}", user, count)


def dashboard_context(request, _obj=None) -> dict | None:
    user = request.user
    if not user.is_authenticated or not (user.is_superuser or grants_of(user)):
        return None
    today = timezone.localdate()
    period = Period(date(today.year, 1, 1), today)
    counted = _counted(user, period, tuple(key_measures()))
    jobs = list(ReportJob.objects.filter(user=user).order_by("-created_at")[:5])
    return {
        "period": period,
        "figures": counted.value,
        "pending": [_pending(work, user) for work in registry.pending_work()],
        "counted_at": counted.counted_at,
        "jobs": jobs,
    }
