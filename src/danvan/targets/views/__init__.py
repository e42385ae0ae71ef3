from danvan.targets.views.excel import (
    programme_export,
    target_import,
    target_template,
    value_import,
    value_template,
)
from danvan.targets.views.inspections import (
    inspection_create,
    inspection_detail,
    inspection_edit,
    inspection_list,
    member_add,
    recommendation_add,
    session_add,
)
from danvan.targets.views.programmes import (
    programme_create,
    programme_detail,
    programme_edit,
    programme_list,
    programme_recompute,
    target_create,
)
from danvan.targets.views.review import review_document
from danvan.targets.views.targets import (
    target_cascade,
    target_detail,
    target_edit,
    unit_panel,
    unit_targets,
    value_report,
)

__all__ = [
    "inspection_create",
    "inspection_detail",
    "inspection_edit",
    "inspection_list",
    "member_add",
    "programme_create",
    "programme_detail",
    "programme_edit",
    "programme_export",
    "programme_list",
    "programme_recompute",
    "recommendation_add",
    "review_document",
    "session_add",
    "target_cascade",
    "target_create",
    "target_detail",
    "target_edit",
    "target_import",
    "target_template",
    "unit_panel",
    "unit_targets",
    "value_import",
    "value_report",
    "value_template",
]
