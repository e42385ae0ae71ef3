"""Deadline reminders (``manage.py submissions remind``, run daily): a few days before the
deadline, the units that have not sent their report (or whose report was returned) are
reminded; the day after it, those still missing are reminded that it is overdue. Each unit is
reminded once per period and kind, in the application and by e-mail."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef

from danvan.core.permissions import ensure
from danvan.core.services import record_event
from danvan.submissions import notices, queries
from danvan.submissions.enums import Status
from danvan.submissions.models import Obligation, Reminder, ReportTemplate, Submission
from danvan.submissions.periods import deadline, periods_of

DAYS_BEFORE = 5
OVERDUE_FOR = 60  # days after the deadline during which a missing report is still chased


def _missing(template, period, obligations=None):
    sent = Submission.objects.filter(
        obligation=OuterRef("pk"),
        period_start=period.start,
        period_end=period.end,
        status__in=[Status.SUBMITTED, Status.ACCEPTED],
    )
    if obligations is None:
        obligations = Obligation.objects.filter(template=template)
    obligations = obligations.select_related("template", "unit", "organization")
    return queries.due_obligations(obligations, period).filter(~Exists(sent))


@transaction.atomic
def remind_level(*, acting_user, template, receiver, period, today: date) -> int:
    """The receiving level reminds, now, its units that have not sent the period's report (or
    whose report was returned). ``receiver``: an obligation naming the level. Returns how many
    units were reminded."""
    ensure(acting_user, "submissions.review_submission", receiver)
    level = Obligation.objects.filter(
        template=template,
        receiver_unit_id=receiver.receiver_unit_id,
        receiver_organization_id=receiver.receiver_organization_id,
    )
    due = deadline(period, template.deadline_day)
    pending = list(_missing(template, period, level))
    for obligation in pending:
        notices.remind(obligation, period=period, due=due, overdue=today > due)
    record_event(
        action="submissions.template.reminded",
        acting_user=acting_user,
        obj=template,
        message=f"{period.label()}: {len(pending)}",
    )
    return len(pending)


@transaction.atomic
def send_reminders(*, today: date, days_before: int = DAYS_BEFORE) -> int:
    """Remind the units whose deadline is within ``days_before`` days, or passed (once each).
    Returns how many units were reminded."""
    reminded = 0
    for template in ReportTemplate.objects.filter(active=True):
        for period in periods_of(template, (today.year - 1, today.year)):
            due = deadline(period, template.deadline_day)
            if due - timedelta(days=days_before) <= today <= due:
                kind = Reminder.BEFORE
            elif due < today <= due + timedelta(days=OVERDUE_FOR):
                kind = Reminder.AFTER
            else:
                continue
            done = Reminder.objects.filter(period_end=period.end, kind=kind).values("obligation_id")
            pending = list(_missing(template, period).exclude(pk__in=done))
            for obligation in pending:
                notices.remind(obligation, period=period, due=due, overdue=kind == Reminder.AFTER)
            Reminder.objects.bulk_create(
                Reminder(obligation=o, period_end=period.end, kind=kind, sent_on=today)
                for o in pending
            )
            if pending:
                record_event(
                    action="submissions.template.reminded",
                    obj=template,
                    message=f"{period.label()}: {len(pending)}",
                )
            reminded += len(pending)
    return reminded
