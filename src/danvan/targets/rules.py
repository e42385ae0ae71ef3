"""Who may set a programme's targets, report their figures and run surveys. Seeing them is the
selectors' business (``queries.programmes_visible_to``, ``targets_visible_to``,
``inspections_visible_to``).

| permission | object | who |
|---|---|---|
| ``targets.add_programme`` | — / the programme about to be created | staff and administrators; its area or organisation in their managing scope |
| ``targets.change_programme`` | a programme | staff and administrators of its area or organisation |
| ``targets.change_target`` | a target | the programme's managers, or the managers of the unit that split it (a commune does not lower its own share) |
| ``targets.split_target`` | a target | the programme's managers, or the managers of the target's unit (a district splits its own share) |
| ``targets.report_value`` | a target | editing roles (registering units included) of the target's unit, and the programme's managers |
| ``targets.add_inspection`` | — / the inspection about to be created | staff and administrators; the conducting organisation in their managing scope |
| ``targets.change_inspection`` | an inspection | staff and administrators of the conducting organisation |
| ``targets.import_values`` | — | editing roles (the import of figures; each row checked as ``report_value``) |
"""  # noqa: E501 — a table

import rules

from danvan.accounts.enums import EDIT_ROLES, MANAGE_ROLES
from danvan.accounts.queries import covers, has_any_role


@rules.predicate
def manages_somewhere(user) -> bool:
    return has_any_role(user, MANAGE_ROLES)


def _manages_programme(user, programme) -> bool:
    return covers(user, roles=MANAGE_ROLES, units=[programme.unit], organizations=[programme.owner])


@rules.predicate
def manages_programme(user, programme=None) -> bool:
    """No programme (the "new programme" button): managing somewhere. A programme: its area or
    its organisation in the user's managing scope."""
    if programme is None:
        return has_any_role(user, MANAGE_ROLES)
    return _manages_programme(user, programme)


@rules.predicate
def manages_target(user, target) -> bool:
    """Its value and milestones: the programme's managers, or the managers of the unit that
    split it (a district sets its communes' shares; a commune does not lower its own)."""
    if target is None:
        return False
    return _manages_programme(user, target.programme) or (
        target.parent_id is not None
        and covers(user, roles=MANAGE_ROLES, units=[target.parent.unit])
    )


@rules.predicate
def splits_target(user, target) -> bool:
    """Splitting it among the units below: the programme's managers, or the managers of the
    target's own unit (a district splits its share among its communes)."""
    if target is None:
        return False
    return _manages_programme(user, target.programme) or covers(
        user, roles=MANAGE_ROLES, units=[target.unit]
    )


@rules.predicate
def reports_for_target(user, target) -> bool:
    if target is None:
        return False
    return _manages_programme(user, target.programme) or covers(
        user, roles=EDIT_ROLES, units=[target.unit]
    )


@rules.predicate
def manages_inspection(user, inspection=None) -> bool:
    if inspection is None:
        return has_any_role(user, MANAGE_ROLES)
    organization = inspection.organization
    return covers(user, roles=MANAGE_ROLES, units=[organization.unit], organizations=[organization])


rules.add_perm("targets.add_programme", rules.is_superuser | manages_programme)
rules.add_perm("targets.change_programme", rules.is_superuser | manages_programme)
rules.add_perm("targets.change_target", rules.is_superuser | manages_target)
rules.add_perm("targets.split_target", rules.is_superuser | splits_target)
rules.add_perm("targets.report_value", rules.is_superuser | reports_for_target)
rules.add_perm("targets.add_inspection", rules.is_superuser | manages_inspection)
rules.add_perm("targets.change_inspection", rules.is_superuser | manages_inspection)


@rules.predicate
def reports_somewhere(user) -> bool:
    """The import of figures: any editing role (each row's target is checked by the service)."""
    return has_any_role(user, EDIT_ROLES)


rules.add_perm("targets.import_values", rules.is_superuser | reports_somewhere)
