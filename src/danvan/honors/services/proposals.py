"""Proposals (đợt đề nghị): a unit proposes nominees for a kind; the proposal goes up the
levels — xã → huyện (historical map) → tỉnh → trung ương, as far as the kind's level — each
level approving and sending it up, taking nominees off with a reason, or returning it; the
conferring level records its decision and the honours are written. ``transition_proposal`` is
the only way a proposal moves; every step is audited on the proposal and on each nominee's
own timeline."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.honors import notices
from danvan.honors.eligibility import evaluate, recipient_fits
from danvan.honors.enums import (
    ACTIONS_IN_STATE,
    EDITABLE_STATES,
    LEVEL_ORDER,
    HonourLevel,
    HonourSource,
    NomineeState,
    ProposalAction,
    ProposalState,
)
from danvan.honors.models import HonourKind, Nominee, Proposal
from danvan.honors.services.common import acting, check_version, recipient_fields
from danvan.honors.services.honours import _check_decision, check_once_only, write_honour

PROPOSAL_FIELDS = ["title", "kind", "proposer"]


@dataclass(frozen=True)
class Stage:
    level: str
    unit: object  # an AdministrativeUnit; None at the central level

    @property
    def label(self) -> str:
        if self.unit is None:
            return str(HonourLevel(self.level).label)
        return self.unit.inline_name if hasattr(self.unit, "inline_name") else self.unit.name


def _unit_level(unit) -> str:
    return HonourLevel.COMMUNE if unit.level in ("commune", "hamlet") else unit.level


def route(proposal: Proposal) -> list[Stage]:
    """The proposer's own level, then each level above it up to the kind's (districts only on
    the historical map, where the proposer's units have them)."""
    target = LEVEL_ORDER.index(proposal.kind.level)
    unit = proposal.proposer.unit
    stages = []
    while unit is not None:
        level = _unit_level(unit)
        if unit.level != "hamlet" and LEVEL_ORDER.index(level) <= target:
            stages.append(Stage(level, unit))
        unit = unit.parent
    stages.sort(key=lambda s: LEVEL_ORDER.index(s.level))
    if proposal.kind.level == HonourLevel.CENTRAL:
        stages.append(Stage(HonourLevel.CENTRAL, None))
    return stages


def _current_index(proposal: Proposal, stages: list[Stage]) -> int:
    for index, stage in enumerate(stages):
        if stage.level == proposal.stage_level:
            return index
    return 0


def _event(
    proposal: Proposal, action: str, acting_user, *, message="", changes=None, on_proposal=True
) -> None:
    """On the proposal and on every nominee still on it."""
    if on_proposal:
        record_event(
            action=action, acting_user=acting_user, obj=proposal, message=message, changes=changes
        )
    for nominee in proposal.nominees.filter(state=NomineeState.PROPOSED):
        record_event(
            action=action,
            acting_user=acting_user,
            obj=nominee.recipient,
            message=f"{proposal.title}" + (f" — {message}" if message else ""),
        )


@transaction.atomic
def create_proposal(*, data: dict, acting_user) -> Proposal:
    proposal = Proposal(
        title=" ".join((data.get("title") or "").split())[:300],
        kind=data.get("kind"),
        proposer=data.get("proposer"),
        created_by=acting(acting_user),
    )
    errors = {}
    if not proposal.title:
        errors["title"] = _("Enter a title for the proposal.")
    if proposal.kind is None:
        errors["kind"] = _("Choose the kind of honour.")
    elif not proposal.kind.active:
        errors["kind"] = _("This kind of honour is no longer in use.")
    if proposal.proposer is None:
        errors["proposer"] = _("Choose the proposing unit.")
    if errors:
        raise ValidationError(errors)
    ensure_choice(
        acting_user,
        "honors.add_proposal",
        proposal,
        field="proposer",
        message=_("Choose a proposing unit inside your scope."),
    )
    if proposal.proposer.unit is None and proposal.kind.level != HonourLevel.CENTRAL:
        raise ValidationError({"proposer": _("A central body proposes central honours only.")})
    if proposal.proposer.unit is not None:
        own = _unit_level(proposal.proposer.unit)
        if LEVEL_ORDER.index(own) > LEVEL_ORDER.index(proposal.kind.level):
            raise ValidationError(
                {"kind": _("This honour is conferred below the proposing unit's level.")}
            )
    proposal.save()
    record_event(
        action="honors.proposal.created",
        acting_user=acting_user,
        obj=proposal,
        changes=diff({}, snapshot(proposal, PROPOSAL_FIELDS)),
    )
    return proposal


@transaction.atomic
def add_nominee(
    *, proposal: Proposal, recipient, facts: str = "", as_of: date | None = None, acting_user
) -> Nominee:
    """Put ``recipient`` on the proposal with the supporting facts from the register (its
    eligibility in words; ``facts`` adds to it). Only while the proposer holds it."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    ensure(acting_user, "honors.change_proposal", proposal)
    if proposal.state not in EDITABLE_STATES:
        raise ValidationError(_("Nominees are changed only before the proposal is sent up."))
    ensure_choice(
        acting_user,
        "honors.nominate",
        recipient,
        field="recipient",
        message=_("Choose a nominee inside your scope."),
    )
    kind = proposal.kind
    if not recipient_fits(kind, recipient):
        raise ValidationError(
            {"recipient": _("This kind of honour is not conferred on this kind of recipient.")}
        )
    fields = {k: v for k, v in recipient_fields(recipient).items() if v is not None}
    if proposal.nominees.filter(**fields).exclude(state=NomineeState.REMOVED).exists():
        raise ValidationError(
            {"recipient": _("%(name)s is on this proposal already.") % {"name": str(recipient)}}
        )
    try:
        check_once_only(kind, recipient)
    except ValidationError as error:
        raise ValidationError({"recipient": error.messages}) from error
    if kind.once_only:
        elsewhere = (
            Nominee.objects.filter(proposal__kind=kind, state=NomineeState.PROPOSED, **fields)
            .exclude(proposal__state__in=(ProposalState.DECIDED, ProposalState.WITHDRAWN))
            .select_related("proposal")
            .first()
        )
        if elsewhere is not None:
            raise ValidationError(
                {
                    "recipient": _("%(name)s is proposed already in “%(title)s”.")
                    % {"name": str(recipient), "title": elsewhere.proposal.title}
                }
            )
    evaluation = evaluate(kind, recipient, as_of=as_of or timezone.localdate())
    text = evaluation.summary
    if facts.strip():
        text += "\n" + facts.strip()
    nominee = Nominee.objects.create(proposal=proposal, **recipient_fields(recipient), facts=text)
    record_event(
        action="honors.nominee.added", acting_user=acting_user, obj=proposal, message=str(recipient)
    )
    record_event(
        action="honors.nominee.added",
        acting_user=acting_user,
        obj=recipient,
        message=f"{proposal.title} — {text}",
    )
    return nominee


MAX_NOMINEES_AT_ONCE = 200


def add_nominees(
    *, proposal: Proposal, recipients, as_of: date | None = None, acting_user
) -> tuple[list[Nominee], list[tuple[str, str]]]:
    """``add_nominee`` for each of ``recipients`` (chosen on the candidates page), each in its
    own savepoint: those refused (out of scope, on the list already, received already) are
    returned with the reason, the others are added. At most ``MAX_NOMINEES_AT_ONCE``."""
    recipients = list(recipients)
    if not recipients:
        raise ValidationError(_("Choose at least one candidate."))
    if len(recipients) > MAX_NOMINEES_AT_ONCE:
        raise ValidationError(
            _("Choose at most %(count)s candidates at once.") % {"count": MAX_NOMINEES_AT_ONCE}
        )
    added, refused = [], []
    for recipient in recipients:
        try:
            with transaction.atomic():
                added.append(
                    add_nominee(
                        proposal=proposal, recipient=recipient, as_of=as_of, acting_user=acting_user
                    )
                )
        except ValidationError as error:
            if not added and not refused and not hasattr(error, "error_dict"):
                raise  # the proposal itself refuses (sent up already): say it once
            refused.append((str(recipient), " ".join(error.messages)))
    return added, refused


@transaction.atomic
def remove_nominee(*, nominee: Nominee, reason: str, acting_user) -> Nominee:
    """Take a nominee off: the proposer before sending it up, or the level considering it
    (trimming, with the reason, which the proposer and the nominee's timeline read)."""
    proposal = Proposal.objects.select_for_update().get(pk=nominee.proposal_id)
    nominee = Nominee.objects.get(pk=nominee.pk)
    reason = " ".join((reason or "").split())[:500]
    if proposal.state in EDITABLE_STATES:
        ensure(acting_user, "honors.change_proposal", proposal)
    elif proposal.state == ProposalState.SUBMITTED:
        ensure(acting_user, "honors.consider_proposal", proposal)
        if not reason:
            raise ValidationError({"reason": _("Say why the nominee is taken off.")})
    else:
        raise ValidationError(_("This proposal is closed."))
    if nominee.state != NomineeState.PROPOSED:
        raise ValidationError(_("This nominee is off the list already."))
    nominee.state = NomineeState.REMOVED
    nominee.reason = reason
    nominee.save(update_fields=["state", "reason"])
    message = f"{nominee} — {reason}" if reason else str(nominee)
    record_event(
        action="honors.nominee.removed", acting_user=acting_user, obj=proposal, message=message
    )
    record_event(
        action="honors.nominee.removed",
        acting_user=acting_user,
        obj=nominee.recipient,
        message=f"{proposal.title}" + (f" — {reason}" if reason else ""),
    )
    return nominee


@dataclass
class DecisionData:
    decided_on: date | None
    decision: object = None
    decision_number: str = ""
    signer: str = ""
    ceremony: object = None


def _decide(proposal: Proposal, data: DecisionData, acting_user) -> int:
    _check_decision(acting_user, data.decision, data.decided_on)
    if data.decision is None and not (data.decision_number or "").strip():
        raise ValidationError(
            {"decision_number": _("Enter the number of the decision, or cite it.")}
        )
    if data.ceremony is not None:
        ensure_choice(
            acting_user,
            "honors.change_ceremony",
            data.ceremony,
            field="ceremony",
            message=_("Choose a ceremony inside your scope."),
        )
    kind = HonourKind.objects.select_for_update().get(pk=proposal.kind_id)
    nominees = list(
        proposal.nominees.filter(state=NomineeState.PROPOSED).select_related(
            "person__unit", "organization__unit", "initiative__place"
        )
    )
    for nominee in nominees:
        write_honour(
            kind=kind,
            recipient=nominee.recipient,
            decided_on=data.decided_on,
            decision=data.decision,
            decision_number=data.decision_number,
            signer=data.signer,
            ceremony=data.ceremony,
            source=HonourSource.PROPOSAL,
            nominee=nominee,
            place=None if nominee.person_id or nominee.initiative_id else proposal.proposer.unit,
            acting_user=acting_user,
            checked=True,  # the level's permission, asked on the proposal
        )
        nominee.state = NomineeState.CONFERRED
        nominee.save(update_fields=["state"])
    proposal.decision = data.decision
    proposal.decision_number = (
        data.decision_number or (data.decision.number if data.decision else "")
    )[:60]
    proposal.decided_on = data.decided_on
    proposal.signer = (data.signer or "").strip()[:200]
    proposal.ceremony = data.ceremony
    return len(nominees)


def _submit(proposal, stages, **_kwargs) -> str:
    if not proposal.nominees.filter(state=NomineeState.PROPOSED).exists():
        raise ValidationError(_("Add at least one nominee before sending the proposal up."))
    stage = stages[1] if len(stages) > 1 else stages[0]
    proposal.state = ProposalState.SUBMITTED
    proposal.stage_level, proposal.stage_unit = stage.level, stage.unit
    proposal.reason = ""
    return ""


def _approve(proposal, stages, *, reason, **_kwargs) -> str:
    index = _current_index(proposal, stages)
    if index >= len(stages) - 1:
        raise ValidationError(_("This level confers the honour: record its decision instead."))
    stage = stages[index + 1]
    proposal.stage_level, proposal.stage_unit = stage.level, stage.unit
    return reason


def _return(proposal, stages, *, reason, **_kwargs) -> str:
    if not reason:
        raise ValidationError({"reason": _("Say why the proposal is returned.")})
    proposal.state = ProposalState.RETURNED
    proposal.stage_level, proposal.stage_unit = "", None
    proposal.reason = reason
    return reason


def _withdraw(proposal, stages, *, reason, **_kwargs) -> str:
    proposal.state = ProposalState.WITHDRAWN
    proposal.stage_level, proposal.stage_unit = "", None
    return reason


def _decide_step(proposal, stages, *, decision, acting_user, **_kwargs) -> str:
    if _current_index(proposal, stages) != len(stages) - 1:
        raise ValidationError(_("Only the level that confers the honour decides."))
    if decision is None:
        raise ValidationError({"decided_on": _("Enter the day of the decision.")})
    if not proposal.nominees.filter(state=NomineeState.PROPOSED).exists():
        raise ValidationError(_("No nominee is left on the proposal."))
    # The event on each nominee is written before the honours (they are still proposed).
    number = decision.decision_number or (decision.decision.number if decision.decision else "")
    _event(proposal, "honors.proposal.decided", acting_user, message=number, on_proposal=False)
    count = _decide(proposal, decision, acting_user)
    proposal.state = ProposalState.DECIDED
    return _("%(count)s honours conferred") % {"count": count}


_STEPS = {
    ProposalAction.SUBMIT: _submit,
    ProposalAction.APPROVE: _approve,
    ProposalAction.RETURN: _return,
    ProposalAction.WITHDRAW: _withdraw,
    ProposalAction.DECIDE: _decide_step,
}


@transaction.atomic
def transition_proposal(
    *,
    proposal: Proposal,
    action: str,
    reason: str = "",
    version: int | None = None,
    decision: DecisionData | None = None,
    acting_user,
) -> Proposal:
    """The one way a proposal moves. ``submit`` (the proposer: to the level above, or to its
    own level when it confers the kind), ``approve`` (the level considering it: up one level),
    ``return`` (to the proposer, with reasons), ``withdraw`` (the proposer), ``decide`` (the
    conferring level: its decision, the honours written for the nominees left)."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("kind__conferred_by", "proposer__unit", "stage_unit")
        .get(pk=proposal.pk)
    )
    if action not in ProposalAction.values:
        raise ValidationError(_("Choose what to do with the proposal."))
    proposer_acts = action in (ProposalAction.SUBMIT, ProposalAction.WITHDRAW)
    ensure(
        acting_user,
        "honors.change_proposal" if proposer_acts else "honors.consider_proposal",
        proposal,
    )
    check_version(proposal.version, version)
    if action not in ACTIONS_IN_STATE[proposal.state]:
        raise ValidationError(
            _("This cannot be done to a proposal that is %(state)s.")
            % {"state": ProposalState(proposal.state).label}
        )
    reason = (reason or "").strip()[:2000]
    before = snapshot(proposal, ["state", "stage_level", "stage_unit"])
    step = _STEPS[action]
    message = step(
        proposal, route(proposal), reason=reason, decision=decision, acting_user=acting_user
    )
    proposal.version += 1
    proposal.save()
    changes = diff(before, snapshot(proposal, ["state", "stage_level", "stage_unit"]))
    if action == ProposalAction.DECIDE:
        record_event(
            action="honors.proposal.decided",
            acting_user=acting_user,
            obj=proposal,
            message=message,
            changes=changes,
        )
    else:
        _event(proposal, f"honors.proposal.{action}", acting_user, message=message, changes=changes)
    notices.proposal_moved(proposal, action, reason=reason, acting_user=acting_user)
    return proposal


ATTACHMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "jpeg", "png"})
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@transaction.atomic
def attach_to_nominee(*, nominee: Nominee, file, acting_user):
    """A supporting document on a nominee, while the proposer holds the proposal; checked by
    its content (``core.uploads.check_upload``), written when the transaction commits."""
    import uuid

    from danvan.core.files import save_after_commit
    from danvan.core.uploads import check_upload
    from danvan.honors.models import NomineeAttachment
    from danvan.initiatives.evidence import clean_original_name

    proposal = Proposal.objects.select_for_update().get(pk=nominee.proposal_id)
    ensure(acting_user, "honors.change_proposal", proposal)
    if proposal.state not in EDITABLE_STATES:
        raise ValidationError(_("Nominees are changed only before the proposal is sent up."))
    if file is None:
        raise ValidationError({"file": _("Choose a file.")})
    try:
        kind = check_upload(file, allowed=set(ATTACHMENT_KINDS), max_bytes=MAX_ATTACHMENT_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    extension = "jpg" if kind == "jpeg" else kind
    attachment = NomineeAttachment(
        nominee=nominee,
        kind=kind,
        original_name=clean_original_name(file.name, extension=extension),
        uploaded_by=acting(acting_user),
    )
    save_after_commit(attachment.file, f"{uuid.uuid4().hex}.{extension}", file.read(), unique=True)
    attachment.save()
    record_event(
        action="honors.nominee.attached",
        acting_user=acting_user,
        obj=proposal,
        message=f"{nominee} — {attachment.original_name}",
    )
    return attachment
