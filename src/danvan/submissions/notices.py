"""Who is told what (in the application and by e-mail, through the reviews' notices): the
receiving level when a report arrives, the reporting unit when it is returned or accepted, and
deadline reminders."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from danvan.accounts.enums import EDIT_ROLES, MANAGE_ROLES
from danvan.accounts.models import Grant, User
from danvan.core.formatting import format_date
from danvan.reports.periods import Period
from danvan.reviews.enums import NotificationKind
from danvan.reviews.services.notifications import notify


def _users(*, roles, unit=None, organization=None):
    grants = Grant.objects.filter(role__in=roles)
    grants = (
        grants.filter(unit=unit) if unit is not None else grants.filter(organization=organization)
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id"))


def receivers(obligation):
    """The managing staff of the level the obligation reports to."""
    return _users(
        roles=MANAGE_ROLES,
        unit=obligation.receiver_unit,
        organization=obligation.receiver_organization,
    )


def reporters(obligation):
    """The reporting unit's own staff."""
    return _users(roles=EDIT_ROLES, unit=obligation.unit, organization=obligation.organization)


def _url(submission) -> str:
    return reverse("submissions:submission-detail", args=[submission.pk])


def _period(submission) -> str:
    return Period(submission.period_start, submission.period_end).label()


def submitted(submission, *, resubmitted: bool) -> None:
    obligation = submission.obligation
    with override("vi"):
        words = {
            "unit": obligation.reporter_name(),
            "report": obligation.template.name,
            "period": _period(submission),
        }
        if resubmitted:
            text = _("%(unit)s sent its corrected report “%(report)s” for %(period)s") % words
        else:
            text = _("%(unit)s sent its report “%(report)s” for %(period)s") % words
        for user in receivers(obligation):
            notify(
                user=user,
                kind=NotificationKind.DECISION,
                text=text,
                url=_url(submission),
                email=text,
            )


def decided(submission, *, comment: str) -> None:
    obligation = submission.obligation
    with override("vi"):
        words = {"report": obligation.template.name, "period": _period(submission)}
        if submission.status == "returned":
            text = _("Your report “%(report)s” for %(period)s was returned with questions") % words
        else:
            text = _("Your report “%(report)s” for %(period)s was accepted") % words
        body = f"{text}\n\n{comment}" if comment else text
        for user in reporters(obligation):
            notify(
                user=user,
                kind=NotificationKind.DECISION,
                text=text,
                url=_url(submission),
                email=body,
            )


def remind(obligation, *, period, due, overdue: bool) -> int:
    """Remind the reporting unit's staff of a deadline; returns how many were reminded."""
    with override("vi"):
        words = {
            "report": obligation.template.name,
            "period": period.label(),
            "date": format_date(due),
        }
        if overdue:
            text = _("Your report “%(report)s” for %(period)s was due on %(date)s") % words
        else:
            text = _("Your report “%(report)s” for %(period)s is due on %(date)s") % words
        url = reverse("submissions:obligation-list")
        count = 0
        for user in reporters(obligation):
            notify(user=user, kind=NotificationKind.REMINDER, text=text, url=url, email=text)
            count += 1
    return count
