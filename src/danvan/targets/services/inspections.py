"""Surveys, inspections and supervision: the team, the units it visits, its working sessions,
findings and recommendations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.followups.services import create_followup
from danvan.organizations.queries import organizations_visible_to, people_visible_to
from danvan.targets.models import Inspection, Recommendation, TeamMember, WorkingSession
from danvan.targets.scopes import programmes_visible_to, targets_visible_to
from danvan.targets.services.common import check_version, inside

INSPECTION_FIELDS = [
    "kind",
    "title",
    "subject",
    "organization",
    "programme",
    "unit",
    "starts_on",
    "ends_on",
    "leader",
    "findings",
]
SESSION_FIELDS = ["unit", "held_on", "place", "received_by", "notes"]
RECOMMENDATION_FIELDS = ["title", "text", "organization", "due", "order"]
RECOMMENDATION_KIND = "targets.recommendation"  # the follow-ups' kind of source


def _sees_organization(acting_user, organization) -> bool:
    """The system (``None``) sees everything; a user, the organisations in their scope."""
    return (
        acting_user is None
        or organizations_visible_to(acting_user).filter(pk=organization.pk).exists()
    )


def _clean_inspection(acting_user, data: dict) -> dict:
    cleaned = {key: data.get(key) for key in INSPECTION_FIELDS}
    for key in ("title", "subject", "leader", "findings"):
        cleaned[key] = (cleaned[key] or "").strip()
    errors = {}
    if not cleaned["title"]:
        errors["title"] = _("Give the survey or inspection a title.")
    for key in ("kind", "organization", "unit", "starts_on", "ends_on"):
        if not cleaned[key]:
            errors[key] = _("This field is required.")
    if cleaned["starts_on"] and cleaned["ends_on"] and cleaned["ends_on"] < cleaned["starts_on"]:
        errors["ends_on"] = _("The end comes before the start.")
    programme = cleaned["programme"]
    if (
        programme is not None
        and not programmes_visible_to(acting_user).filter(pk=programme.pk).exists()
    ):
        errors["programme"] = _("Choose a programme you may see.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_choices(acting_user, inspection: Inspection) -> None:
    ensure_choice(
        acting_user,
        "targets.add_inspection",
        inspection,
        field="organization",
        message=_("The conducting organisation must be in your managing scope."),
    )


def _check_targets(acting_user, inspection: Inspection, targets) -> list:
    targets = list(targets or [])
    visible = set(
        targets_visible_to(acting_user)
        .filter(pk__in=[t.pk for t in targets])
        .values_list("pk", flat=True)
    )
    if any(t.pk not in visible for t in targets):
        raise ValidationError({"targets": _("Choose targets you may see.")})
    if targets and (
        inspection.programme is None
        or any(t.programme_id != inspection.programme_id for t in targets)
    ):
        raise ValidationError({"targets": _("The targets must belong to the programme looked at.")})
    return targets


@transaction.atomic
def create_inspection(*, data: dict, targets=(), acting_user) -> Inspection:
    """A survey, inspection or supervision by an organisation in the acting user's managing
    scope, about a programme (its targets) or a topic, in an area."""
    ensure(acting_user, "targets.add_inspection")
    inspection = Inspection(**_clean_inspection(acting_user, data))
    _check_choices(acting_user, inspection)
    targets = _check_targets(acting_user, inspection, targets)
    inspection.created_by = acting_user if getattr(acting_user, "pk", None) else None
    inspection.save()
    inspection.targets.set(targets)
    changes = diff({}, snapshot(inspection, INSPECTION_FIELDS))
    if targets:
        changes["targets"] = [None, "; ".join(t.name for t in targets)]
    record_event(
        action="targets.inspection.created",
        acting_user=acting_user,
        obj=inspection,
        changes=changes,
    )
    return inspection


@transaction.atomic
def update_inspection(
    *, inspection: Inspection, data: dict, version: int, targets=None, acting_user
) -> Inspection:
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    ensure(acting_user, "targets.change_inspection", locked)
    check_version(locked, version)
    current = {key: getattr(locked, key) for key in INSPECTION_FIELDS}
    cleaned = _clean_inspection(acting_user, {**current, **data})
    before = snapshot(locked, INSPECTION_FIELDS)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    _check_choices(acting_user, locked)
    changes = diff(before, snapshot(locked, INSPECTION_FIELDS))
    if targets is not None:
        targets = _check_targets(acting_user, locked, targets)
        old = sorted(t.name for t in locked.targets.all())
        new = sorted(t.name for t in targets)
        if old != new:
            locked.targets.set(targets)
            changes["targets"] = ["; ".join(old), "; ".join(new)]
    if changes:
        locked.version += 1
        locked.save()
        record_event(
            action="targets.inspection.updated",
            acting_user=acting_user,
            obj=locked,
            changes=changes,
        )
    return locked


@transaction.atomic
def add_member(
    *,
    inspection: Inspection,
    name: str = "",
    person=None,
    organization=None,
    role: str = "",
    acting_user,
) -> TeamMember:
    """A member of the team: a person on file (their name is taken) or a name, from an
    organisation the acting user may see."""
    ensure(acting_user, "targets.change_inspection", inspection)
    if (
        person is not None
        and acting_user is not None
        and not people_visible_to(acting_user).filter(pk=person.pk).exists()
    ):
        raise ValidationError({"person": _("Choose a person you may see.")})
    name = (person.full_name if person else name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the member's name or choose a person.")})
    if organization is not None and not _sees_organization(acting_user, organization):
        raise ValidationError({"organization": _("Choose an organisation you may see.")})
    member = TeamMember.objects.create(
        inspection=inspection,
        person=person,
        name=name[:200],
        organization=organization,
        role=(role or "").strip()[:100],
    )
    record_event(
        action="targets.inspection.member_added",
        acting_user=acting_user,
        obj=inspection,
        changes={"member": [None, f"{member.name}{' — ' + member.role if member.role else ''}"]},
    )
    return member


@transaction.atomic
def add_session(*, inspection: Inspection, data: dict, acting_user) -> WorkingSession:
    """A working session of the team in a unit of the inspection's area, on a day of it."""
    ensure(acting_user, "targets.change_inspection", inspection)
    cleaned = {key: data.get(key) for key in SESSION_FIELDS}
    for key in ("place", "received_by", "notes"):
        cleaned[key] = (cleaned[key] or "").strip()
    errors = {}
    if cleaned["unit"] is None:
        errors["unit"] = _("This field is required.")
    elif not inside(cleaned["unit"], inspection.unit):
        errors["unit"] = _("The unit visited must lie in the area of the survey or inspection.")
    held_on = cleaned["held_on"]
    if held_on is None:
        errors["held_on"] = _("This field is required.")
    elif not inspection.starts_on <= held_on <= inspection.ends_on:
        errors["held_on"] = _("The session falls outside the dates of the survey or inspection.")
    if errors:
        raise ValidationError(errors)
    session = WorkingSession.objects.create(inspection=inspection, **cleaned)
    written = snapshot(session, SESSION_FIELDS)
    written["unit_visited"] = written.pop("unit")  # the inspection's own "unit" is its area
    record_event(
        action="targets.inspection.session_added",
        acting_user=acting_user,
        obj=inspection,
        changes=diff({}, written),
    )
    return session


