"""Who may change the territory. Reading it is open to every signed-in user.

Administrators and staff (``MANAGE_ROLES``) of a unit may add hamlets and former units under the
units of their subtree, and edit what staff added there; system administrators anywhere. The
services call these rules themselves (``core.permissions.ensure``)."""

import rules

from danvan.accounts.enums import MANAGE_ROLES
from danvan.accounts.queries import covers, has_any_role


@rules.predicate
def manages_unit(user, unit=None) -> bool:
    """Without a unit: manages somewhere (to offer the pages). With one: it is in the user's
    managing subtree (old units through the unit of today they became part of)."""
    if unit is None:
        return has_any_role(user, MANAGE_ROLES)
    return covers(user, roles=MANAGE_ROLES, units=[unit])


rules.add_perm("territory.add_unit", rules.is_superuser | manages_unit)
rules.add_perm("territory.change_unit", rules.is_superuser | manages_unit)
