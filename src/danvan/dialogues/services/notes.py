"""Notes of the people's opinion (tình hình tư tưởng nhân dân)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.dialogues.enums import AttentionLevel, OpinionField
from danvan.dialogues.models import OpinionNote
from danvan.territory.enums import Level


def recorded_user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


@transaction.atomic
def record_opinion_note(*, data: dict, acting_user) -> OpinionNote:
    """A concern of the people at ``data["place"]`` on ``data["topic"]``, with its level."""
    ensure(acting_user, "dialogues.add_opinionnote")
    topic = " ".join((data.get("topic") or "").split())[:255]
    if not topic:
        raise ValidationError({"topic": _("Say what the concern is about.")})
    if data.get("field") not in OpinionField.values:
        raise ValidationError({"field": _("Choose the field it is about.")})
    if data.get("level") not in AttentionLevel.values:
        raise ValidationError({"level": _("Choose the level of attention.")})
    noted_on = data.get("noted_on")
    if not isinstance(noted_on, date) or noted_on > timezone.localdate() or noted_on.year < 2000:
        raise ValidationError({"noted_on": _("Enter the date of the note, not in the future.")})
    place = data.get("place")
    if place is None:
        raise ValidationError({"place": _("Choose the commune or ward it is about.")})
    if place.level == Level.HAMLET:
        place = place.parent
    note = OpinionNote(
        noted_on=noted_on,
        place=place,
        reporter=data.get("reporter"),
        field=data["field"],
        topic=topic,
        level=data["level"],
        content=(data.get("content") or "").strip(),
        created_by=recorded_user(acting_user),
    )
    ensure_choice(
        acting_user,
        "dialogues.add_opinionnote",
        note,
        field="place",
        message=_("You may only note the opinion of the people of your own territory."),
    )
    note.save()
    record_event(
        action="dialogues.opinionnote.recorded",
        acting_user=acting_user,
        obj=note,
        changes=diff({}, snapshot(note, ("noted_on", "place", "field", "level"))),
    )
    return note
