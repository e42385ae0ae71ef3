from danvan.dialogues.views.dialogues import (  # noqa: F401
    dialogue_add,
    dialogue_detail,
    dialogue_edit,
    dialogue_list,
    opinion_add,
)
from danvan.dialogues.views.minute import minute_docx, minute_pdf  # noqa: F401
