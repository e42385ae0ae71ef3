"""Writes on honours, one module per part; import them from here."""

from danvan.honors.services.honours import (
    add_ceremony_photo,
    check_once_only,
    create_ceremony,
    end_exclusion,
    record_exclusion,
    record_honour,
    update_honour,
)
from danvan.honors.services.kinds import create_kind, seed_kinds, update_kind
from danvan.honors.services.proposals import (
    DecisionData,
    Stage,
    add_nominee,
    add_nominees,
    attach_to_nominee,
    create_proposal,
    remove_nominee,
    route,
    transition_proposal,
)

__all__ = [
    "add_ceremony_photo",
    "DecisionData",
    "Stage",
    "add_nominee",
    "add_nominees",
    "attach_to_nominee",
    "check_once_only",
    "create_ceremony",
    "create_kind",
    "create_proposal",
    "end_exclusion",
    "record_exclusion",
    "record_honour",
    "remove_nominee",
    "route",
    "seed_kinds",
    "transition_proposal",
    "update_honour",
    "update_kind",
]
