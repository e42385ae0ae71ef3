"""Writes on periodic reports: templates, obligations, the draft, submitting (frozen as sent),
returning with questions and accepting. Each checks who acts (``rules``), is atomic and is
audited; submitting, returning and accepting notify the other side."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import measures as registry
from danvan.core.permissions import ensure
from danvan.core.services import record_event
from danvan.reports.periods import Period
from danvan.submissions import notices
from danvan.submissions.enums import EDITABLE, Decision, Status
from danvan.submissions.figures import fill_for
from danvan.submissions.models import (
    Indicator,
    Obligation,
    ReportTemplate,
    Section,
    Submission,
    SubmittedVersion,
)
from danvan.submissions.periods import deadline
from danvan.territory.queries import valid_on

MAX_TEXT = 20_000
THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


# ---- templates and obligations ------------------------------------------------------------------


def _clean_template(*, name: str, measures, end_months, deadline_day) -> dict:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Enter the name of the report.")})
    registered = {m.code for m in registry.measures()}
    unknown = [code for code in measures if code not in registered]
    if unknown:
        raise ValidationError(
            {"measures": _("Unknown figures: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    months = sorted({int(m) for m in end_months})
    if not months or any(not 1 <= m <= 12 for m in months):
        raise ValidationError({"end_months": _("Choose at least one period.")})
    if not 1 <= int(deadline_day) <= 31:
        raise ValidationError({"deadline_day": _("Enter a day between 1 and 31.")})
    return {
        "name": name,
        "measures": list(dict.fromkeys(measures)),
        "end_months": months,
        "deadline_day": int(deadline_day),
    }


@transaction.atomic
def create_template(
    *,
    acting_user,
    name: str,
    owner_unit,
    measures=(),
    end_months=(6, 12),
    deadline_day: int = 15,
    indicators=(),
    sections=(),
) -> ReportTemplate:
    """A template of the ``owner_unit``'s staff: ``indicators`` as dicts (code, label, required,
    whole_number, min_value, max_value), ``sections`` as dicts (title, guidance, drafted)."""
    cleaned = _clean_template(
        name=name, measures=measures, end_months=end_months, deadline_day=deadline_day
    )
    template = ReportTemplate(owner_unit=owner_unit, **cleaned)
    ensure(acting_user, "submissions.change_reporttemplate", template)
    template.save()
    codes = set()
    for order, item in enumerate(indicators, start=1):
        code = (item.get("code") or "").strip()
        if not code or code in codes:
            raise ValidationError({"indicators": _("Each indicator needs its own code.")})
        codes.add(code)
        Indicator.objects.create(
            template=template,
            code=code,
            label=item["label"],
            required=item.get("required", True),
            whole_number=item.get("whole_number", True),
            min_value=item.get("min_value"),
            max_value=item.get("max_value"),
            order=order,
        )
    for order, item in enumerate(sections, start=1):
        Section.objects.create(
            template=template,
            title=item["title"],
            guidance=item.get("guidance", ""),
            drafted=item.get("drafted", False),
            order=order,
        )
    record_event(action="submissions.template.created", acting_user=acting_user, obj=template)
    return template


@transaction.atomic
def update_template(
    *,
    acting_user,
    template: ReportTemplate,
    name: str,
    measures,
    end_months,
    deadline_day: int,
    version: int | None = None,
) -> ReportTemplate:
    """Change a template's name, computed figures, periods and deadline. What was sent keeps
    what it was sent with; reports already opened keep their deadline."""
    ensure(acting_user, "submissions.change_reporttemplate", template)
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if version is not None and version != template.version:
        raise ValidationError(
            _("Someone else changed this template meanwhile. Reload the page and try again.")
        )
    cleaned = _clean_template(
        name=name, measures=measures, end_months=end_months, deadline_day=deadline_day
    )
    fields = ("name", "measures", "end_months", "deadline_day")
    before = {key: getattr(template, key) for key in fields}
    for key, value in cleaned.items():
        setattr(template, key, value)
    changes = {k: [before[k], cleaned[k]] for k in fields if before[k] != cleaned[k]}
    if changes:
        template.version += 1
        template.save()
        record_event(
            action="submissions.template.changed",
            acting_user=acting_user,
            obj=template,
            changes=changes,
        )
    return template


@transaction.atomic
def set_template_active(*, acting_user, template: ReportTemplate, active: bool) -> ReportTemplate:
    """Stop using a template (no more periods to report, no reminders; what was sent stays),
    or use it again."""
    ensure(acting_user, "submissions.change_reporttemplate", template)
    if template.active == active:
        return template
    template.active = active
    template.version += 1
    template.save(update_fields=["active", "version"])
    record_event(
        action="submissions.template.changed",
        acting_user=acting_user,
        obj=template,
        changes={"active": [not active, active]},
    )
    return template


@transaction.atomic
def add_obligations(
    *, acting_user, template: ReportTemplate, receiver_unit, as_of: date | None = None
) -> int:
    """Every unit directly below ``receiver_unit`` (existing on ``as_of``, today by default)
    reports on ``template`` to it; units that already do are left as they are. Returns how
    many obligations were added."""
    day = as_of or timezone.localdate()
    probe = Obligation(template=template, receiver_unit=receiver_unit)
    ensure(acting_user, "submissions.add_obligation", probe)
    existing = set(
        Obligation.objects.filter(template=template, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    children = receiver_unit.children.filter(valid_on(day)).exclude(pk__in=existing)
    added = [
        Obligation(template=template, unit=unit, receiver_unit=receiver_unit) for unit in children
    ]
    Obligation.objects.bulk_create(added)
    if added:
        record_event(
            action="submissions.obligations.added",
            acting_user=acting_user,
            obj=template,
            message=_("%(count)s units report to %(unit)s")
            % {"count": len(added), "unit": receiver_unit.full_name},
        )
    return len(added)


@transaction.atomic
def add_obligation(
    *,
    acting_user,
    template: ReportTemplate,
    unit=None,
    organization=None,
    receiver_organization=None,
) -> Obligation:
    """One unit reports to its parent unit, or one organisation to its parent organisation; a
    province (which has no unit above it) to ``receiver_organization`` (the central body)."""
    if (unit is None) == (organization is None):
        raise ValidationError(_("Choose a unit or an organisation."))
    receiver_unit = unit.parent if unit is not None else None
    if receiver_organization is None and organization is not None:
        receiver_organization = organization.parent
    if receiver_unit is not None:
        receiver_organization = None
    if receiver_unit is None and receiver_organization is None:
        raise ValidationError(_("It has no level above to report to."))
    obligation = Obligation(
        template=template,
        unit=unit,
        organization=organization,
        receiver_unit=receiver_unit,
        receiver_organization=receiver_organization,
    )
    ensure(acting_user, "submissions.add_obligation", obligation)
    lookup = {"unit": unit} if unit is not None else {"organization": organization}
    if Obligation.objects.filter(template=template, **lookup).exists():
        raise ValidationError(_("It already reports on this template."))
    obligation.save()
    record_event(action="submissions.obligation.added", acting_user=acting_user, obj=obligation)
    return obligation


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
