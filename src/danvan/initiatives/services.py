"""Writes on initiatives: register, edit, the one status transition, progress, replication.
Each validates, is atomic and is audited."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.enums import PEOPLE_READ_ROLES
from danvan.accounts.queries import covers
from danvan.core.folding import fold
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.initiatives.catalogues import seed_catalogues  # noqa: F401 (its old home)
from danvan.initiatives.enums import TRANSITIONS, Kind, Status, Subject
from danvan.initiatives.models import (
    CodeSequence,
    Initiative,
    Progress,
    Quantity,
    StatusChange,
)
from danvan.organizations.queries import people_visible_to
from danvan.territory.enums import Level
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import ancestors, rollup_unit

EDITABLE_FIELDS = (
    "name",
    "kind",
    "subject",
    "owner_organization",
    "owner_person",
    "place",
    "place_today",
    "hamlet",
    "ethnic_minority_area",
    "religious_area",
    "border_area",
    "year",
    "start_date",
    "content",
    "partners",
    "expected_results",
    "results_text",
    "replicated_from",
)
TEXT_FIELDS = ("content", "partners", "expected_results", "results_text")
KINDS, SUBJECTS = frozenset(Kind.values), frozenset(Subject.values)  # .values builds a list
# A change to one of these needs a reason.
REASON_NEEDED = frozenset({Status.SUSPENDED, Status.ENDED, Status.WITHDRAWN})


def province_code(unit) -> str:
    """The code of the province of today a place counts for (for readable initiative codes):
    the second segment of its ``today_path`` ("C.08.02296." → "08"), without a query."""
    if unit.today_path.count(".") >= 2:
        return unit.today_path.split(".")[1]
    today = rollup_unit(unit) or unit
    if today.level == Level.PROVINCE:
        return today.code
    chain = ancestors(today)
    return chain[0].code if chain else today.code


def next_code(*, place, year: int) -> str:
    """'08-2023-00012': today's province, the year registered, a running number ("00" for a
    draft not placed yet: the code stays when it is placed)."""
    prefix = f"{province_code(place) if place is not None else '00'}-{year}"
    sequence, _created = CodeSequence.objects.select_for_update().get_or_create(prefix=prefix)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{sequence.last:05d}"


def clean_data(data: dict, *, draft: bool = False) -> dict:
    """The editable fields of ``data`` normalised and checked (shared with ``bulk``). A
    ``draft`` may still lack its place and who carries it out; registering needs both."""
    cleaned = {key: data.get(key) for key in EDITABLE_FIELDS if key in data}
    cleaned["name"] = " ".join((cleaned.get("name") or "").split())
    if not cleaned["name"]:
        raise ValidationError({"name": _("Enter the name of the model or exemplar.")})
    for key in TEXT_FIELDS:
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    for key in ("ethnic_minority_area", "religious_area", "border_area"):
        if key in cleaned:
            cleaned[key] = bool(cleaned[key])
    if cleaned.get("kind") not in KINDS:
        raise ValidationError({"kind": _("Choose model or exemplar.")})
    if cleaned.get("subject") not in SUBJECTS:
        raise ValidationError({"subject": _("Choose collective or individual.")})
    _clean_place_and_dates(cleaned, draft=draft)
    _clean_owner(cleaned, draft=draft)
    return cleaned


def _clean_place_and_dates(cleaned: dict, *, draft: bool) -> None:
    place = cleaned.get("place")
    if place is None and not draft:
        raise ValidationError({"place": _("Choose the place where it is carried out.")})
    if place is not None and place.level == Level.HAMLET:
        cleaned["hamlet"], cleaned["place"] = place, place.parent
        place = place.parent
    hamlet = cleaned.get("hamlet")
    if hamlet is not None and (place is None or hamlet.parent_id != place.pk):
        raise ValidationError({"hamlet": _("The hamlet must belong to the chosen commune.")})
    year = cleaned.get("year")
    this_year = timezone.localdate().year
    if not year or not 2009 <= year <= this_year + 1:
        raise ValidationError(
            {
                "year": _("Enter the year it was registered, between 2009 and %(year)s.")
                % {"year": this_year + 1}
            }
        )
    start = cleaned.get("start_date")
    if start and start > date(year + 1, 12, 31):
        raise ValidationError(
            {"start_date": _("The start date is long after the year registered.")}
        )


def _clean_owner(cleaned: dict, *, draft: bool) -> None:
    owner_org, owner_person = cleaned.get("owner_organization"), cleaned.get("owner_person")
    if not draft and owner_org is None and owner_person is None:
        raise ValidationError(
            {"owner_organization": _("Choose the organisation or the person carrying it out.")}
        )
    if not draft and cleaned.get("subject") == Subject.INDIVIDUAL and owner_person is None:
        raise ValidationError(
            {"owner_person": _("An individual model or exemplar needs the person carrying it out.")}
        )
    source = cleaned.get("replicated_from")
    if source is not None and source.kind != Kind.MODEL:
        raise ValidationError({"replicated_from": _("Only a model can be replicated.")})


CHOSEN = ("owner_organization", "owner_person", "replicated_from", "place")


def check_choices(*, initiative: Initiative, acting_user, before: dict | None = None) -> None:
    """What was chosen for ``initiative`` (new, or edited from ``before``, the ids it had) must
    be in the acting user's scope: the place (or the owner, for a registering unit), an owner
    organisation the user registers for — never a central body —, a person and a replicated
    model the user can see. Raises ``ValidationError`` on the field (a form, an import row)."""
    if acting_user is None:
        return

    def chosen(name):
        value = getattr(initiative, name) if getattr(initiative, f"{name}_id") else None
        changed = before is None or before.get(name) != getattr(initiative, f"{name}_id")
        return value if changed else None

    outside = _("Choose one inside your own scope.")
    for name, perm in (
        ("owner_organization", "initiatives.own_initiative"),
        ("replicated_from", "initiatives.view_initiative"),
    ):
        ensure_choice(acting_user, perm, chosen(name), field=name, message=outside)
    person = chosen("owner_person")
    if person is not None and not _sees_person(acting_user, person):
        raise ValidationError({"owner_person": outside})
    if chosen("place") is not None or chosen("owner_organization") is not None:
        ensure_choice(
            acting_user,
            "initiatives.add_initiative",
            initiative,
            field="place",
            message=_(
                "You may only register models and exemplars in your own territory or for an "
                "organisation you register for."
            ),
        )


def _sees_person(user, person) -> bool:
    """The people selector's rule; its unit is enough (no query) for most people."""
    if covers(user, roles=PEOPLE_READ_ROLES, units=[person.unit]):
        return True
    return people_visible_to(user).filter(pk=person.pk).exists()


