"""Importing petitions received outside danvan (a register kept in Excel, letters forwarded by
another body) through the generic Excel import (``registry.Importer``, ``core.tasks``): a
template to download, a check of the whole file before anything is saved, every error as
"Dòng N: …", all or nothing unless the officer keeps the valid rows, in the background.

Each new row goes through ``services.receive_petition``, as a petition typed in: it gets its
tracking code, its due date from its category, its "received" step and its audit event.

The same petition twice (the core rule, ``core.spreadsheets.FileRows``): a row is matched to a
petition that exists by its tracking code when the column is filled (an export imported again),
else by its identity — the day it was received, the commune and the content (as folded: case,
diacritics and spacing ignored). A matched row is left as it is ("unchanged": the handling is
recorded in danvan, not in the file); two rows of one file that are the same petition are an
error naming the first."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.folding import fold
from danvan.core.spreadsheets import Column, FileRows, parse_choice, parse_date, parse_text
from danvan.dialogues import queries, services
from danvan.dialogues.enums import OpinionField, PetitionSource
from danvan.dialogues.models import PetitionCategory
from danvan.dialogues.sheet_rows import as_function, organization_named
from danvan.organizations.queries import organizations_visible_to
from danvan.territory.queries import resolve_place, scope_units

SHEET = gettext_lazy("Petitions")
SOURCES = {value: label for value, label in PetitionSource.choices if value != "dialogue"}

COLUMNS = (
    Column(
        gettext_lazy("Tracking code"),
        "code",
        parse=parse_text,
        width=14,
        help=gettext_lazy(
            "Leave empty: each new petition is given its code. Filled in by an export."
        ),
    ),
    Column(
        gettext_lazy("Received on"),
        "received_on",
        required=True,
        parse=parse_date,
        width=12,
        example="15/03/2026",
    ),
    Column(
        gettext_lazy("Received"),
        "source",
        parse=parse_choice(SOURCES),
        choices=tuple(str(label) for label in SOURCES.values()),
        width=18,
        example="qua đơn, thư",
        help=gettext_lazy("Empty: brought in person."),
    ),
    Column(
        gettext_lazy("Category"),
        "category",
        required=True,
        parse=parse_text,
        width=28,
        example="Hạ tầng, giao thông, thủy lợi",
        help=gettext_lazy("One of the categories of petition set up in danvan."),
    ),
    Column(
        gettext_lazy("Field"),
        "field",
        required=True,
        parse=parse_choice(dict(OpinionField.choices)),
        choices=tuple(str(label) for _value, label in OpinionField.choices),
        width=24,
        example="giao thông, thủy lợi, hạ tầng",
    ),
    Column(
        gettext_lazy("Place"),
        "place",
        required=True,
        parse=parse_text,
        width=30,
        example="xã Bình An, tỉnh Tuyên Quang",
        help=gettext_lazy("The commune or ward it is about (a hamlet may come first)."),
    ),
    Column(
        gettext_lazy("Content"),
        "summary",
        required=True,
        parse=parse_text,
        width=60,
        example="Kênh mương thôn Nà Làng bị vỡ, không có nước tưới",
    ),
    Column(
        gettext_lazy("Responsible unit"),
        "responsible",
        required=True,
        parse=parse_text,
        width=30,
        example="UBND xã Bình An",
        help=gettext_lazy("The name of the unit that answers, as written in danvan."),
    ),
    Column(gettext_lazy("Citizen's name"), "citizen_name", parse=parse_text, width=24),
    Column(
        gettext_lazy("Citizen's address or telephone"),
        "citizen_contact",
        parse=parse_text,
        width=30,
    ),
)


def _text(value) -> str:
    return " ".join(str(value or "").split())


class RowHandler:
    """``handle(values)`` for one row, with the look-ups of the file kept between rows."""

    def __init__(self, user):
        self.user = user
        self.visible = queries.petitions_visible_to(user)
        self.bodies = organizations_visible_to(user)
        self.context = scope_units(user)
        self.categories = {fold(c.name): c for c in PetitionCategory.objects.filter(active=True)}
        self.file_rows = FileRows()

    def category(self, text: str):
        found = self.categories.get(fold(text))
        if found is None:
            names = ", ".join(c.name for c in self.categories.values())
            raise ValidationError(
                {"category": _("No category “%(name)s”; the categories are: %(names)s.")
                 % {"name": text, "names": names}}
            )  # fmt: skip
        return found

    def place(self, text: str, day):
        found = resolve_place(text, as_of=day, context=self.context)
        if found.unit is None or found.hamlet:
            raise ValidationError(
                {"place": _("No single unit fits “%(place)s” on that day.") % {"place": text}}
            )
        return found.unit

    def responsible(self, text: str):
        return organization_named(self.bodies, text, field="responsible")

    def __call__(self, values: dict) -> str:
        code = "".join(str(values.get("code") or "").split()).upper()
        if code:
            existing = self.visible.filter(code=code).first()
            if existing is None:
                raise ValidationError(
                    {"code": _("No petition with the tracking code %(code)s in your scope.")
                     % {"code": code}}
                )  # fmt: skip
            self.file_rows.claim(("id", existing.pk), code)
            return "unchanged"
        day = values["received_on"]
        place = self.place(_text(values["place"]), day)
        if place.level == "hamlet":
            place = place.parent
        summary = str(values["summary"]).strip()
        label = f"“{_text(summary)[:60]}” ({place.name}, {day:%d/%m/%Y})"
        self.file_rows.claim(("new", day, place.pk, fold(summary)), label)
        same = self.visible.filter(
            received_on=day, place=place, search_folded=fold(summary)
        ).first()
        if same is not None:
            return "unchanged"
        services.receive_petition(
            data={
                "source": values.get("source") or PetitionSource.WALK_IN,
                "received_on": day,
                "category": self.category(_text(values["category"])),
                "field": values["field"],
                "summary": summary,
                "place": place,
                "responsible": self.responsible(_text(values["responsible"])),
                "citizen_name": values.get("citizen_name") or "",
                "citizen_contact": values.get("citizen_contact") or "",
            },
            acting_user=self.user,
        )
        return "created"


def row_handler(user):
    return as_function(RowHandler(user))
