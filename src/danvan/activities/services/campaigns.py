"""Writes on campaigns (đợt, phong trào) and their plans. Only the managing roles (admin,
staff) of the campaign's territory or organiser create and change them; the service asks the
rule itself."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.activities.enums import CampaignKind
from danvan.activities.models import Campaign, PlanLine, PlannedWork
from danvan.core.folding import fold
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.documents.queries import documents_visible_to
from danvan.organizations.queries import organizations_visible_to
from danvan.territory.enums import Level

FIELDS = (
    "name",
    "kind",
    "start_date",
    "end_date",
    "scope_unit",
    "scope_organization",
    "organiser",
    "slogans",
    "description",
)
MAX_PLANNED = 100_000


def _recorded_user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def clean_campaign(data: dict) -> dict:
    cleaned = {key: data.get(key) for key in FIELDS if key in data}
    cleaned["name"] = " ".join((cleaned.get("name") or "").split())
    if not cleaned["name"]:
        raise ValidationError({"name": _("Enter the name of the campaign.")})
    if cleaned.get("kind") not in CampaignKind.values:
        raise ValidationError({"kind": _("Choose the kind of campaign.")})
    start, end = cleaned.get("start_date"), cleaned.get("end_date")
    if start is None:
        raise ValidationError({"start_date": _("Enter the first day of the campaign.")})
    if end is None:
        raise ValidationError({"end_date": _("Enter the last day of the campaign.")})
    if end < start or (end - start).days > 366 * 5:
        raise ValidationError(
            {"end_date": _("The last day comes after the first, within five years.")}
        )
    if cleaned.get("organiser") is None:
        raise ValidationError({"organiser": _("Choose the organisation that organises it.")})
    if cleaned.get("scope_unit") is None and cleaned.get("scope_organization") is None:
        cleaned["scope_unit"] = cleaned["organiser"].unit
    # One slogan a line, without blank lines or repeated ones.
    slogans = [" ".join(line.split()) for line in (cleaned.get("slogans") or "").splitlines()]
    cleaned["slogans"] = "\n".join(dict.fromkeys(line for line in slogans if line))
    cleaned["description"] = (cleaned.get("description") or "").strip()
    return cleaned


def _check_choices(campaign: Campaign, documents, acting_user) -> None:
    if acting_user is None:
        return
    ensure_choice(
        acting_user,
        "activities.add_campaign",
        campaign,
        field="organiser",
        message=_("You may only organise campaigns in your own territory."),
    )
    if campaign.scope_unit_id is None and campaign.scope_organization_id is None:
        raise ValidationError({"scope_unit": _("Choose the territory the campaign covers.")})
    ids = {document.pk for document in documents}
    if ids and documents_visible_to(acting_user).filter(pk__in=ids).count() != len(ids):
        raise ValidationError({"documents": _("Choose one inside your own scope.")})
    if campaign.scope_organization_id and not organizations_visible_to(acting_user).filter(
        pk=campaign.scope_organization_id
    ):
        raise ValidationError({"scope_organization": _("Choose one inside your own scope.")})


def _documents_label(documents) -> str:
    return "; ".join(str(document) for document in documents)


@transaction.atomic
def create_campaign(*, data: dict, documents=(), acting_user) -> Campaign:
    ensure(acting_user, "activities.add_campaign")
    cleaned = clean_campaign(data)
    campaign = Campaign(**cleaned, created_by=_recorded_user(acting_user))
    campaign.name_folded = fold(campaign.name)[:300]
    documents = list(documents or ())
    _check_choices(campaign, documents, acting_user)
    campaign.save()
    campaign.documents.set(documents)
    record_event(
        action="activities.campaign.created",
        acting_user=acting_user,
        obj=campaign,
        changes=diff({}, {**snapshot(campaign, FIELDS), "documents": _documents_label(documents)}),
    )
    return campaign


@transaction.atomic
def update_campaign(
    *, campaign: Campaign, data: dict, version: int, documents=None, acting_user
) -> Campaign:
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    ensure(acting_user, "activities.change_campaign", locked)
    if locked.version != version:
        raise ValidationError(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then edit again."
            )
        )
    current = {key: getattr(locked, key) for key in FIELDS}
    cleaned = clean_campaign({**current, **data})
    old_documents = list(locked.documents.all())
    before = {**snapshot(locked, FIELDS), "documents": _documents_label(old_documents)}
    for key, value in cleaned.items():
        setattr(locked, key, value)
    documents = old_documents if documents is None else list(documents)
    _check_choices(locked, documents, acting_user)
    changes = diff(before, {**snapshot(locked, FIELDS), "documents": _documents_label(documents)})
    if changes:
        locked.name_folded = fold(locked.name)[:300]
        locked.version += 1
        locked.save()
        locked.documents.set(documents)
        record_event(
            action="activities.campaign.updated",
            acting_user=acting_user,
            obj=locked,
            changes=changes,
        )
    return locked


def _plan_label(line: PlanLine) -> dict:
    works = "; ".join(
        f"{work.kind.name} {work.kind.amount(work.quantity)}"
        for work in line.works.select_related("kind")
    )
    return {
        "unit": line.unit.full_name,
        "planned_activities": line.planned_activities,
        "due_date": line.due_date,
        "description": line.description,
        "works": works,
    }


@transaction.atomic
def set_plan_line(
    *,
    campaign: Campaign,
    unit,
    planned_activities: int,
    due_date: date | None = None,
    description: str = "",
    works=None,
    acting_user,
) -> PlanLine:
    """Set what ``unit`` plans to do in the campaign (a new line, or the unit's line changed):
    how many activities, by when, and the quantities of work ``{WorkKind: Decimal}``. The unit
    is one of the campaign's territory (a district of the province…)."""
    ensure(acting_user, "activities.change_campaign", campaign)
    if unit is None:
        raise ValidationError({"unit": _("Choose the participating unit.")})
    if unit.level == Level.HAMLET:
        raise ValidationError({"unit": _("Choose a commune, a district or a province.")})
    scope = campaign.scope_unit
    if scope is not None and not (
        unit.path.startswith(scope.path) or unit.today_path.startswith(scope.path)
    ):
        raise ValidationError(
            {"unit": _("The unit must be inside the territory the campaign covers.")}
        )
    if not isinstance(planned_activities, int) or not 0 <= planned_activities <= MAX_PLANNED:
        raise ValidationError(
            {"planned_activities": _("Enter a number of activities up to 100.000.")}
        )
    if due_date is not None and not campaign.start_date <= due_date <= campaign.end_date:
        raise ValidationError({"due_date": _("The day must lie within the campaign's period.")})
    cleaned_works = {}
    for kind, given in (works or {}).items():
        if given in (None, ""):
            continue
        quantity = Decimal(given)
        if not 0 < quantity < Decimal("1e15"):
            raise ValidationError(
                {"works": _("%(kind)s: enter a quantity above zero.") % {"kind": kind.name}}
            )
        cleaned_works[kind] = quantity
    line = PlanLine.objects.filter(campaign=campaign, unit=unit).first()
    before = _plan_label(line) if line else {}
    if line is None:
        line = PlanLine(campaign=campaign, unit=unit)
    line.planned_activities = planned_activities
    line.due_date = due_date
    line.description = (description or "").strip()
    line.save()
    line.works.all().delete()
    PlannedWork.objects.bulk_create(
        [PlannedWork(line=line, kind=kind, quantity=qty) for kind, qty in cleaned_works.items()]
    )
    changes = diff(before, _plan_label(line))
    if changes:
        record_event(
            action="activities.campaign.plan_set",
            acting_user=acting_user,
            obj=campaign,
            changes=changes,
        )
    # What the call did, for an import to count: "created", "updated" or "unchanged".
    line.outcome = "created" if not before else ("updated" if changes else "unchanged")
    return line


@transaction.atomic
def remove_plan_line(*, line: PlanLine, acting_user) -> None:
    ensure(acting_user, "activities.change_campaign", line.campaign)
    before = _plan_label(line)
    campaign = line.campaign
    line.delete()
    record_event(
        action="activities.campaign.plan_removed",
        acting_user=acting_user,
        obj=campaign,
        changes=diff(before, {}),
    )
