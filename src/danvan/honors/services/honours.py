"""The register of honours received, ceremonies and exclusions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.folding import stored_collation_key
from danvan.core.formatting import format_date
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.honors.eligibility import recipient_fits
from danvan.honors.enums import HonourSource
from danvan.honors.models import Ceremony, Exclusion, Honour, HonourKind
from danvan.honors.services.common import (
    acting,
    recipient_fields,
    recipient_label,
    recipient_place,
)

HONOUR_FIELDS = [
    "kind",
    "recipient_name",
    "decided_on",
    "decision",
    "decision_number",
    "signer",
    "ceremony",
    "source",
    "ethnic_minority_area",
    "note",
]
CEREMONY_FIELDS = ["name", "held_on", "place", "venue", "campaign", "organizer", "note"]


def check_once_only(kind: HonourKind, recipient, *, exclude_pk=None) -> None:
    """Refuse a second honour of a once-only kind (the kind's row is locked by the caller)."""
    if not kind.once_only:
        return
    fields = {k: v for k, v in recipient_fields(recipient).items() if v is not None}
    earlier = Honour.objects.filter(kind=kind, **fields).exclude(pk=exclude_pk).first()
    if earlier is not None:
        raise ValidationError(
            _("%(name)s already received %(kind)s on %(day)s: it is conferred once only.")
            % {"name": str(recipient), "kind": kind.name, "day": format_date(earlier.decided_on)}
        )


def _check_decision(acting_user, decision, decided_on, *, field="decision") -> None:
    ensure_choice(
        acting_user,
        "honors.cite_decision",
        decision,
        field=field,
        message=_("Cite a decision (quyết định) from your own scope."),
    )
    if decided_on is None:
        raise ValidationError({"decided_on": _("Enter the day of the decision.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The day of the decision cannot be in the future.")})


def write_honour(
    *,
    kind: HonourKind,
    recipient,
    decided_on: date,
    decision=None,
    decision_number: str = "",
    signer: str = "",
    ceremony=None,
    source: str,
    note: str = "",
    nominee=None,
    place=None,
    acting_user,
    checked: bool = False,
) -> Honour:
    """Write one honour after the caller's checks (the kind locked); audited on the honour and
    on the recipient's timeline. ``checked``: the caller asked its own permission (a proposal's
    conferring level), else the honour's place must be in the acting user's managing scope."""
    check_once_only(kind, recipient)
    honour = Honour(
        kind=kind,
        **recipient_fields(recipient),
        recipient_name=recipient_label(recipient)[:500],
        recipient_sort=stored_collation_key(recipient_label(recipient))[:500],
        decided_on=decided_on,
        decision=decision,
        decision_number=(decision_number or (decision.number if decision else ""))[:60],
        signer=(signer or "").strip()[:200],
        ceremony=ceremony,
        source=source,
        note=(note or "").strip()[:500],
        nominee=nominee,
        ethnic_minority_area=kind.ethnic_minority_area
        or bool(getattr(recipient, "ethnic_minority_area", False)),
        place=place or recipient_place(recipient),
        created_by=acting(acting_user),
    )
    if honour.place is None:
        raise ValidationError(_("The recipient has no place: it cannot be counted anywhere."))
    if not checked:
        ensure(acting_user, "honors.add_honour", honour)
    honour.save()
    changes = diff({}, snapshot(honour, HONOUR_FIELDS))
    record_event(
        action="honors.honour.recorded", acting_user=acting_user, obj=honour, changes=changes
    )
    record_event(
        action="honors.honour.recorded",
        acting_user=acting_user,
        obj=recipient,
        message=f"{kind.name} — {format_date(decided_on)}"
        + (f" ({honour.decision_number})" if honour.decision_number else ""),
    )
    return honour


@transaction.atomic
def record_honour(
    *,
    kind: HonourKind,
    recipient,
    decided_on: date,
    decision=None,
    decision_number: str = "",
    signer: str = "",
    ceremony=None,
    note: str = "",
    source: str = HonourSource.ENTERED,
    acting_user,
) -> Honour:
    """An honour received outside a proposal in danvan (entered from the past, imported). The
    recipient must be one the kind is for; a once-only kind is refused the second time."""
    kind = HonourKind.objects.select_for_update().get(pk=kind.pk)
    if not recipient_fits(kind, recipient):
        raise ValidationError(
            {"kind": _("This kind of honour is not conferred on this kind of recipient.")}
        )
    _check_decision(acting_user, decision, decided_on)
    if decision is None and not (decision_number or "").strip():
        raise ValidationError(
            {"decision_number": _("Enter the number of the decision, or cite it.")}
        )
    if ceremony is not None:
        ensure_choice(
            acting_user,
            "honors.change_ceremony",
            ceremony,
            field="ceremony",
            message=_("Choose a ceremony inside your scope."),
        )
    return write_honour(
        kind=kind,
        recipient=recipient,
        decided_on=decided_on,
        decision=decision,
        decision_number=decision_number,
        signer=signer,
        ceremony=ceremony,
        source=source,
        note=note,
        acting_user=acting_user,
    )


@transaction.atomic
def create_ceremony(*, data: dict, acting_user) -> Ceremony:
    ceremony = Ceremony(created_by=acting(acting_user))
    for key in CEREMONY_FIELDS:
        if key in data:
            setattr(ceremony, key, data[key])
    ceremony.name = " ".join((ceremony.name or "").split())
    errors = {}
    if not ceremony.name:
        errors["name"] = _("Enter the name of the ceremony.")
    if ceremony.held_on is None:
        errors["held_on"] = _("Enter the day it was held.")
    if not ceremony.place_id:
        errors["place"] = _("Choose where it was held.")
    if not ceremony.organizer_id:
        errors["organizer"] = _("Choose the organiser.")
    if errors:
        raise ValidationError(errors)
    ensure_choice(
        acting_user,
        "honors.add_ceremony",
        ceremony,
        field="organizer",
        message=_("Choose an organiser inside your scope."),
    )
    ceremony.save()
    record_event(
        action="honors.ceremony.created",
        acting_user=acting_user,
        obj=ceremony,
        changes=diff({}, snapshot(ceremony, CEREMONY_FIELDS)),
    )
    return ceremony


@transaction.atomic
def record_exclusion(*, person, reason: str, start: date, end=None, acting_user) -> Exclusion:
    """A person may not be honoured from ``start`` (to ``end``): the candidates say why."""
    ensure(acting_user, "honors.add_exclusion", person)
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise ValidationError({"reason": _("Enter the reason.")})
    if start is None:
        raise ValidationError({"start": _("Enter the day it starts.")})
    if end is not None and end < start:
        raise ValidationError({"end": _("The end cannot be before the start.")})
    exclusion = Exclusion.objects.create(
        person=person, reason=reason, start=start, end=end, created_by=acting(acting_user)
    )
    record_event(
        action="honors.exclusion.recorded",
        acting_user=acting_user,
        obj=person,
        message=f"{reason} ({format_date(start)})",
    )
    return exclusion


@transaction.atomic
def end_exclusion(*, exclusion: Exclusion, end: date, acting_user) -> Exclusion:
    """The exclusion ends on ``end`` (the measure lifted or served): from the day after, the
    person may be honoured again."""
    exclusion = (
        Exclusion.objects.select_for_update(of=("self",))
        .select_related("person__unit")
        .get(pk=exclusion.pk)
    )
    ensure(acting_user, "honors.add_exclusion", exclusion.person)
    if end is None:
        raise ValidationError({"end": _("Enter the day it ends.")})
    if end < exclusion.start:
        raise ValidationError({"end": _("The end cannot be before the start.")})
    if exclusion.end is not None and exclusion.end <= end:
        raise ValidationError(
            {
                "end": _("This exclusion ends on %(day)s already.")
                % {"day": format_date(exclusion.end)}
            }
        )
    exclusion.end = end
    exclusion.save(update_fields=["end"])
    record_event(
        action="honors.exclusion.ended",
        acting_user=acting_user,
        obj=exclusion.person,
        message=f"{exclusion.reason} ({format_date(exclusion.start)} – {format_date(end)})",
    )
    return exclusion


EDITABLE_FIELDS = ["decision_number", "signer", "note"]


@transaction.atomic
def update_honour(*, honour: Honour, data: dict, version: int | None, acting_user) -> Honour:
    """Correct an honour's decision number, signer or note (the kind, the recipient and the day
    are what the honour is: another one is recorded instead)."""
    from danvan.honors.services.common import check_version

    honour = Honour.objects.select_for_update().get(pk=honour.pk)
    ensure(acting_user, "honors.change_honour", honour)
    check_version(honour.version, version)
    before = snapshot(honour, EDITABLE_FIELDS)
    honour.decision_number = " ".join((data.get("decision_number") or "").split())[:60]
    honour.signer = " ".join((data.get("signer") or "").split())[:200]
    honour.note = (data.get("note") or "").strip()[:500]
    changes = diff(before, snapshot(honour, EDITABLE_FIELDS))
    if not changes:
        return honour
    honour.version += 1
    honour.save()
    record_event(
        action="honors.honour.updated", acting_user=acting_user, obj=honour, changes=changes
    )
    return honour


@transaction.atomic
def add_ceremony_photo(*, ceremony: Ceremony, file, caption: str = "", acting_user):
    """A photo of the ceremony: checked by its content, re-encoded as JPEG without metadata
    (``initiatives.evidence.reencode_image``), written when the transaction commits."""
    import uuid

    from danvan.core.files import save_after_commit
    from danvan.core.uploads import check_upload
    from danvan.honors.models import CeremonyPhoto
    from danvan.initiatives.evidence import IMAGE_KINDS, MAX_IMAGE_BYTES, reencode_image

    ensure(acting_user, "honors.change_ceremony", ceremony)
    if file is None:
        raise ValidationError({"file": _("Choose a photo.")})
    try:
        kind = check_upload(file, allowed=set(IMAGE_KINDS), max_bytes=MAX_IMAGE_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    photo_bytes, thumbnail_bytes = reencode_image(file.read(), kind)
    photo = CeremonyPhoto(
        ceremony=ceremony,
        caption=" ".join((caption or "").split())[:300],
        uploaded_by=acting(acting_user),
    )
    stem = uuid.uuid4().hex
    save_after_commit(photo.file, f"{stem}.jpg", photo_bytes, unique=True)
    save_after_commit(photo.thumbnail, f"{stem}-nho.jpg", thumbnail_bytes, unique=True)
    photo.save()
    record_event(
        action="honors.ceremony.photo_added",
        acting_user=acting_user,
        obj=ceremony,
        message=photo.caption,
    )
    return photo
