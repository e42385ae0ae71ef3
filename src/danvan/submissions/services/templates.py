"""Writes on report templates and on who reports on them (obligations). Each checks who
acts (``rules``), is atomic and is audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import measures as registry
from danvan.core.permissions import ensure
from danvan.core.services import record_event
from danvan.submissions.models import Indicator, Obligation, ReportTemplate, Section
from danvan.territory.queries import valid_on

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
