"""Who may run a review round, act on its models and score. Seeing rounds is the selectors'
business (``queries.review_rounds_visible_to``, ``queries.assignments_for``).

Every act has a permission that the service asks itself (``core.permissions.ensure``), so a
view, the demonstration data and a future API cannot forget it:

| permission | object | who |
|---|---|---|
| ``reviews.add_reviewround`` | — | staff and administrators (the "new round" button) |
| ``reviews.choose_committee`` / ``choose_organization`` | an organisation | in the user's managing scope (its subtree or its unit) |
| ``reviews.choose_area`` | a unit | inside one of the user's managing unit grants |
| ``reviews.change_reviewround`` | a round | staff and administrators of its committee |
| ``reviews.change_roundentry`` | a round entry (round + model) | the round's managers, the model in their managing scope |
| ``reviews.add_assignment`` / ``delete_assignment`` | an assignment | the same |
| ``reviews.assign_reviewer`` | a reviewer's account | a reviewer grant inside the user's managing scope, or above it |
| ``reviews.score_assignment`` | an assignment | its reviewer only |
| ``reviews.decide_recognition`` | a recognition in a round | the round's managers, the model in their managing scope |
| ``reviews.add_recognition`` | a model | staff and administrators of its place or owner (outside a round) |
| ``reviews.cite_decision`` | a document | users who may see it (its issuer in their scope) |
"""  # noqa: E501 — a table

import rules

from danvan.accounts.enums import MANAGE_ROLES, READ_ROLES, Role
from danvan.accounts.queries import covers, grants_of, has_any_role
from danvan.organizations.queries import organization_in_scope


def _manages_organization(user, organization) -> bool:
    """Its organisation subtree or the unit it works in is in the user's managing scope."""
    if organization is None:
        return False
    return covers(user, roles=MANAGE_ROLES, units=[organization.unit], organizations=[organization])


@rules.predicate
def manages_somewhere(user) -> bool:
    return has_any_role(user, MANAGE_ROLES)


@rules.predicate
def manages_round(user, review_round) -> bool:
    """Staff and administrators whose scope covers the steering committee (its organisation
    subtree, or the unit it works in)."""
    if review_round is None:
        return False
    return _manages_organization(user, review_round.committee)


@rules.predicate
def manages_organization(user, organization) -> bool:
    """A steering committee, or the organisation whose models a round takes, that lies in
    the user's managing scope."""
    return _manages_organization(user, organization)


@rules.predicate
def manages_unit(user, unit) -> bool:
    """The area of a round: a unit inside one of the user's managing unit grants."""
    return unit is not None and covers(user, roles=MANAGE_ROLES, units=[unit])


@rules.predicate
def manages_initiative(user, initiative) -> bool:
    """The model is placed in, or carried out by an organisation in, the user's managing scope
    (the rule of ``initiatives_visible_to`` with the managing roles)."""
    if initiative is None:
        return False
    return covers(
        user,
        roles=MANAGE_ROLES,
        units=[initiative.place],
        organizations=[initiative.owner_organization],
    )


@rules.predicate
def manages_round_model(user, item) -> bool:
    """``item`` (a round entry, an assignment, a recognition in a round) has a ``round`` and an
    ``initiative``: the user manages the round and the model is in the user's scope."""
    if item is None:
        return False
    return manages_round(user, item.round) and manages_initiative(user, item.initiative)


@rules.predicate
def manages_reviewer(user, reviewer) -> bool:
    """The account holds a reviewer grant inside the user's managing scope, or one on a unit
    that contains a unit the user manages (a provincial reviewer for a district's committee:
    they may read those models anyway). Never a reviewer of another province."""
    if reviewer is None:
        return False
    if user.is_superuser:
        return True
    inside = any(
        grant.role == Role.REVIEWER
        and covers(
            user,
            roles=MANAGE_ROLES,
            units=[grant.unit] if grant.unit_id else [],
            organizations=[grant.organization] if grant.organization_id else [],
        )
        for grant in grants_of(reviewer)
    )
    managed_units = [g.unit for g in grants_of(user) if g.role in MANAGE_ROLES and g.unit_id]
    return inside or covers(reviewer, roles={Role.REVIEWER}, units=managed_units)


@rules.predicate
def is_assigned_reviewer(user, assignment) -> bool:
    return assignment is not None and assignment.reviewer_id == user.pk


@rules.predicate
def sees_document(user, document) -> bool:
    """The document's issuer is in the user's scope (``documents_visible_to``)."""
    if document is None:
        return False
    return organization_in_scope(user, document.issuer, roles=READ_ROLES)


rules.add_perm("reviews.add_recognition", rules.is_superuser | manages_initiative)
rules.add_perm("reviews.add_reviewround", rules.is_superuser | manages_somewhere)
rules.add_perm("reviews.choose_committee", rules.is_superuser | manages_organization)
rules.add_perm("reviews.choose_area", rules.is_superuser | manages_unit)
rules.add_perm("reviews.choose_organization", rules.is_superuser | manages_organization)
rules.add_perm("reviews.change_reviewround", rules.is_superuser | manages_round)
rules.add_perm("reviews.change_roundentry", rules.is_superuser | manages_round_model)
rules.add_perm("reviews.add_assignment", rules.is_superuser | manages_round_model)
rules.add_perm("reviews.delete_assignment", rules.is_superuser | manages_round_model)
rules.add_perm("reviews.assign_reviewer", rules.is_superuser | manages_reviewer)
rules.add_perm("reviews.score_assignment", is_assigned_reviewer)
rules.add_perm("reviews.decide_recognition", rules.is_superuser | manages_round_model)
rules.add_perm("reviews.cite_decision", rules.is_superuser | sees_document)
