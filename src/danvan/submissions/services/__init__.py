"""Writes on periodic reports (``templates``: templates and obligations; ``reports``: the
draft, submitting, returning and accepting)."""

from danvan.submissions.services.reports import (
    accept_submission,
    clean_indicators,
    clean_sections,
    return_submission,
    save_draft,
    submit,
)
from danvan.submissions.services.templates import (
    add_obligation,
    add_obligations,
    create_template,
    set_template_active,
    update_template,
)

__all__ = [
    "accept_submission",
    "add_obligation",
    "add_obligations",
    "clean_indicators",
    "clean_sections",
    "create_template",
    "return_submission",
    "save_draft",
    "set_template_active",
    "submit",
    "update_template",
]
