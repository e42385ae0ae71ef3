"""Who may change organisations and people. Who may *see* them is the selectors' business
(``queries.organizations_visible_to`` / ``people_visible_to``): views fetch through them, so an
object out of scope is a 404 before any of these rules is asked."""

import rules

from danvan.accounts.enums import EDIT_ROLES, MANAGE_ROLES, PEOPLE_READ_ROLES
from danvan.accounts.queries import covers, has_any_role


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
def edits_person(user, person) -> bool:
    if person is None:
        return False
    organizations = [position.organization for position in person.positions.all()]
    return covers(user, roles=EDIT_ROLES, units=[person.unit], organizations=organizations)


rules.add_perm("organizations.add_organization", rules.is_superuser | manages_somewhere)
rules.add_perm("organizations.change_organization", rules.is_superuser | manages_organization)
rules.add_perm("organizations.add_person", rules.is_superuser | edits_somewhere)
rules.add_perm("organizations.change_person", rules.is_superuser | edits_person)
rules.add_perm("organizations.manage_users", rules.is_superuser | manages_somewhere)


@rules.predicate
def reads_people_somewhere(user) -> bool:
    return has_any_role(user, PEOPLE_READ_ROLES)


rules.add_perm("organizations.view_people", rules.is_superuser | reads_people_somewhere)
