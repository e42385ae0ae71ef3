"""Who may change the territory. Reading it is open to every signed-in user.

Until role × scope grants exist (organisations issue), staff accounts and administrators may add
hamlets and former units; the grants will narrow this to the unit's subtree."""

import rules

is_territory_editor = rules.is_superuser | rules.is_staff

rules.add_perm("territory.add_unit", is_territory_editor)
rules.add_perm("territory.change_unit", is_territory_editor)
