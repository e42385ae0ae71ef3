"""Who may do what to a follow-up. Seeing them is the selector's business (``queries``).

Two sides: the **owner** (who asked for it and verifies it: the commune that held a dialogue,
the inspecting body) and the **assignee** (the unit or organisation that must do it). The
services ask these rules themselves (``core.permissions.ensure``)."""

import rules

from danvan.accounts.enums import EDIT_ROLES, READ_ROLES
from danvan.accounts.queries import covers, has_any_role


def _side(followup, side: str) -> tuple[list, list]:
    unit = getattr(followup, f"{side}_unit") if getattr(followup, f"{side}_unit_id") else None
    organization = (
        getattr(followup, f"{side}_organization")
        if getattr(followup, f"{side}_organization_id")
        else None
    )
    units = [unit] if unit is not None else []
    if organization is not None and organization.unit_id is not None:
        units.append(organization.unit)
    return units, [organization] if organization is not None else []


def _covers_side(user, followup, side: str, roles) -> bool:
    if followup is None:
        return False
    units, organizations = _side(followup, side)
    return covers(user, roles=roles, units=units, organizations=organizations)


@rules.predicate
def reads_followup(user, followup) -> bool:
    """The selector's rule for one follow-up: its owner's or its assignee's scope."""
    return _covers_side(user, followup, "owner", READ_ROLES) or _covers_side(
        user, followup, "assignee", READ_ROLES
    )


@rules.predicate
def works_on_followup(user, followup) -> bool:
    """The assignee's officers: they report progress and say it is done."""
    return _covers_side(user, followup, "assignee", EDIT_ROLES)


@rules.predicate
def follows_followup(user, followup) -> bool:
    """The owner's officers: they create, edit, verify, return and reopen."""
    return _covers_side(user, followup, "owner", EDIT_ROLES)


@rules.predicate
def creates_followup(user, followup=None) -> bool:
    """Without an object: edits somewhere. With the unsaved follow-up: its owner is in an
    editing grant of the user."""
    if followup is None:
        return has_any_role(user, EDIT_ROLES)
    return follows_followup(user, followup)


@rules.predicate
def assigns_to_unit(user, unit) -> bool:
    """A unit a follow-up may be given to: one the user can see."""
    return unit is not None and covers(user, roles=READ_ROLES, units=[unit])


rules.add_perm("followups.view_followup", rules.is_superuser | reads_followup)
rules.add_perm("followups.add_followup", rules.is_superuser | creates_followup)
rules.add_perm("followups.change_followup", rules.is_superuser | follows_followup)
rules.add_perm("followups.verify_followup", rules.is_superuser | follows_followup)
rules.add_perm("followups.report_followup", rules.is_superuser | works_on_followup)
rules.add_perm("followups.assign_to_unit", rules.is_superuser | assigns_to_unit)
