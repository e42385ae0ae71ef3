"""Registering many models and exemplars at once (an Excel import of 100,000 rows).

``register_initiatives_in_bulk`` writes what ``services.register_initiative`` followed by the
``services.transition`` steps of a status walk would write for each row — the initiative with
its code and search columns, its fields of work, one ``StatusChange`` per step, the audit events
``registered`` and ``status_changed`` — but in a few INSERTs per table instead of some ten
queries per row. The rules are the same code: each row is checked by ``new_initiative`` with
``services.clean_data`` and every step of its walk with ``services.check_transition``; the
service accepts nothing else. Codes are handed out per prefix (province, year) in one step from
``CodeSequence``, with the sequence rows locked (``select_for_update``) so that a concurrent
registration waits instead of taking the same numbers.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.bulk_insert import insert_many, insert_values
from danvan.core.permissions import ensure
from danvan.core.services import diff, event_values, record_events
from danvan.initiatives.enums import TRANSITIONS, Kind, Status, Subject
from danvan.initiatives.models import CodeSequence, Initiative, StatusChange
from danvan.initiatives.services import (
    REASON_NEEDED,
    check_choices,
    check_transition,
    clean_data,
    place_copies,
    province_code,
    recorded_user,
    refresh_search,
)

BATCH_SIZE = 1000
STATUSES = frozenset(Status.values)


def status_path(current: str, target: str) -> list[str] | None:
    """The shortest walk along TRANSITIONS from ``current`` to ``target`` (None: none)."""
    paths = {current: []}
    frontier = [current]
    while frontier:
        following = []
        for state in frontier:
            for step in sorted(TRANSITIONS.get(state, ())):
                if step not in paths:
                    paths[step] = [*paths[state], step]
                    following.append(step)
        frontier = following
    return paths.get(target)


@dataclass(frozen=True)
class NewInitiative:
    """One checked row for ``register_initiatives_in_bulk``; made by ``new_initiative`` only."""

    initiative: Initiative  # unsaved, cleaned, search columns filled, status the first one
    fields: tuple
    first: str  # draft or registered
    walk: tuple[tuple[str, str], ...]  # (status, reason) of each step after the first
    note: str


def new_initiative(
    *,
    data: dict,
    fields=(),
    status: str = Status.REGISTERED,
    reason: str = "",
    note: str = "",
    acting_user=None,
) -> NewInitiative:
    """Check one row as ``register_initiative`` does (raising the same ``ValidationError``s).

    ``status`` is where the new record ends up: it is registered as a draft (for a draft) or
    registered, then walked along TRANSITIONS, each step checked by ``check_transition`` with
    ``reason`` (needed for being strengthened, ended and withdrawn). ``note`` goes with the
    registration into the timeline (“Registered by an import from Excel.”). With
    ``acting_user``, what the row chose is checked against the user's scope as the service
    does (``services.check_choices``), so that an import names the row."""
    if status not in STATUSES:
        raise ValidationError({"status": _("Choose a status.")})
    cleaned = clean_data(data)
    first = Status.DRAFT if status == Status.DRAFT else Status.REGISTERED
    walk, current = [], first
    for step in status_path(first, status) or ():
        given = reason if step in REASON_NEEDED else ""  # as the import's walk gives it
        walk.append((step, check_transition(current=current, to_status=step, reason=given)))
        current = step
    initiative = Initiative(**cleaned, **place_copies(cleaned["place"]), status=first)
    check_choices(initiative=initiative, acting_user=acting_user)
    refresh_search(initiative)
    return NewInitiative(initiative, tuple(dict.fromkeys(fields)), first, tuple(walk), note)


@transaction.atomic
def register_initiatives_in_bulk(*, rows: Sequence[NewInitiative], acting_user) -> list[Initiative]:
    """Register every row (each made by ``new_initiative``) and walk it to its status; returns
    the saved initiatives in the order of ``rows``. All or nothing; a row out of the acting
    user's scope raises ``OutOfScope``."""
    if any(not isinstance(row, NewInitiative) for row in rows):
        raise TypeError("register_initiatives_in_bulk takes rows made by new_initiative().")
    if not rows:
        return []
    for row in rows:  # the service's own check, whatever the caller checked before
        ensure(acting_user, "initiatives.add_initiative", row.initiative)
    user = recorded_user(acting_user)
    initiatives = [row.initiative for row in rows]
    _number(initiatives)
    words = _words()
    registered = []
    for row, initiative in zip(rows, initiatives, strict=True):
        initiative.created_by = user
        registered.append(_snapshot(initiative, words))  # as first registered
        if row.walk:
            initiative.status = row.walk[-1][0]
        initiative.version = 1 + len(row.walk)
    insert_many(initiatives)
    links = [
        {"initiative_id": initiative.pk, "field_id": field.pk}
        for row, initiative in zip(rows, initiatives, strict=True)
        for field in row.fields
    ]
    insert_values(Initiative.fields.through, links)
    changes, events = [], []
    for row, initiative, values in zip(rows, initiatives, registered, strict=True):
        events.append(
            event_values(
                action="initiatives.initiative.registered",
                acting_user=acting_user,
                obj=initiative,
                changes=diff({}, values),
                message=row.note,
            )
        )
        changes.append(_status_change(initiative, "", row.first, row.note, user))
        walked = _walk(row, initiative, acting_user, words["status"])
        changes.extend(walked[0])
        events.extend(walked[1])
    insert_values(StatusChange, changes)
    record_events(events)
    return initiatives


