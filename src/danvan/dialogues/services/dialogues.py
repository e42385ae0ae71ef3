"""Dialogues, their attendance and opinions; a commitment is a follow-up (``danvan.followups``)
owned by the place where the dialogue was held."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.folding import fold
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.dialogues.enums import DialogueKind, Group, OpinionField, Response
from danvan.dialogues.models import Attendance, Dialogue, Opinion
from danvan.followups.services import create_followup
from danvan.organizations.queries import people_visible_to
from danvan.territory.enums import Level

DIALOGUE_FIELDS = (
    "kind",
    "held_on",
    "place",
    "place_today",
    "hamlet",
    "venue",
    "organizer",
    "chair_person",
    "chair_name",
    "chair_position",
    "present",
    "topics",
    "note",
)
TEXTS = ("venue", "chair_name", "chair_position", "present", "topics", "note")
COMMITMENT_KIND = "dialogues.commitment"
MAX_ATTENDANCE = 1_000_000


def recorded_user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _clean(data: dict) -> dict:
    cleaned = {key: data.get(key) for key in DIALOGUE_FIELDS if key in data}
    for key in TEXTS:
        cleaned[key] = (cleaned.get(key) or "").strip()
    if cleaned.get("kind") not in DialogueKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    held_on = cleaned.get("held_on")
    if not isinstance(held_on, date) or held_on > timezone.localdate() or held_on.year < 2000:
        raise ValidationError(
            {"held_on": _("Enter the date it was held, from 2000 and not in the future.")}
        )
    place = cleaned.get("place")
    if place is None:
        raise ValidationError({"place": _("Choose the commune or ward where it was held.")})
    if place.level == Level.HAMLET:
        cleaned["hamlet"], cleaned["place"] = place, place.parent
        place = place.parent
    elif place.level not in (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE):
        raise ValidationError({"place": _("Choose the commune or ward where it was held.")})
    hamlet = cleaned.get("hamlet")
    if hamlet is not None and hamlet.parent_id != place.pk:
        raise ValidationError({"hamlet": _("The hamlet must belong to the chosen commune.")})
    person = cleaned.get("chair_person")
    if person is not None and not cleaned["chair_name"]:
        cleaned["chair_name"] = person.full_name
    if not cleaned["chair_name"]:
        raise ValidationError({"chair_name": _("Enter who chaired it.")})
    if not cleaned["chair_position"]:
        raise ValidationError(
            {"chair_position": _("Enter the position of who chaired it, e.g. Chủ tịch UBND xã.")}
        )
    return cleaned


def _clean_attendance(attendance: dict | None) -> dict[str, int]:
    counts = {}
    for group, count in (attendance or {}).items():
        if group not in Group.values:
            raise ValidationError({"attendance": _("Unknown group of people.")})
        if count in (None, "", 0):
            continue
        if not isinstance(count, int) or not 0 <= count <= MAX_ATTENDANCE:
            raise ValidationError({f"attendance_{group}": _("Enter a number of people.")})
        counts[group] = count
    return counts


def _check_choices(dialogue: Dialogue, acting_user, before: dict | None = None) -> None:
    def chosen(name):
        value = getattr(dialogue, name) if getattr(dialogue, f"{name}_id") else None
        changed = before is None or before.get(name) != getattr(dialogue, f"{name}_id")
        return value if changed else None

    outside = _("Choose one inside your own scope.")
    ensure_choice(
        acting_user,
        "organizations.view_organization",
        chosen("organizer"),
        field="organizer",
        message=outside,
    )
    person = chosen("chair_person")
    visible = (
        acting_user is None
        or people_visible_to(acting_user).filter(pk=getattr(person, "pk", None)).exists()
    )
    if person is not None and not visible:
        raise ValidationError({"chair_person": outside})
    if chosen("place") is not None or chosen("organizer") is not None:
        ensure_choice(
            acting_user,
            "dialogues.add_dialogue",
            dialogue,
            field="place",
            message=_("You may only record dialogues held in your own territory."),
        )


def _search_text(dialogue: Dialogue) -> str:
    return fold(" ".join([dialogue.chair_name, dialogue.venue, dialogue.topics, dialogue.present]))


def _write_attendance(dialogue: Dialogue, counts: dict[str, int]) -> None:
    Attendance.objects.filter(dialogue=dialogue).exclude(group__in=counts).delete()
    for group, count in counts.items():
        Attendance.objects.update_or_create(
            dialogue=dialogue, group=group, defaults={"count": count}
        )


def _attendance_words(counts: dict[str, int]) -> str:
    return "; ".join(f"{Group(g).label}: {n}" for g, n in counts.items())


@transaction.atomic
def record_dialogue(*, data: dict, attendance: dict | None = None, acting_user) -> Dialogue:
    """A dialogue held at ``data["place"]`` (a commune, or a hamlet of it); ``attendance``:
    ``{group: people}``."""
    ensure(acting_user, "dialogues.add_dialogue")
    cleaned = _clean(data)
    counts = _clean_attendance(attendance)
    dialogue = Dialogue(**cleaned, created_by=recorded_user(acting_user))
    _check_choices(dialogue, acting_user)
    dialogue.search_folded = _search_text(dialogue)
    dialogue.save()
    _write_attendance(dialogue, counts)
    record_event(
        action="dialogues.dialogue.recorded",
        acting_user=acting_user,
        obj=dialogue,
        changes=diff({}, snapshot(dialogue, ("kind", "held_on", "place", "chair_name")))
        | ({"attendance": [None, _attendance_words(counts)]} if counts else {}),
    )
    return dialogue


@transaction.atomic
def update_dialogue(
    *, dialogue: Dialogue, data: dict, attendance: dict | None = None, version: int, acting_user
) -> Dialogue:
    locked = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    ensure(acting_user, "dialogues.change_dialogue", locked)
    if version != locked.version:
        raise ValidationError(
            _("Someone else changed this dialogue meanwhile. Reload the page and try again.")
        )
    before_ids = {
        name: getattr(locked, f"{name}_id") for name in ("place", "organizer", "chair_person")
    }
    before = snapshot(locked, DIALOGUE_FIELDS)
    old_counts = {row.group: row.count for row in locked.attendance.all()}
    cleaned = _clean({name: getattr(locked, name) for name in DIALOGUE_FIELDS} | data)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    _check_choices(locked, acting_user, before=before_ids)
    counts = _clean_attendance(attendance) if attendance is not None else old_counts
    changes = diff(before, snapshot(locked, DIALOGUE_FIELDS))
    if counts != old_counts:
        changes["attendance"] = [_attendance_words(old_counts), _attendance_words(counts)]
    if not changes:
        return locked
    locked.search_folded = _search_text(locked)
    locked.version += 1
    locked.save()
    _write_attendance(locked, counts)
    record_event(
        action="dialogues.dialogue.updated", acting_user=acting_user, obj=locked, changes=changes
    )
    return locked


@transaction.atomic
def add_opinion(
    *,
    dialogue: Dialogue,
    data: dict,
    commitment: dict | None = None,
    acting_user,
) -> Opinion:
    """A question or opinion raised at ``dialogue``: ``data`` has ``group``, ``field``,
    ``content``, optionally ``speaker_name``, and ``answer`` (+ ``answered_by``) when it was
    answered on the spot. ``commitment`` (``assignee_organization`` or ``assignee_unit``,
    ``due_date``, optionally ``title``) makes it a follow-up owned by the dialogue's place."""
    ensure(acting_user, "dialogues.change_dialogue", dialogue)
    content = (data.get("content") or "").strip()
    if not content:
        raise ValidationError({"content": _("Write down the question or opinion.")})
    if data.get("group") not in Group.values:
        raise ValidationError({"group": _("Choose the group of people who raised it.")})
    if data.get("field") not in OpinionField.values:
        raise ValidationError({"field": _("Choose the field it is about.")})
    answer = (data.get("answer") or "").strip()
    if answer and commitment:
        raise ValidationError(
            {"answer": _("Either an answer on the spot or a commitment, not both.")}
        )
    last = dialogue.opinions.aggregate(last=Max("number"))["last"] or 0
    opinion = Opinion(
        dialogue=dialogue,
        number=last + 1,
        group=data["group"],
        field=data["field"],
        speaker_name=(data.get("speaker_name") or "").strip()[:255],
        content=content,
        answer=answer,
        answered_by=(data.get("answered_by") or "").strip()[:255],
        response=Response.ANSWERED if answer else Response.NOTED,
    )
    opinion.save()
    if commitment:
        opinion.followup = create_followup(
            data={
                "title": (commitment.get("title") or "").strip() or content[:300],
                "description": content,
                "due_date": commitment.get("due_date"),
                "assignee_organization": commitment.get("assignee_organization"),
                "assignee_unit": commitment.get("assignee_unit"),
                "owner_unit": dialogue.place,
                "owner_organization": dialogue.organizer,
            },
            source=opinion,
            source_kind=COMMITMENT_KIND,
            source_label=str(dialogue),
            acting_user=acting_user,
        )
        opinion.response = Response.COMMITTED
        opinion.save(update_fields=["followup", "response"])
    record_event(
        action="dialogues.dialogue.opinion_added",
        acting_user=acting_user,
        obj=dialogue,
        changes={"response": [None, opinion.get_response_display()]},
        message=content[:300],
    )
    return opinion
