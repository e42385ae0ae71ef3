"""Who may run a review round and who may score. Seeing rounds is the selectors' business
(``queries.review_rounds_visible_to``, ``queries.assignments_for``)."""

import rules

from danvan.accounts.enums import MANAGE_ROLES
from danvan.accounts.queries import covers, has_any_role


@rules.predicate
def manages_round(user, review_round) -> bool:
    """Staff and administrators whose scope covers the steering committee (its organisation
    subtree, or the unit it works in)."""
    if review_round is None:
        return False
    committee = review_round.committee
    return covers(user, roles=MANAGE_ROLES, units=[committee.unit], organizations=[committee])


@rules.predicate
def manages_somewhere(user) -> bool:
    return has_any_role(user, MANAGE_ROLES)


@rules.predicate
def is_assigned_reviewer(user, assignment) -> bool:
    return assignment is not None and assignment.reviewer_id == user.pk


@rules.predicate
def records_recognition(user, initiative) -> bool:
    """Staff and administrators of the initiative's place or of its owner organisation enter a
    recognition decided outside any round."""
    if initiative is None:
        return False
    return covers(
        user,
        roles=MANAGE_ROLES,
        units=[initiative.place],
        organizations=[initiative.owner_organization],
    )


rules.add_perm("reviews.add_recognition", rules.is_superuser | records_recognition)
rules.add_perm("reviews.add_reviewround", rules.is_superuser | manages_somewhere)
rules.add_perm("reviews.change_reviewround", rules.is_superuser | manages_round)
rules.add_perm("reviews.score_assignment", is_assigned_reviewer)
