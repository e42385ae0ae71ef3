"""Every write of the targets app (see the modules)."""

from danvan.targets.services.inspections import (
    add_member,
    add_recommendation,
    add_session,
    create_inspection,
    update_inspection,
)
from danvan.targets.services.programmes import (
    cascade_target,
    create_programme,
    create_target,
    planned_total,
    proportional_shares,
    update_programme,
    update_target,
)
from danvan.targets.services.standing import refresh_programme, refresh_standing
from danvan.targets.services.values import computed_value, recompute_programme, record_value

__all__ = [
    "add_member",
    "add_recommendation",
    "add_session",
    "cascade_target",
    "computed_value",
    "create_inspection",
    "create_programme",
    "create_target",
    "planned_total",
    "proportional_shares",
    "recompute_programme",
    "record_value",
    "refresh_programme",
    "refresh_standing",
    "update_inspection",
    "update_programme",
    "update_target",
]