def choice_ids(initiative: Initiative) -> dict:
    """The ids ``check_choices`` compares with (what an edit started from)."""
    return {name: getattr(initiative, f"{name}_id") for name in CHOSEN}


def place_copies(place) -> dict[str, str]:
    """The columns an initiative copies from its place, for the list's scope. Every writer sets
    them from here: the services, and any bulk insert or update of initiatives
    (``Initiative(**data, **place_copies(place))``)."""
    return {"place_province": place.today_province_path if place is not None else ""}


def refresh_place_copies(unit_ids=None) -> int:
    """Set the copies again on the initiatives placed in ``unit_ids`` (every unit when None),
    after territory changed what those units count for today. Returns the rows changed."""
    units = AdministrativeUnit.objects.all()
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    by_province = defaultdict(list)
    for pk, today_path in units.values_list("pk", "today_path"):
        by_province[AdministrativeUnit(today_path=today_path).today_province_path].append(pk)
    changed = 0
    for province, places in by_province.items():
        for start in range(0, len(places), 500):
            changed += (
                Initiative.objects.filter(place_id__in=places[start : start + 500])
                .exclude(place_province=province)
                .update(place_province=province)
            )
    return changed


def refresh_all_place_copies(*, stdout=None) -> str:
    """The set-up step: after the territory reference data is loaded."""
    return _("%(count)s models and exemplars moved to another province of today.") % {
        "count": refresh_place_copies()
    }


