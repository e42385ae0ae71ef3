from django.db import models
from django.utils.translation import gettext_lazy as _


class HonourForm(models.TextChoices):
    MEDAL = "medal", _("commemorative medal (kỷ niệm chương)")
    MERIT = "merit", _("certificate of merit (bằng khen)")
    CERTIFICATE = "certificate", _("certificate of commendation (giấy khen)")
    COMMENDATION = "commendation", _("public commendation (biểu dương)")
    TITLE = "title", _("title (danh hiệu)")


class HonourLevel(models.TextChoices):
    COMMUNE = "commune", _("commune level")
    DISTRICT = "district", _("district level")  # historical: districts ended on 1/7/2025
    PROVINCE = "province", _("province level")
    CENTRAL = "central", _("central level")


# From the bottom up: a proposal climbs this ladder to the level of the kind it asks for.
LEVEL_ORDER = [HonourLevel.COMMUNE, HonourLevel.DISTRICT, HonourLevel.PROVINCE, HonourLevel.CENTRAL]


class Recipient(models.TextChoices):
    PERSON = "person", _("a person")
    COLLECTIVE = "collective", _("a collective")
    ANY = "any", _("a person or a collective")


class HonourSource(models.TextChoices):
    PROPOSAL = "proposal", _("through a proposal in danvan")
    ENTERED = "entered", _("entered by hand")
    IMPORTED = "imported", _("imported from Excel")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("under consideration")
    RETURNED = "returned", _("returned to the proposer")
    DECIDED = "decided", _("decided")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ProposalAction(models.TextChoices):
    SUBMIT = "submit", _("Send up")
    APPROVE = "approve", _("Approve and send up")
    RETURN = "return", _("Return with reasons")
    WITHDRAW = "withdraw", _("Withdraw")
    DECIDE = "decide", _("Record the decision")


# Which action may be taken in which state. Nothing else moves a proposal
# (services.transition_proposal).
ACTIONS_IN_STATE: dict[str, frozenset[str]] = {
    ProposalState.DRAFT: frozenset({ProposalAction.SUBMIT, ProposalAction.WITHDRAW}),
    ProposalState.RETURNED: frozenset({ProposalAction.SUBMIT, ProposalAction.WITHDRAW}),
    ProposalState.SUBMITTED: frozenset(
        {
            ProposalAction.APPROVE,
            ProposalAction.RETURN,
            ProposalAction.WITHDRAW,
            ProposalAction.DECIDE,
        }
    ),
    ProposalState.DECIDED: frozenset(),
    ProposalState.WITHDRAWN: frozenset(),
}
# States in which the proposer may still change the list of nominees.
EDITABLE_STATES = frozenset({ProposalState.DRAFT, ProposalState.RETURNED})


class NomineeState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    REMOVED = "removed", _("taken off the list")
    CONFERRED = "conferred", _("conferred")
