"""Who may manage kinds of honour, record honours, propose and consider proposals. Seeing them
is the selectors' business (``queries``). Each service asks its permission itself
(``core.permissions.ensure``), so a view, an import and the demonstration cannot forget it.

| permission | object | who |
|---|---|---|
| ``honors.add_honourkind`` | — / a kind | staff and administrators; with a kind: its conferring body in their managing scope (central bodies: an organisation grant on it) |
| ``honors.change_honourkind`` | a kind | the same |
| ``honors.add_honour`` / ``change_honour`` | an honour | staff and administrators of its place (or of the organisation honoured) |
| ``honors.add_proposal`` / ``change_proposal`` | a proposal | staff and administrators of the proposing unit |
| ``honors.consider_proposal`` | a proposal | staff and administrators of the level considering it: its unit, or the conferring body at the central level |
| ``honors.nominate`` | a person, organisation or model | in the user's managing scope |
| ``honors.add_ceremony`` / ``change_ceremony`` | a ceremony | staff and administrators of its organiser |
| ``honors.add_exclusion`` | a person | staff and administrators of the person's unit |
| ``honors.cite_decision`` | a document | users who may see it (its issuer in their scope) |
"""  # noqa: E501 — a table

import rules

from danvan.accounts.enums import MANAGE_ROLES, READ_ROLES
from danvan.accounts.queries import covers, has_any_role
from danvan.organizations.queries import organization_in_scope


def _manages_organization(user, organization) -> bool:
    if organization is None:
        return False
    return covers(user, roles=MANAGE_ROLES, units=[organization.unit], organizations=[organization])


@rules.predicate
def manages_somewhere(user) -> bool:
    return has_any_role(user, MANAGE_ROLES)


@rules.predicate
def manages_kind(user, kind=None) -> bool:
    if kind is None:
        return has_any_role(user, MANAGE_ROLES)
    return _manages_organization(user, kind.conferred_by)


@rules.predicate
def manages_honour(user, honour) -> bool:
    if honour is None:
        return False
    return covers(
        user,
        roles=MANAGE_ROLES,
        units=[honour.place] if honour.place_id else [],
        organizations=[honour.organization] if honour.organization_id else [],
    )


@rules.predicate
def manages_proposer(user, proposal) -> bool:
    return proposal is not None and _manages_organization(user, proposal.proposer)


@rules.predicate
def considers_proposal(user, proposal) -> bool:
    """The level now considering it: staff of its unit; at the central level, of the body that
    confers the honour."""
    if proposal is None:
        return False
    if proposal.stage_unit_id is None:
        return _manages_organization(user, proposal.kind.conferred_by)
    return covers(user, roles=MANAGE_ROLES, units=[proposal.stage_unit])


@rules.predicate
def manages_recipient(user, recipient) -> bool:
    if recipient is None:
        return False
    meta = recipient._meta.model_name
    if meta == "person":
        return covers(user, roles=MANAGE_ROLES, units=[recipient.unit])
    if meta == "organization":
        return _manages_organization(user, recipient)
    return covers(
        user,
        roles=MANAGE_ROLES,
        units=[recipient.place] if recipient.place_id else [],
        organizations=[recipient.owner_organization] if recipient.owner_organization_id else [],
    )


@rules.predicate
def manages_ceremony(user, ceremony) -> bool:
    return ceremony is not None and _manages_organization(user, ceremony.organizer)


@rules.predicate
def manages_person(user, person) -> bool:
    return person is not None and covers(user, roles=MANAGE_ROLES, units=[person.unit])


@rules.predicate
def sees_document(user, document) -> bool:
    if document is None:
        return False
    return organization_in_scope(user, document.issuer, roles=READ_ROLES)


rules.add_perm("honors.add_honourkind", rules.is_superuser | manages_kind)
rules.add_perm("honors.change_honourkind", rules.is_superuser | manages_kind)
rules.add_perm("honors.add_honour", rules.is_superuser | manages_honour)
rules.add_perm("honors.change_honour", rules.is_superuser | manages_honour)
rules.add_perm("honors.add_proposal", rules.is_superuser | manages_proposer)
rules.add_perm("honors.change_proposal", rules.is_superuser | manages_proposer)
rules.add_perm("honors.consider_proposal", rules.is_superuser | considers_proposal)
rules.add_perm("honors.nominate", rules.is_superuser | manages_recipient)
rules.add_perm("honors.add_ceremony", rules.is_superuser | manages_ceremony)
rules.add_perm("honors.change_ceremony", rules.is_superuser | manages_ceremony)
rules.add_perm("honors.add_exclusion", rules.is_superuser | manages_person)
rules.add_perm("honors.cite_decision", rules.is_superuser | sees_document)
rules.add_perm("honors.manage_honours", rules.is_superuser | manages_somewhere)