def refresh_search(initiative: Initiative) -> None:
    initiative.name_folded = fold(initiative.name)[:500]
    initiative.search_folded = fold(f"{initiative.name} {initiative.content}")


def _set_fields(initiative: Initiative, fields) -> list[str]:
    if fields is None:
        return []
    before = sorted(initiative.fields.values_list("name", flat=True)) if initiative.pk else []
    initiative.fields.set(fields)
    after = sorted(field.name for field in fields)
    return [] if before == after else [before, after]


@transaction.atomic
def register_initiative(
    *, data: dict, fields=None, quantities=None, status: str = Status.REGISTERED, acting_user
) -> Initiative:
    """Register a model or exemplar. ``status`` is draft or registered (the default)."""
    if status not in {Status.DRAFT, Status.REGISTERED}:
        raise ValidationError(_("A new model or exemplar is a draft or registered."))
    ensure(acting_user, "initiatives.add_initiative")
    cleaned = clean_data(data, draft=status == Status.DRAFT)
    initiative = Initiative(**cleaned, status=status, created_by=recorded_user(acting_user))
    check_choices(initiative=initiative, acting_user=acting_user)
    initiative.code = next_code(place=cleaned.get("place"), year=cleaned["year"])
    refresh_search(initiative)
    for key, value in place_copies(initiative.place).items():
        setattr(initiative, key, value)
    _check_lineage(initiative, cleaned.get("replicated_from"))
    initiative.save()
    _set_fields(initiative, fields)
    for quantity_type, value in (quantities or {}).items():
        Quantity.objects.create(initiative=initiative, type=quantity_type, value=Decimal(value))
    StatusChange.objects.create(
        initiative=initiative, to_status=status, changed_by=recorded_user(acting_user)
    )
    record_event(
        action="initiatives.initiative.registered",
        acting_user=acting_user,
        obj=initiative,
        changes=diff(
            {}, snapshot(initiative, ["code", "name", "kind", "subject", "place", "year", "status"])
        ),
    )
    return initiative


def recorded_user(acting_user):
    """The user a record names as its author: None for the system or an anonymous caller."""
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _check_lineage(initiative: Initiative, source) -> None:
    """A model cannot replicate itself or one of its own replications."""
    seen = set()
    current = source
    while current is not None:
        if initiative.pk and current.pk == initiative.pk:
            raise ValidationError(
                {
                    "replicated_from": _(
                        "A model cannot replicate itself or one of its own replications."
                    )
                }
            )
        if current.pk in seen:
            break
        seen.add(current.pk)
        current = current.replicated_from


