"""Writes on dialogues and petitions: each validates, checks the acting user's scope, is atomic
and is audited."""

from danvan.dialogues.services.dialogues import (  # noqa: F401
    DIALOGUE_FIELDS,
    add_opinion,
    record_dialogue,
    update_dialogue,
)
from danvan.dialogues.services.notes import record_opinion_note  # noqa: F401, E402
from danvan.dialogues.services.petitions import (  # noqa: F401, E402
    anonymise_petition,
    answer_petition,
    close_petition,
    normalize_code,
    receive_petition,
    record_personal_export,
    reopen_petition,
    seed_categories,
    transfer_petition,
)
