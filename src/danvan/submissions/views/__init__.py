"""Pages of periodic reports: what a unit reports (``reports``), the templates staff make and
who reports on them (``design``)."""

from danvan.submissions.views.consolidated import consolidation
from danvan.submissions.views.design import (
    template_active,
    template_create,
    template_detail,
    template_edit,
    template_units,
)
from danvan.submissions.views.reports import (
    board,
    board_remind,
    obligation_list,
    obligation_period,
    submission_accept,
    submission_detail,
    submission_return,
)

__all__ = [
    "board",
    "board_remind",
    "consolidation",
    "obligation_list",
    "obligation_period",
    "submission_accept",
    "submission_detail",
    "submission_return",
    "template_active",
    "template_create",
    "template_detail",
    "template_edit",
    "template_units",
]
