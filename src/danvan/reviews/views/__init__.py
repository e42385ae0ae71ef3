from danvan.reviews.views.committee import round_decide, round_table
from danvan.reviews.views.exports import (
    minute_download,
    minute_job,
    round_minute,
    round_results_xlsx,
)
from danvan.reviews.views.notifications import (
    initiative_panel,
    notification_list,
    notifications_read,
)
from danvan.reviews.views.recognitions import recognition_add
from danvan.reviews.views.rounds import (
    round_add_initiative,
    round_apply_filter,
    round_assign,
    round_assign_automatically,
    round_create,
    round_detail,
    round_edit,
    round_list,
    round_remove_initiative,
    round_transition,
    round_unassign,
)
from danvan.reviews.views.scoring import queue, review_form

__all__ = [
    "minute_download",
    "minute_job",
    "initiative_panel",
    "notification_list",
    "notifications_read",
    "queue",
    "recognition_add",
    "review_form",
    "round_add_initiative",
    "round_apply_filter",
    "round_assign",
    "round_assign_automatically",
    "round_create",
    "round_decide",
    "round_detail",
    "round_edit",
    "round_list",
    "round_minute",
    "round_remove_initiative",
    "round_results_xlsx",
    "round_table",
    "round_transition",
    "round_unassign",
]
