"""Writes on dialogues and petitions: each validates, checks the acting user's scope, is atomic
and is audited."""

from danvan.dialogues.services.dialogues import (  # noqa: F401
    DIALOGUE_FIELDS,
    add_opinion,
    record_dialogue,
    update_dialogue,
)
