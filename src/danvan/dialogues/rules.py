"""Who may see and change dialogues and petitions. Listing is the selectors' business
(``queries``); the services call these rules themselves."""

import rules

from danvan.accounts.enums import EDIT_ROLES, READ_ROLES
from danvan.accounts.queries import covers, has_any_role


def _where(record):
    units = [record.place] if getattr(record, "place_id", None) else []
    organization = record.organizer if getattr(record, "organizer_id", None) else None
    return units, [organization] if organization is not None else []


@rules.predicate
def reads_dialogue(user, dialogue) -> bool:
    if dialogue is None:
        return False
    units, organizations = _where(dialogue)
    return covers(user, roles=READ_ROLES, units=units, organizations=organizations)


@rules.predicate
def edits_dialogue(user, dialogue) -> bool:
    if dialogue is None:
        return False
    units, organizations = _where(dialogue)
    return covers(user, roles=EDIT_ROLES, units=units, organizations=organizations)


@rules.predicate
def records_dialogue(user, dialogue=None) -> bool:
    """Without an object: edits somewhere. With the unsaved dialogue: where it is held (or the
    organisation holding it) is in an editing grant."""
    if dialogue is None:
        return has_any_role(user, EDIT_ROLES)
    return edits_dialogue(user, dialogue)


rules.add_perm("dialogues.view_dialogue", rules.is_superuser | reads_dialogue)
rules.add_perm("dialogues.add_dialogue", rules.is_superuser | records_dialogue)
rules.add_perm("dialogues.change_dialogue", rules.is_superuser | edits_dialogue)


def _responsible(petition):
    organization = petition.responsible if petition.responsible_id else None
    units = [organization.unit] if organization is not None and organization.unit_id else []
    return units, [organization] if organization is not None else []


@rules.predicate
def reads_petition(user, petition) -> bool:
    """The selector's rule for one petition: its place or its responsible unit in scope."""
    if petition is None:
        return False
    units, organizations = _responsible(petition)
    if petition.place_id:
        units.append(petition.place)
    return covers(user, roles=READ_ROLES, units=units, organizations=organizations)


@rules.predicate
def handles_petition(user, petition) -> bool:
    """The responsible unit's staff (and those above it): they transfer, answer, close, reopen,
    and they alone see the citizen's name and contact."""
    if petition is None:
        return False
    units, organizations = _responsible(petition)
    return covers(user, roles=EDIT_ROLES, units=units, organizations=organizations)


@rules.predicate
def receives_petition(user, petition=None) -> bool:
    """Without an object: edits somewhere. With the unsaved petition: its place or its
    responsible unit is in an editing grant."""
    if petition is None:
        return has_any_role(user, EDIT_ROLES)
    units, organizations = _responsible(petition)
    if petition.place_id:
        units.append(petition.place)
    return covers(user, roles=EDIT_ROLES, units=units, organizations=organizations)


rules.add_perm("dialogues.view_petition", rules.is_superuser | reads_petition)
rules.add_perm("dialogues.add_petition", rules.is_superuser | receives_petition)
rules.add_perm("dialogues.change_petition", rules.is_superuser | handles_petition)
rules.add_perm("dialogues.see_citizen", rules.is_superuser | handles_petition)


@rules.predicate
def notes_opinion(user, note=None) -> bool:
    """Without an object: edits somewhere. With a note: its place or its reporting unit is in
    an editing grant."""
    if note is None:
        return has_any_role(user, EDIT_ROLES)
    units = [note.place] if note.place_id else []
    organizations = [note.reporter] if note.reporter_id else []
    return covers(user, roles=EDIT_ROLES, units=units, organizations=organizations)


rules.add_perm("dialogues.add_opinionnote", rules.is_superuser | notes_opinion)
