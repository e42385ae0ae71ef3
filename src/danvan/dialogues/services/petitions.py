"""Petitions (kiến nghị, phản ánh): received with a tracking code, transferred, answered,
closed, reopened, anonymised. Each move is one function that checks the state it starts from,
the acting user's scope, is atomic and is audited — without the citizen's personal data."""

import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.folding import fold
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import record_event, snapshot
from danvan.dialogues.enums import (
    PETITION_MOVES,
    OpinionField,
    PetitionSource,
    PetitionState,
    StepKind,
)
from danvan.dialogues.models import Petition, PetitionCategory, PetitionStep
from danvan.territory.enums import Level

# Letters and digits that cannot be mistaken for one another when read over the telephone.
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"
CODE_LENGTH = 8
# Seeded categories and their time limits in days (configurable in the admin afterwards).
CATEGORIES = [
    ("Đất đai, giải phóng mặt bằng", 30, 10),
    ("Chính sách, an sinh xã hội", 15, 20),
    ("Hạ tầng, giao thông, thủy lợi", 15, 30),
    ("Môi trường", 15, 40),
    ("Thủ tục hành chính, thái độ cán bộ", 10, 50),
    ("Khác", 15, 90),
]
PUBLIC_FIELDS = ("code", "category", "field", "received_on", "responsible", "due_date")


def recorded_user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def seed_categories() -> int:
    """The default categories (idempotent: an existing one keeps its time limit)."""
    created = 0
    for name, days, order in CATEGORIES:
        _category, new = PetitionCategory.objects.get_or_create(
            name=name, defaults={"time_limit_days": days, "order": order}
        )
        created += new
    return created


def new_code() -> str:
    """ "KN" and eight random characters: hard to guess, easy to read out."""
    return "KN" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    return "".join((text or "").split()).upper().replace("-", "")[:16]


def _today(on: date | None) -> date:
    today = timezone.localdate()
    day = on or today
    if day > today:
        raise ValidationError({"day": _("The date cannot be in the future.")})
    return day


def _step(petition, kind, day, *, organization=None, reason="", by_citizen=False):
    return PetitionStep.objects.create(
        petition=petition,
        kind=kind,
        day=day,
        organization=organization,
        reason=reason,
        by_citizen=by_citizen,
    )


def _clean(data: dict) -> dict:
    cleaned = {
        "source": data.get("source"),
        "dialogue": data.get("dialogue"),
        "received_on": data.get("received_on"),
        "category": data.get("category"),
        "field": data.get("field"),
        "summary": (data.get("summary") or "").strip(),
        "place": data.get("place"),
        "responsible": data.get("responsible"),
        "citizen_name": " ".join((data.get("citizen_name") or "").split())[:255],
        "citizen_contact": (data.get("citizen_contact") or "").strip()[:255],
    }
    if cleaned["source"] not in PetitionSource.values:
        raise ValidationError({"source": _("Choose how it was received.")})
    if cleaned["category"] is None:
        raise ValidationError({"category": _("Choose the category.")})
    if cleaned["field"] not in OpinionField.values:
        raise ValidationError({"field": _("Choose the field it is about.")})
    if not cleaned["summary"]:
        raise ValidationError({"summary": _("Write down what is asked or reported.")})
    received = cleaned["received_on"]
    if not isinstance(received, date) or received > timezone.localdate() or received.year < 2000:
        raise ValidationError(
            {"received_on": _("Enter the date it was received, not in the future.")}
        )
    place = cleaned["place"]
    if place is None:
        raise ValidationError({"place": _("Choose the commune or ward it is about.")})
    if place.level == Level.HAMLET:
        cleaned["place"] = place.parent
    if cleaned["responsible"] is None:
        raise ValidationError({"responsible": _("Choose the unit responsible for answering.")})
    dialogue = cleaned["dialogue"]
    if dialogue is not None:
        cleaned["source"] = PetitionSource.DIALOGUE
    return cleaned


@transaction.atomic
def receive_petition(*, data: dict, acting_user) -> Petition:
    """A petition received at ``data["place"]``, to be answered by ``data["responsible"]``
    within its category's time limit; returns it with its new tracking code."""
    ensure(acting_user, "dialogues.add_petition")
    cleaned = _clean(data)
    petition = Petition(
        **cleaned,
        due_date=cleaned["received_on"] + timedelta(days=cleaned["category"].time_limit_days),
        search_folded=fold(cleaned["summary"]),
        created_by=recorded_user(acting_user),
    )
    ensure_choice(
        acting_user,
        "organizations.view_organization",
        petition.responsible,
        field="responsible",
        message=_("Choose one inside your own scope."),
    )
    ensure_choice(
        acting_user,
        "dialogues.add_petition",
        petition,
        field="place",
        message=_("You may only receive petitions about your own territory or for your unit."),
    )
    if petition.dialogue is not None:
        ensure_choice(
            acting_user,
            "dialogues.view_dialogue",
            petition.dialogue,
            field="dialogue",
            message=_("Choose one inside your own scope."),
        )
    for _attempt in range(5):
        petition.code = new_code()
        try:
            with transaction.atomic():
                petition.save()
            break
        except IntegrityError:
            petition.pk = None
    else:  # pragma: no cover - 25^8 codes
        raise ValidationError(_("No tracking code could be given; please try again."))
    _step(petition, StepKind.RECEIVED, petition.received_on, organization=petition.responsible)
    record_event(
        action="dialogues.petition.received",
        acting_user=acting_user,
        obj=petition,
        changes={k: [None, v] for k, v in snapshot(petition, PUBLIC_FIELDS).items()},
    )
    return petition


