from danvan.dialogues.views.dialogues import (  # noqa: F401
    dialogue_add,
    dialogue_detail,
    dialogue_edit,
    dialogue_list,
    opinion_add,
    opinion_export,
    opinion_import,
    opinion_template,
)
from danvan.dialogues.views.minute import minute_docx, minute_pdf  # noqa: F401
from danvan.dialogues.views.notes import (  # noqa: F401
    opinion_map,
    opinion_note_add,
    opinion_overview,
)
from danvan.dialogues.views.petitions import (  # noqa: F401
    petition_add,
    petition_anonymise,
    petition_answer,
    petition_close,
    petition_detail,
    petition_export,
    petition_import,
    petition_list,
    petition_reopen,
    petition_template,
    petition_transfer,
)
from danvan.dialogues.views.public import petition_reopen_by_citizen, petition_status  # noqa: F401
