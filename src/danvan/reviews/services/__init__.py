"""Writes on reviews, one module per part of the workflow; import them from here."""

from danvan.reviews.services.assignment import (
    AssignmentResult,
    assign_automatically,
    assign_reviewer,
    conflict_reason,
    reviewer_organizations,
    unassign,
)
from danvan.reviews.services.decisions import decide, record_recognition
from danvan.reviews.services.notifications import (
    mark_notifications_read,
    notify,
    send_reminders,
)
from danvan.reviews.services.preferences import (
    PAGE_SIZES,
    remember_page_size,
    table_page_size,
)
from danvan.reviews.services.rounds import (
    DEFAULT_CRITERIA,
    DEFAULT_CRITERIA_SET,
    apply_filter,
    create_round,
    default_criteria_set,
    eligible_entries,
    exclude_initiative,
    include_initiative,
    seed_criteria,
    transition_round,
    update_round,
)
from danvan.reviews.services.scoring import save_review, weighted_mean
from danvan.reviews.services.tags import tag_initiatives

__all__ = [
    "PAGE_SIZES",
    "remember_page_size",
    "table_page_size",
    "tag_initiatives",
    "DEFAULT_CRITERIA",
    "DEFAULT_CRITERIA_SET",
    "AssignmentResult",
    "apply_filter",
    "assign_automatically",
    "assign_reviewer",
    "conflict_reason",
    "create_round",
    "decide",
    "default_criteria_set",
    "eligible_entries",
    "exclude_initiative",
    "include_initiative",
    "mark_notifications_read",
    "notify",
    "record_recognition",
    "reviewer_organizations",
    "save_review",
    "seed_criteria",
    "send_reminders",
    "transition_round",
    "unassign",
    "update_round",
    "weighted_mean",
]
