"""Who may change initiatives. Seeing them is the selector's business (``queries``)."""

import rules

from danvan.accounts.enums import EDIT_ROLES
from danvan.accounts.queries import covers, has_any_role


@rules.predicate
def edits_initiative(user, initiative) -> bool:
    """Staff and administrators of the place's territory, or a registering unit (an
    organisation grant) for the initiatives of its own organisation."""
    if initiative is None:
        return False
    return covers(
        user,
        roles=EDIT_ROLES,
        units=[initiative.place],
        organizations=[initiative.owner_organization],
    )


@rules.predicate
def edits_somewhere(user) -> bool:
    return has_any_role(user, EDIT_ROLES)


rules.add_perm("initiatives.add_initiative", rules.is_superuser | edits_somewhere)
rules.add_perm("initiatives.change_initiative", rules.is_superuser | edits_initiative)