def _locked(petition: Petition, move: str, acting_user) -> Petition:
    locked = (
        Petition.objects.select_for_update(of=("self",))
        .select_related("responsible")
        .get(pk=petition.pk)
    )
    ensure(acting_user, "dialogues.change_petition", locked)
    if locked.state not in PETITION_MOVES[move]:
        raise ValidationError(
            _("A petition that is %(state)s cannot be %(move)s.")
            % {"state": locked.get_state_display(), "move": StepKind(move).label}
        )
    return locked


def _save(locked: Petition, action: str, acting_user, changes: dict, message: str = "") -> None:
    locked.version += 1
    locked.save()
    record_event(
        action=action, acting_user=acting_user, obj=locked, changes=changes, message=message
    )


@transaction.atomic
def transfer_petition(
    *, petition: Petition, to: object, reason: str, acting_user, on: date | None = None
) -> Petition:
    """To another unit, with a reason; the time limit runs on."""
    locked = _locked(petition, StepKind.TRANSFERRED, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the transfer.")})
    if to is None or to.pk == locked.responsible_id:
        raise ValidationError({"to": _("Choose another unit.")})
    ensure_choice(
        acting_user,
        "organizations.view_organization",
        to,
        field="to",
        message=_("Choose one inside your own scope."),
    )
    day = _today(on)
    before = str(locked.responsible)
    locked.responsible = to
    _step(locked, StepKind.TRANSFERRED, day, organization=to, reason=reason)
    _save(
        locked,
        "dialogues.petition.transferred",
        acting_user,
        {"responsible": [before, str(to)]},
        reason,
    )
    return locked


@transaction.atomic
def answer_petition(
    *, petition: Petition, answer: str, acting_user, on: date | None = None
) -> Petition:
    locked = _locked(petition, StepKind.ANSWERED, acting_user)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write down the answer given.")})
    day = _today(on)
    if day < locked.received_on:
        raise ValidationError({"day": _("The answer cannot come before the petition.")})
    before = snapshot(locked, ("state",))
    locked.state, locked.answer, locked.answered_on = PetitionState.ANSWERED, answer, day
    _step(locked, StepKind.ANSWERED, day, organization=locked.responsible)
    _save(
        locked,
        "dialogues.petition.answered",
        acting_user,
        {"state": [before["state"], locked.get_state_display()], "answered_on": [None, day]},
    )
    return locked


@transaction.atomic
def close_petition(*, petition: Petition, acting_user, on: date | None = None) -> Petition:
    locked = _locked(petition, StepKind.CLOSED, acting_user)
    day = _today(on)
    before = snapshot(locked, ("state",))
    locked.state, locked.closed_on = PetitionState.CLOSED, day
    _step(locked, StepKind.CLOSED, day)
    _save(
        locked,
        "dialogues.petition.closed",
        acting_user,
        {"state": [before["state"], locked.get_state_display()]},
    )
    return locked


@transaction.atomic
def reopen_petition(
    *,
    petition: Petition,
    reason: str,
    acting_user,
    by_citizen: bool = False,
    on: date | None = None,
) -> Petition:
    """Answered or closed, opened again (by the citizen's request or by staff) with a reason:
    it is handled again and has a new time limit from today."""
    locked = _locked(petition, StepKind.REOPENED, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    day = _today(on)
    before = snapshot(locked, ("state", "due_date"))
    locked.state = PetitionState.RECEIVED
    locked.answered_on = locked.closed_on = None
    locked.times_reopened += 1
    locked.due_date = day + timedelta(days=locked.category.time_limit_days)
    _step(locked, StepKind.REOPENED, day, reason=reason, by_citizen=by_citizen)
    after = snapshot(locked, ("state", "due_date"))
    _save(
        locked,
        "dialogues.petition.reopened",
        acting_user,
        {key: [before[key], after[key]] for key in before},
        reason,
    )
    return locked


@transaction.atomic
def anonymise_petition(*, petition: Petition, reason: str, acting_user) -> Petition:
    """Erase the citizen's name and contact on request; the petition is kept. The audit event
    says that it was done and why, never what was erased."""
    locked = Petition.objects.select_for_update().get(pk=petition.pk)
    ensure(acting_user, "dialogues.see_citizen", locked)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say who asked for it and when.")})
    if locked.anonymised_at is not None:
        raise ValidationError(_("The personal data of this petition were already erased."))
    locked.citizen_name = ""
    locked.citizen_contact = ""
    locked.anonymised_at = timezone.now()
    _save(locked, "dialogues.petition.anonymised", acting_user, {}, reason)
    return locked


@transaction.atomic
def record_personal_export(*, acting_user, count: int) -> None:
    """An export with the citizens' names and contacts is audited (who, when, how many rows)."""
    ensure(acting_user, "dialogues.add_petition")
    record_event(
        action="dialogues.petition.personal_data_exported",
        acting_user=acting_user,
        message=str(count),
    )