@transaction.atomic
def update_initiative(
    *, initiative: Initiative, data: dict, version: int, fields=None, acting_user
) -> Initiative:
    """Edit; ``version`` is the one the editor started from: a stale edit is refused."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    ensure(acting_user, "initiatives.change_initiative", locked)
    if locked.version != version:
        raise ValidationError(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then edit again."
            )
        )
    current = {key: getattr(locked, key) for key in EDITABLE_FIELDS}
    cleaned = clean_data({**current, **data}, draft=locked.status == Status.DRAFT)
    before, chosen_before = snapshot(locked, EDITABLE_FIELDS), choice_ids(locked)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    check_choices(initiative=locked, acting_user=acting_user, before=chosen_before)
    _check_lineage(locked, cleaned.get("replicated_from"))
    changes = diff(before, snapshot(locked, EDITABLE_FIELDS))
    field_change = _set_fields(locked, fields)
    if field_change:
        changes["fields"] = ["; ".join(field_change[0]), "; ".join(field_change[1])]
    if changes:
        refresh_search(locked)
        for key, value in place_copies(locked.place).items():
            setattr(locked, key, value)
        locked.version += 1
        locked.save()
        record_event(
            action="initiatives.initiative.updated",
            acting_user=acting_user,
            obj=locked,
            changes=changes,
        )
    return locked


def check_transition(*, current: str, to_status: str, reason: str = "") -> str:
    """The rule of ``transition`` (and of ``bulk``'s status walks): ``to_status`` must follow
    ``current`` in TRANSITIONS, and suspending, ending or withdrawing needs a reason. Returns
    the reason, stripped."""
    if to_status not in TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("A model or exemplar that is %(current)s cannot become %(target)s.")
            % {
                "current": Status(current).label,
                "target": Status(to_status).label if to_status in Status.values else to_status,
            }
        )
    reason = (reason or "").strip()
    if to_status in REASON_NEEDED and not reason:
        raise ValidationError({"reason": _("Give the reason for this change.")})
    return reason


def check_complete(initiative: Initiative) -> None:
    """A draft is registered only with all that registering needs (its place, who carries it
    out): the rule of ``clean_data`` for a registration, said in one message."""
    try:
        clean_data({key: getattr(initiative, key) for key in EDITABLE_FIELDS})
    except ValidationError as error:
        missing = "; ".join(error.messages)
        raise ValidationError(
            _("The draft cannot be registered yet: %(missing)s") % {"missing": missing}
        ) from error


@transaction.atomic
def transition(
    *, initiative: Initiative, to_status: str, reason: str = "", acting_user
) -> Initiative:
    """The only way a status changes: draft → registered → active → being strengthened / ended,
    or withdrawn before it starts; who, when and why are kept."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    ensure(acting_user, "initiatives.change_initiative", locked)
    reason = check_transition(current=locked.status, to_status=to_status, reason=reason)
    if locked.status == Status.DRAFT and to_status != Status.WITHDRAWN:
        check_complete(locked)
    StatusChange.objects.create(
        initiative=locked,
        from_status=locked.status,
        to_status=to_status,
        reason=reason,
        changed_by=recorded_user(acting_user),
    )
    before = locked.status
    locked.status = to_status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    record_event(
        action="initiatives.initiative.status_changed",
        acting_user=acting_user,
        obj=locked,
        changes={"status": [Status(before).label, Status(to_status).label]},
        message=reason,
    )
    return locked


@transaction.atomic
def add_progress(
    *, initiative: Initiative, day: date, text: str, quantities=None, acting_user
) -> Progress:
    """A dated progress update; its quantities add to the measured results."""
    ensure(acting_user, "initiatives.change_initiative", initiative)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe what was done.")})
    if day is None or day > timezone.localdate():
        raise ValidationError({"date": _("Enter the date of the update, not in the future.")})
    if initiative.status in {Status.ENDED, Status.WITHDRAWN}:
        raise ValidationError(_("This model or exemplar has ended: it takes no more updates."))
    progress = Progress.objects.create(
        initiative=initiative, date=day, text=text, created_by=recorded_user(acting_user)
    )
    for quantity_type, raw in (quantities or {}).items():
        if raw in (None, ""):
            continue
        value = Decimal(raw)
        if value < 0:
            raise ValidationError({quantity_type.code: _("A result cannot be negative.")})
        Quantity.objects.create(
            initiative=initiative, progress=progress, type=quantity_type, value=value
        )
    record_event(
        action="initiatives.initiative.progress_added",
        acting_user=acting_user,
        obj=initiative,
        message=text[:300],
    )
    return progress


@transaction.atomic
def set_quantities(*, initiative: Initiative, quantities: dict, acting_user) -> None:
    """Set the results recorded on the initiative itself (not through updates), e.g. on import."""
    ensure(acting_user, "initiatives.change_initiative", initiative)
    changes = {}
    for quantity_type, value in quantities.items():
        existing = Quantity.objects.filter(
            initiative=initiative, progress=None, type=quantity_type
        ).first()
        old = existing.value if existing else None
        new = Decimal(value) if value not in (None, "") else None
        if old == new:
            continue
        if new is None:
            existing.delete()
        elif existing:
            existing.value = new
            existing.save(update_fields=["value"])
        else:
            Quantity.objects.create(initiative=initiative, type=quantity_type, value=new)
        changes[quantity_type.name] = [old, new]
    if changes:
        record_event(
            action="initiatives.initiative.results_set",
            acting_user=acting_user,
            obj=initiative,
            changes=changes,
        )
