"""Writes on the reports themselves: the draft, submitting (frozen as sent), returning with
questions and accepting. Each checks who acts (``rules``), is atomic and is audited;
submitting, returning and accepting notify the other side."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.permissions import ensure
from danvan.core.services import record_event
from danvan.reports.periods import Period
from danvan.submissions import notices
from danvan.submissions.enums import EDITABLE, Decision, Status
from danvan.submissions.figures import fill_for
from danvan.submissions.models import Obligation, ReportTemplate, Submission, SubmittedVersion
from danvan.submissions.periods import deadline

MAX_TEXT = 20_000
THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


# ---- the draft ----------------------------------------------------------------------------------


def _number(text) -> Decimal | None:
    text = str(text if text is not None else "").strip().replace(" ", "")
    if not text:
        return None
    # Vietnamese writes 1.234,5: dots group thousands, the comma is the decimal mark; "1.250"
    # is one thousand two hundred and fifty.
    if "," in text or THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def clean_indicators(template: ReportTemplate, values: dict, *, complete: bool) -> dict:
    """The entered indicators as plain strings of numbers, checked (number, whole, range and,
    when ``complete``, required); all errors at once, keyed ``indicator_<code>``."""
    cleaned, errors = {}, {}
    for indicator in template.indicators.all():
        raw = str(values.get(indicator.code) or "").strip()
        key = f"indicator_{indicator.code}"
        if not raw:
            if complete and indicator.required:
                errors[key] = _("Enter this figure.")
            continue
        number = _number(raw)
        if number is None:
            errors[key] = _("Enter a number.")
            continue
        if indicator.whole_number and number != number.to_integral_value():
            errors[key] = _("Enter a whole number.")
        elif indicator.min_value is not None and number < indicator.min_value:
            errors[key] = _("Enter at least %(min)s.") % {"min": _plain(indicator.min_value)}
        elif indicator.max_value is not None and number > indicator.max_value:
            errors[key] = _("Enter at most %(max)s.") % {"max": _plain(indicator.max_value)}
        else:
            cleaned[indicator.code] = _plain(number)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _plain(number: Decimal) -> str:
    return (
        str(int(number))
        if number == number.to_integral_value()
        else format(number.normalize(), "f")
    )


def _as_number(text: str | None) -> int | float | None:
    """A cleaned entry as the number frozen in a version (JSON keeps ints and floats)."""
    if text in (None, ""):
        return None
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def clean_sections(template: ReportTemplate, values: dict) -> dict:
    cleaned = {}
    for section in template.sections.all():
        text = str(values.get(str(section.pk)) or "").strip()[:MAX_TEXT]
        if text:
            cleaned[str(section.pk)] = text
    return cleaned


def _open(*, acting_user, obligation: Obligation, period: Period) -> Submission:
    ensure(acting_user, "submissions.submit_submission", obligation)
    template = obligation.template
    if (
        not template.active
        or period.end.month not in template.end_months
        or period.start != date(period.end.year, 1, 1)
    ):
        raise ValidationError(_("This template has no such period."))
    reporter = obligation.reporter
    exists = (
        reporter.is_valid_on(period.end)
        if obligation.unit_id
        else _organization_valid(reporter, period.end)
    )
    if not exists:
        raise ValidationError(
            _("This unit did not exist at the end of the period: it does not report on it.")
        )
    submission, _created = Submission.objects.select_for_update().get_or_create(
        obligation=obligation,
        period_start=period.start,
        period_end=period.end,
        defaults={"due_on": deadline(period, template.deadline_day), "created_by": acting_user},
    )
    return submission


def _organization_valid(organization, day: date) -> bool:
    return (organization.valid_from is None or organization.valid_from <= day) and (
        organization.valid_to is None or organization.valid_to >= day
    )


def _check_version(submission: Submission, version: int | None) -> None:
    if version is not None and version != submission.version:
        raise ValidationError(
            _("Someone else changed this report meanwhile. Reload the page and check it again.")
        )


@transaction.atomic
def save_draft(
    *,
    acting_user,
    obligation: Obligation,
    period: Period,
    indicators: dict,
    sections: dict,
    version: int | None = None,
) -> Submission:
    """Keep what the unit entered so far (indicators are checked, none is required yet)."""
    submission = _open(acting_user=acting_user, obligation=obligation, period=period)
    if submission.status not in EDITABLE:
        raise ValidationError(_("This report has been sent: it can no longer be changed."))
    _check_version(submission, version)
    submission.indicators = clean_indicators(obligation.template, indicators, complete=False)
    submission.sections = clean_sections(obligation.template, sections)
    submission.version += 1
    submission.save()
    record_event(action="submissions.submission.saved", acting_user=acting_user, obj=submission)
    return submission


@transaction.atomic
def submit(
    *,
    acting_user,
    obligation: Obligation,
    period: Period,
    indicators: dict,
    sections: dict,
    version: int | None = None,
    now=None,
) -> Submission:
    """Send the report: what is sent is frozen as a new version (the figures the records give
    now, the indicators and the text); late when sent after the deadline."""
    submission = _open(acting_user=acting_user, obligation=obligation, period=period)
    if submission.status not in EDITABLE:
        raise ValidationError(_("This report has been sent: it can no longer be changed."))
    _check_version(submission, version)
    template = obligation.template
    submission.indicators = clean_indicators(template, indicators, complete=True)
    submission.sections = clean_sections(template, sections)
    now = now or timezone.now()
    late = timezone.localdate(now) > submission.due_on
    filled = fill_for(obligation, period)
    texts = []
    for section in template.sections.all():
        text = submission.sections.get(str(section.pk), "")
        if not text and section.drafted:
            text = filled.narrative
        texts.append({"title": section.title, "text": text})
    number = submission.versions.count() + 1
    SubmittedVersion.objects.create(
        submission=submission,
        number=number,
        figures=filled.figures,
        indicators=[
            {
                "code": i.code,
                "label": i.label,
                "value": _as_number(submission.indicators.get(i.code)),
            }
            for i in template.indicators.all()
        ],
        sections=texts,
        submitted_by=acting_user,
        submitted_at=now,
        late=late,
    )
    resubmitted = submission.status == Status.RETURNED
    submission.status = Status.SUBMITTED
    submission.submitted_at = now
    if submission.first_submitted_at is None:
        submission.first_submitted_at = now
        submission.late = late
    submission.version += 1
    submission.save()
    record_event(
        action="submissions.submission.resubmitted"
        if resubmitted
        else "submissions.submission.submitted",
        acting_user=acting_user,
        obj=submission,
        changes={"status": [Status.RETURNED if resubmitted else Status.DRAFT, Status.SUBMITTED]},
        message=_("late") if late else "",
    )
    notices.submitted(submission, resubmitted=resubmitted)
    return submission


# ---- the level above ----------------------------------------------------------------------------


def _decide(
    *, acting_user, submission: Submission, decision: str, comment: str, version
) -> SubmittedVersion:
    ensure(acting_user, "submissions.review_submission", submission.obligation)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != Status.SUBMITTED:
        raise ValidationError(_("Only a report waiting for review can be returned or accepted."))
    _check_version(submission, version)
    last = submission.versions.order_by("-number").first()
    last.decision = decision
    last.comment = comment
    last.decided_by = acting_user
    last.decided_at = timezone.now()
    last.save()
    return last


@transaction.atomic
def return_submission(
    *, acting_user, submission: Submission, comment: str, version: int | None = None
) -> Submission:
    """Send the report back with questions (a comment is required); the unit corrects and sends
    it again."""
    comment = (comment or "").strip()[:MAX_TEXT]
    if not comment:
        raise ValidationError({"comment": _("Write what the unit should correct or explain.")})
    _decide(
        acting_user=acting_user,
        submission=submission,
        decision=Decision.RETURNED,
        comment=comment,
        version=version,
    )
    submission.refresh_from_db()
    submission.status = Status.RETURNED
    submission.version += 1
    submission.save()
    record_event(
        action="submissions.submission.returned",
        acting_user=acting_user,
        obj=submission,
        changes={"status": [Status.SUBMITTED, Status.RETURNED]},
        message=comment[:500],
    )
    notices.decided(submission, comment=comment)
    return submission


@transaction.atomic
def accept_submission(
    *, acting_user, submission: Submission, comment: str = "", version: int | None = None
) -> Submission:
    comment = (comment or "").strip()[:MAX_TEXT]
    _decide(
        acting_user=acting_user,
        submission=submission,
        decision=Decision.ACCEPTED,
        comment=comment,
        version=version,
    )
    submission.refresh_from_db()
    submission.status = Status.ACCEPTED
    submission.accepted_at = timezone.now()
    submission.version += 1
    submission.save()
    record_event(
        action="submissions.submission.accepted",
        acting_user=acting_user,
        obj=submission,
        changes={"status": [Status.SUBMITTED, Status.ACCEPTED]},
        message=comment[:500],
    )
    notices.decided(submission, comment=comment)
    return submission
