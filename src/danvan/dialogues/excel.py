"""Excel exports of petitions and of the opinions raised at dialogues.

The citizen's name and contact are left out of a petition export unless asked for
(``?ca_nhan=1``) by a user who handles the petition (``dialogues.see_citizen``): rows the user
does not handle stay without them, and such an export is audited."""

from django.utils.translation import gettext_lazy

from danvan.core.spreadsheets import Column

PETITION_SHEET = gettext_lazy("Petitions")
OPINION_SHEET = gettext_lazy("Opinions")

PETITION_COLUMNS = [
    Column(gettext_lazy("Tracking code"), "code", width=14),
    Column(gettext_lazy("Received on"), "received_on", width=12),
    Column(gettext_lazy("Received"), "source", width=18),
    Column(gettext_lazy("Category"), "category", width=28),
    Column(gettext_lazy("Field"), "field", width=24),
    Column(gettext_lazy("Place"), "place", width=30),
    Column(gettext_lazy("Content"), "summary", width=60),
    Column(gettext_lazy("Responsible unit"), "responsible", width=30),
    Column(gettext_lazy("Due date"), "due_date", width=12),
    Column(gettext_lazy("State"), "state", width=16),
    Column(gettext_lazy("Overdue"), "overdue", width=10),
    Column(gettext_lazy("Answered on"), "answered_on", width=12),
    Column(gettext_lazy("Times reopened"), "times_reopened", width=10),
]
PERSONAL_COLUMNS = [
    Column(gettext_lazy("Citizen's name"), "citizen_name", width=24),
    Column(gettext_lazy("Citizen's address or telephone"), "citizen_contact", width=30),
]

OPINION_COLUMNS = [
    Column(gettext_lazy("Dialogue"), "dialogue", width=40),
    Column(gettext_lazy("Held on"), "held_on", width=12),
    Column(gettext_lazy("Place"), "place", width=30),
    Column(gettext_lazy("No."), "number", width=6),
    Column(gettext_lazy("Raised by (group)"), "group", width=20),
    Column(gettext_lazy("Field"), "field", width=24),
    Column(gettext_lazy("Question or opinion"), "content", width=60),
    Column(gettext_lazy("Response"), "response", width=18),
    Column(gettext_lazy("Answer given"), "answer", width=40),
    Column(gettext_lazy("Commitment"), "commitment", width=40),
    Column(gettext_lazy("Assigned to"), "assignee", width=30),
    Column(gettext_lazy("Due date"), "due_date", width=12),
    Column(gettext_lazy("State"), "commitment_state", width=18),
]


def petition_rows(petitions, *, personal_for=None):
    """Rows of ``petitions``; ``personal_for(petition)`` says whether its citizen's name and
    contact go in (None: never)."""
    yes, no = str(gettext_lazy("yes")), ""
    for petition in petitions.select_related("category", "responsible", "place").iterator(
        chunk_size=2000
    ):
        row = {
            "code": petition.code,
            "received_on": petition.received_on,
            "source": str(petition.get_source_display()),
            "category": petition.category.name,
            "field": str(petition.get_field_display()),
            "place": petition.place.full_name,
            "summary": petition.summary,
            "responsible": petition.responsible.name,
            "due_date": petition.due_date,
            "state": str(petition.get_state_display()),
            "overdue": yes if petition.overdue else no,
            "answered_on": petition.answered_on,
            "times_reopened": petition.times_reopened,
        }
        if personal_for is not None and personal_for(petition):
            row |= {
                "citizen_name": petition.citizen_name,
                "citizen_contact": petition.citizen_contact,
            }
        yield row


def opinion_rows(opinions):
    for opinion in opinions.select_related(
        "dialogue",
        "dialogue__place",
        "dialogue__hamlet",
        "followup",
        "followup__assignee_organization",
        "followup__assignee_unit",
    ).iterator(chunk_size=2000):
        dialogue, followup = opinion.dialogue, opinion.followup
        yield {
            "dialogue": str(dialogue),
            "held_on": dialogue.held_on,
            "place": (dialogue.hamlet or dialogue.place).full_name,
            "number": opinion.number,
            "group": str(opinion.get_group_display()),
            "field": str(opinion.get_field_display()),
            "content": opinion.content,
            "response": str(opinion.get_response_display()),
            "answer": opinion.answer,
            "commitment": followup.title if followup else "",
            "assignee": str(followup.assignee) if followup else "",
            "due_date": followup.due_date if followup else None,
            "commitment_state": str(followup.get_state_display()) if followup else "",
        }
