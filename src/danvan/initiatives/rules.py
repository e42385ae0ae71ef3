"""Who may change initiatives. Seeing them is the selector's business (``queries``).

The services call these rules themselves (``core.permissions.ensure``): with an object, a rule
answers for that object — an existing one to change, or the unsaved one about to be registered
(where it is placed and who carries it out decide)."""

import rules

from danvan.accounts.enums import EDIT_ROLES, READ_ROLES
from danvan.accounts.queries import covers, has_any_role
from danvan.initiatives.enums import Status


def _own_unplaced_draft(user, initiative, roles) -> bool:
    """A draft saved before its place was known belongs to no territory yet: its author works
    on it (while they hold one of ``roles`` somewhere)."""
    return (
        initiative.status == Status.DRAFT
        and initiative.place_id is None
        and initiative.created_by_id is not None
        and initiative.created_by_id == user.pk
        and has_any_role(user, roles)
    )


@rules.predicate
def edits_initiative(user, initiative) -> bool:
    """Staff and administrators of the place's territory, or a registering unit (an
    organisation grant) for the initiatives of its own organisation."""
    if initiative is None:
        return False
    if _own_unplaced_draft(user, initiative, EDIT_ROLES):
        return True
    return covers(
        user,
        roles=EDIT_ROLES,
        units=[initiative.place] if initiative.place_id else [],
        organizations=[initiative.owner_organization] if initiative.owner_organization_id else [],
    )


@rules.predicate
def edits_somewhere(user) -> bool:
    return has_any_role(user, EDIT_ROLES)


@rules.predicate
def registers_initiative(user, initiative=None) -> bool:
    """Without an object: edits somewhere. With a new (or moved) initiative: the rule of
    ``edits_initiative`` for where it would be."""
    if initiative is None:
        return has_any_role(user, EDIT_ROLES)
    return edits_initiative(user, initiative)


@rules.predicate
def registers_for_organization(user, organization) -> bool:
    """An organisation may carry out an initiative the user registers when it is in the user's
    editing scope. Central bodies are above every scope: an initiative given to one would be
    seen by their officers everywhere and changed by nobody but a system administrator."""
    if organization is None or organization.unit_id is None:
        return False
    return covers(user, roles=EDIT_ROLES, units=[organization.unit], organizations=[organization])


@rules.predicate
def reads_initiative(user, initiative) -> bool:
    """The selector's rule (``initiatives_visible_to``) for one initiative."""
    if initiative is None:
        return False
    if _own_unplaced_draft(user, initiative, READ_ROLES):
        return True
    return covers(
        user,
        roles=READ_ROLES,
        units=[initiative.place] if initiative.place_id else [],
        organizations=[initiative.owner_organization] if initiative.owner_organization_id else [],
    )


rules.add_perm("initiatives.view_initiative", rules.is_superuser | reads_initiative)
rules.add_perm("initiatives.add_initiative", rules.is_superuser | registers_initiative)
rules.add_perm("initiatives.change_initiative", rules.is_superuser | edits_initiative)
rules.add_perm("initiatives.own_initiative", rules.is_superuser | registers_for_organization)
