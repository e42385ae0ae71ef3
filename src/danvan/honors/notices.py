"""Who is told when a proposal moves (in the application and by e-mail, through
``core.notices``): the officers of the level it arrives at when it is sent up or approved, the
proposer's officers when it is returned or decided. "The officers" of a unit or organisation
are the users holding a managing grant on it, else on the nearest unit or organisation above
it that has some (a province's staff are not told of what reaches one of its communes, nor
another province's of anything of this one); never the officer who acted."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from danvan.accounts.enums import MANAGE_ROLES
from danvan.accounts.models import Grant
from danvan.core.notices import notify
from danvan.honors.enums import ProposalAction
from danvan.honors.models import Proposal

TOPIC = "honors.proposal"


def _prefixes(path: str) -> list[str]:
    """ "C.08.02296." → ["C.", "C.08.", "C.08.02296."]."""
    parts = [p for p in (path or "").split(".") if p]
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def officers(*, unit=None, organization=None) -> list:
    """The active users with a managing grant nearest to ``unit`` (by its path of either map)
    or ``organization`` (its own grants before those of its unit)."""
    unit_paths = set()
    for place in (unit, getattr(organization, "unit", None)):
        if place is not None:
            unit_paths.update(_prefixes(place.path))
            unit_paths.update(_prefixes(place.today_path))
    org_paths = set(_prefixes(organization.path)) if organization is not None else set()
    if not unit_paths and not org_paths:
        return []
    grants = (
        Grant.objects.filter(role__in=MANAGE_ROLES, user__is_active=True)
        .filter(Q(unit__path__in=unit_paths) | Q(organization__path__in=org_paths))
        .select_related("unit", "organization", "user")
    )
    own = organization.path if organization is not None else None
    best, users = -1.0, {}
    for grant in grants:
        if grant.organization_id:
            # The organisation's own officers first; an organisation above it (the province's
            # Ban over a commune's) only where no unit grant is nearer.
            path = grant.organization.path
            depth = 1000.0 if path == own else len(path) / 1000
        else:
            depth = float(len(grant.unit.path))
        if depth > best:
            best, users = depth, {}
        if depth == best:
            users[grant.user_id] = grant.user
    return list(users.values())


def receivers(proposal: Proposal) -> list:
    """The level now considering the proposal: its unit's officers, or at the central level
    the conferring body's."""
    if proposal.stage_unit_id is not None:
        return officers(unit=proposal.stage_unit)
    return officers(organization=proposal.kind.conferred_by)


def proposers(proposal: Proposal) -> list:
    return officers(organization=proposal.proposer)


def proposal_moved(proposal: Proposal, action: str, *, reason: str = "", acting_user=None) -> int:
    """Tell whom the move concerns; returns how many were told."""
    words = {
        "title": proposal.title[:200],
        "unit": proposal.proposer.name[:150],
        "kind": proposal.kind.name[:150],
    }
    with override("vi"):
        if action in (ProposalAction.SUBMIT, ProposalAction.APPROVE):
            users = receivers(proposal)
            if action == ProposalAction.SUBMIT:
                text = _("%(unit)s proposes “%(title)s” (%(kind)s) for your consideration")
            else:
                text = _("“%(title)s” (%(kind)s) of %(unit)s arrives for your consideration")
        elif action == ProposalAction.RETURN:
            users = proposers(proposal)
            text = _("Your proposal “%(title)s” was returned: %(reason)s")
            words["reason"] = reason[:200]
        elif action == ProposalAction.DECIDE:
            users = proposers(proposal)
            text = _("Your proposal “%(title)s” was decided: decision %(number)s of %(day)s")
            words["number"] = proposal.decision_number or "—"
            words["day"] = proposal.decided_on.strftime("%d/%m/%Y") if proposal.decided_on else ""
        else:
            return 0
        text = text % words
        email = text + ("\n\n" + reason if reason and action != ProposalAction.RETURN else "")
    acting_pk = getattr(acting_user, "pk", None)
    users = [user for user in users if user.pk != acting_pk]
    url = reverse("honors:proposal-detail", args=[proposal.pk])
    return notify(users, text=text, url=url, topic=TOPIC, email=email)
