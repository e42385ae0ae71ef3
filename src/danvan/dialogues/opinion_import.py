"""Importing the questions and opinions of a dialogue from Excel (the secretary's notes typed up
after the meeting) through the generic Excel import (``registry.Importer``, ``core.tasks``),
like the petitions (``petition_import``): the template, the check that saves nothing, every
error by row, all or nothing.

Each row names its dialogue by its code (shown on the dialogue's page) and goes through
``services.add_opinion`` — numbered after the dialogue's last opinion, with its answer on the
spot or its commitment (a follow-up: the unit assigned and the due date), audited. The same
opinion twice: the same dialogue and the same content (folded: case, accents and spacing
ignored) — an opinion already recorded is left as it is, two rows of one file are an error
naming the first."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.enums import EDIT_ROLES
from danvan.core.folding import fold
from danvan.core.spreadsheets import (
    Column,
    FileRows,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from danvan.dialogues import queries, services
from danvan.dialogues.enums import Group, OpinionField
from danvan.dialogues.sheet_rows import as_function, organization_named
from danvan.organizations.queries import organizations_visible_to

SHEET = gettext_lazy("Opinions")

COLUMNS = (
    Column(
        gettext_lazy("Dialogue code"),
        "dialogue",
        required=True,
        parse=parse_int,
        width=10,
        example=12,
        help=gettext_lazy("The code shown on the dialogue's page."),
    ),
    Column(
        gettext_lazy("Raised by (group)"),
        "group",
        required=True,
        parse=parse_choice(dict(Group.choices)),
        choices=tuple(str(label) for _value, label in Group.choices),
        width=20,
        example="nông dân",
    ),
    Column(gettext_lazy("Name of the speaker (if given)"), "speaker_name", parse=parse_text),
    Column(
        gettext_lazy("Field"),
        "field",
        required=True,
        parse=parse_choice(dict(OpinionField.choices)),
        choices=tuple(str(label) for _value, label in OpinionField.choices),
        width=24,
    ),
    Column(
        gettext_lazy("Question or opinion"),
        "content",
        required=True,
        parse=parse_text,
        width=60,
        example="Đề nghị sửa đường vào thôn Nà Làng bị sạt lở",
    ),
    Column(
        gettext_lazy("Answer given"),
        "answer",
        parse=parse_text,
        width=40,
        help=gettext_lazy("The answer given on the spot; leave empty for a commitment."),
    ),
    Column(gettext_lazy("Answered by"), "answered_by", parse=parse_text, width=24),
    Column(
        gettext_lazy("Commitment: assigned to"),
        "assignee",
        parse=parse_text,
        width=30,
        example="UBND xã Bình An",
        help=gettext_lazy("The organisation that promised to settle it, as written in danvan."),
    ),
    Column(
        gettext_lazy("Commitment: due date"),
        "due_date",
        parse=parse_date,
        width=12,
        example="30/09/2026",
    ),
)


class RowHandler:
    def __init__(self, user):
        self.user = user
        self.dialogues = queries.dialogues_visible_to(user, roles=EDIT_ROLES)
        self.bodies = organizations_visible_to(user)
        self.file_rows = FileRows()

    def assignee(self, text: str):
        return organization_named(self.bodies, text, field="assignee")

    def __call__(self, values: dict) -> str:
        code = values["dialogue"]
        dialogue = self.dialogues.filter(pk=code).first() if 0 < code < 2**63 else None
        if dialogue is None:
            raise ValidationError(
                {"dialogue": _("No dialogue with the code %(code)s that you may edit.")
                 % {"code": values["dialogue"]}}
            )  # fmt: skip
        content = str(values["content"]).strip()
        self.file_rows.claim(
            (dialogue.pk, fold(content)), f"“{' '.join(content.split())[:60]}” ({dialogue})"
        )
        folded = fold(content)
        if any(
            fold(text) == folded for text in dialogue.opinions.values_list("content", flat=True)
        ):
            return "unchanged"
        assignee, due_date = values.get("assignee"), values.get("due_date")
        commitment = None
        if assignee or due_date:
            if not (assignee and due_date):
                raise ValidationError(
                    _("A commitment needs both the organisation assigned and the due date.")
                )
            commitment = {"assignee_organization": self.assignee(assignee), "due_date": due_date}
        services.add_opinion(
            dialogue=dialogue,
            data={
                "group": values["group"],
                "field": values["field"],
                "speaker_name": values.get("speaker_name") or "",
                "content": content,
                "answer": values.get("answer") or "",
                "answered_by": values.get("answered_by") or "",
            },
            commitment=commitment,
            acting_user=self.user,
        )
        return "created"


def row_handler(user):
    return as_function(RowHandler(user))