def _walk(row: NewInitiative, initiative, acting_user, statuses) -> tuple[list, list]:
    """The status changes and events of ``transition`` for each step of the row's walk."""
    changes, events = [], []
    current = row.first
    for step, reason in row.walk:
        changes.append(
            _status_change(initiative, current, step, reason, recorded_user(acting_user))
        )
        events.append(
            event_values(
                action="initiatives.initiative.status_changed",
                acting_user=acting_user,
                obj=initiative,
                changes={"status": [statuses[current], statuses[step]]},
                message=reason,
            )
        )
        current = step
    return changes, events


def _status_change(initiative, from_status, to_status, reason, user) -> dict:
    return {"initiative_id": initiative.pk, "from_status": from_status, "to_status": to_status,
            "reason": reason, "changed_by_id": user.pk if user else None}  # fmt: skip


def _words() -> dict[str, dict]:
    """The labels of the choices in the active language, and the names of places, as
    ``snapshot`` writes them into the audit log — looked up once, not once per row."""
    choices = {"kind": Kind.choices, "subject": Subject.choices, "status": Status.choices}
    words = {name: {value: str(label) for value, label in pairs} for name, pairs in choices.items()}
    words["place"] = {}
    return words


def _snapshot(initiative: Initiative, words: dict) -> dict:
    """``snapshot(initiative, REGISTERED_FIELDS)``, without its per-value translation look-ups."""
    if initiative.place_id not in words["place"]:
        words["place"][initiative.place_id] = str(initiative.place)
    return {
        "code": initiative.code,
        "name": initiative.name,
        "kind": words["kind"][initiative.kind],
        "subject": words["subject"][initiative.subject],
        "place": words["place"][initiative.place_id],
        "year": initiative.year,
        "status": words["status"][initiative.status],
    }


def _number(initiatives: list[Initiative]) -> None:
    """Give each its code: the prefix (today's province, year) and the next numbers, taken from
    ``CodeSequence`` for all of a prefix at once. The sequence rows are locked (in a fixed order,
    so two bulk registrations cannot deadlock) until the transaction ends."""
    provinces: dict[int, str] = {}
    prefixes = []
    for initiative in initiatives:
        place = initiative.place
        if place.pk not in provinces:
            provinces[place.pk] = province_code(place)
        prefixes.append(f"{provinces[place.pk]}-{initiative.year}")
    counts = Counter(prefixes)
    CodeSequence.objects.bulk_create(
        [CodeSequence(prefix=prefix) for prefix in sorted(counts)], ignore_conflicts=True
    )
    sequences = list(
        CodeSequence.objects.select_for_update().filter(prefix__in=counts).order_by("prefix")
    )
    first = {}
    for sequence in sequences:
        first[sequence.prefix] = sequence.last + 1
        sequence.last += counts[sequence.prefix]
    CodeSequence.objects.bulk_update(sequences, ["last"], batch_size=BATCH_SIZE)
    for initiative, prefix in zip(initiatives, prefixes, strict=True):
        initiative.code = f"{prefix}-{first[prefix]:05d}"
        first[prefix] += 1
