"""Who may change organisations and people. Who may *see* them is the selectors' business
(``queries.organizations_visible_to`` / ``people_visible_to``): views fetch through them, so an
object out of scope is a 404 before any of these rules is asked.

The services call these rules themselves (``core.permissions.ensure``): with an object, a rule
answers for that object — an existing one to change, or the unsaved one about to be created
(where it would be placed decides)."""

import rules

from danvan.accounts.enums import EDIT_ROLES, MANAGE_ROLES, PEOPLE_READ_ROLES, READ_ROLES
from danvan.accounts.queries import covers, grants_of, has_any_role


@rules.predicate
def manages_somewhere(user) -> bool:
    return has_any_role(user, MANAGE_ROLES)


@rules.predicate
def edits_somewhere(user) -> bool:
    return has_any_role(user, EDIT_ROLES)


@rules.predicate
def manages_organization(user, organization) -> bool:
    if organization is None:
        return False
    if organization.unit_id is None:  # central bodies: system administrators only
        return user.is_superuser
    return covers(user, roles=MANAGE_ROLES, units=[organization.unit], organizations=[organization])


@rules.predicate
def places_organization(user, organization=None) -> bool:
    """Without an object: manages somewhere. With an organisation (new or moved): it has a unit
    in the user's managing scope — or a parent there, for an organisation grant — and its
    parent, if any, is one the user manages. A central body (no unit) or a place under one is
    for system administrators only: nobody else could change it afterwards."""
    if organization is None:
        return has_any_role(user, MANAGE_ROLES)
    if organization.unit_id is None:
        return user.is_superuser
    parent = organization.parent if organization.parent_id else None
    if parent is not None and not manages_organization(user, parent):
        return False
    return covers(
        user,
        roles=MANAGE_ROLES,
        units=[organization.unit],
        organizations=[parent] if parent is not None else [],
    )


@rules.predicate
def reads_organization(user, organization) -> bool:
    """The selector's rule for one organisation: central bodies for every user with a grant."""
    if organization is None:
        return False
    if organization.unit_id is None:
        return user.is_superuser or any(grant.role in READ_ROLES for grant in grants_of(user))
    return covers(user, roles=READ_ROLES, units=[organization.unit], organizations=[organization])


@rules.predicate
def edits_person(user, person) -> bool:
    if person is None:
        return False
    organizations = [position.organization for position in person.positions.all()]
    return covers(user, roles=EDIT_ROLES, units=[person.unit], organizations=organizations)


@rules.predicate
def places_person(user, person=None) -> bool:
    """Without an object: edits somewhere. With a person (new, or moved to another unit): the
    unit is in the user's editing territory."""
    if person is None:
        return has_any_role(user, EDIT_ROLES)
    return person.unit_id is not None and covers(user, roles=EDIT_ROLES, units=[person.unit])


rules.add_perm("organizations.add_organization", rules.is_superuser | places_organization)
rules.add_perm("organizations.change_organization", rules.is_superuser | manages_organization)
rules.add_perm("organizations.view_organization", rules.is_superuser | reads_organization)
rules.add_perm("organizations.add_person", rules.is_superuser | places_person)
rules.add_perm("organizations.change_person", rules.is_superuser | edits_person)
rules.add_perm("organizations.manage_users", rules.is_superuser | manages_somewhere)


@rules.predicate
def reads_people_somewhere(user) -> bool:
    return has_any_role(user, PEOPLE_READ_ROLES)


rules.add_perm("organizations.view_people", rules.is_superuser | reads_people_somewhere)
