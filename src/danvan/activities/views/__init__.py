from danvan.activities.views.activities import (
    activity_calendar,
    activity_create,
    activity_detail,
    activity_edit,
    activity_export,
    activity_list,
)
from danvan.activities.views.campaigns import (
    campaign_create,
    campaign_detail,
    campaign_edit,
    campaign_list,
    plan_line_remove,
    plan_line_set,
)

__all__ = [
    "activity_calendar",
    "activity_create",
    "activity_detail",
    "activity_edit",
    "activity_export",
    "activity_list",
    "campaign_create",
    "campaign_detail",
    "campaign_edit",
    "campaign_list",
    "plan_line_remove",
    "plan_line_set",
]
