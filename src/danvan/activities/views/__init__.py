from danvan.activities.views.activities import (
    activity_calendar,
    activity_create,
    activity_detail,
    activity_edit,
    activity_export,
    activity_import,
    activity_list,
    activity_template,
)
from danvan.activities.views.campaigns import (
    campaign_create,
    campaign_detail,
    campaign_edit,
    campaign_list,
    plan_export,
    plan_import,
    plan_line_remove,
    plan_line_set,
    plan_template,
)
from danvan.activities.views.catalogues import catalogue_list, catalogue_save

__all__ = [
    "activity_calendar",
    "activity_create",
    "activity_detail",
    "activity_edit",
    "activity_export",
    "activity_import",
    "activity_list",
    "activity_template",
    "campaign_create",
    "catalogue_list",
    "catalogue_save",
    "campaign_detail",
    "campaign_edit",
    "campaign_list",
    "plan_export",
    "plan_import",
    "plan_line_remove",
    "plan_line_set",
    "plan_template",
]
