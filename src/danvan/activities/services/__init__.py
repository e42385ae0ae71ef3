"""Writes on activities and campaigns (``services.activities``, ``services.campaigns``)."""

from danvan.activities.services.activities import (
    clean_data,
    record_activity,
    seed_catalogues,
    update_activity,
)
from danvan.activities.services.campaigns import (
    create_campaign,
    remove_plan_line,
    set_plan_line,
    update_campaign,
)
from danvan.activities.services.evidence import add_activity_evidence
from danvan.activities.services.upkeep import (
    CATALOGUES,
    refresh_all_place_copies,
    refresh_place_copies,
    save_catalogue_entry,
)

__all__ = [
    "CATALOGUES",
    "add_activity_evidence",
    "clean_data",
    "create_campaign",
    "record_activity",
    "refresh_all_place_copies",
    "refresh_place_copies",
    "remove_plan_line",
    "save_catalogue_entry",
    "seed_catalogues",
    "set_plan_line",
    "update_activity",
    "update_campaign",
]