@transaction.atomic
def add_recommendation(*, inspection: Inspection, data: dict, acting_user) -> Recommendation:
    """A recommendation of the team to an organisation the acting user may see, with a due
    date on or after the survey's end."""
    ensure(acting_user, "targets.change_inspection", inspection)
    cleaned = {key: data.get(key) for key in RECOMMENDATION_FIELDS}
    cleaned["title"] = (cleaned["title"] or "").strip()
    cleaned["text"] = (cleaned["text"] or "").strip()
    cleaned["order"] = cleaned["order"] if cleaned["order"] is not None else 100
    errors = {}
    if not cleaned["title"]:
        errors["title"] = _("Say in a few words what is recommended.")
    organization = cleaned["organization"]
    if organization is None:
        errors["organization"] = _("This field is required.")
    elif not _sees_organization(acting_user, organization):
        errors["organization"] = _("Choose an organisation you may see.")
    if cleaned["due"] is None:
        errors["due"] = _("Enter the date by which it must be done.")
    elif cleaned["due"] < inspection.starts_on:
        errors["due"] = _("The due date comes before the survey or inspection.")
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation.objects.create(inspection=inspection, **cleaned)
    record_event(
        action="targets.recommendation.created",
        acting_user=acting_user,
        obj=recommendation,
        changes=diff({}, snapshot(recommendation, RECOMMENDATION_FIELDS)),
    )
    # Followed up to closure: assigned to the organisation it is addressed to, followed and
    # verified by the organisation that ran the survey (docs/dev/followups.md).
    recommendation.followup = create_followup(
        data={
            "title": recommendation.title,
            "description": recommendation.text,
            "due_date": recommendation.due,
            "assignee_organization": recommendation.organization,
            "owner_organization": inspection.organization,
        },
        source=recommendation,
        source_kind=RECOMMENDATION_KIND,
        source_label=str(inspection),
        acting_user=acting_user,
    )
    recommendation.save(update_fields=["followup"])
    return recommendation
