"""Pages of initiatives: the list, one initiative, its forms and its print view."""

from danvan.initiatives.views.editing import (
    initiative_create,
    initiative_edit,
    initiative_showcase,
    initiative_transition,
    progress_add,
)
from danvan.initiatives.views.listing import initiative_list, initiative_picker
from danvan.initiatives.views.pages import initiative_detail, initiative_print

__all__ = [
    "initiative_create",
    "initiative_detail",
    "initiative_edit",
    "initiative_list",
    "initiative_picker",
    "initiative_print",
    "initiative_showcase",
    "initiative_transition",
    "progress_add",
]
