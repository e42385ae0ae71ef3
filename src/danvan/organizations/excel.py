"""The Excel round trip of organisations and people: columns, and how a row becomes a record.

Rows are matched to what exists so that importing the same file twice changes nothing: by the
"Mã" column when it is filled (the id an export writes), else by the record's identity:

- an organisation is the one of the same folded name, administrative unit and parent ("Trực
  thuộc"): two "Chi bộ 1" under two party committees of one commune are two organisations. A row
  matched this way never changes the organisation's kind: a different "Loại" is an error asking
  for the code, since only a row carrying the code may change it;
- a person is the one of the same folded full name, year of birth (or none) and unit. One row
  per position is allowed: a later row of the same person with the same details may add another
  position ("Chức vụ" at "Tổ chức"); repeating a position, or changing the details an earlier
  row wrote, is a duplicate.

Two rows of one file that are the same record (the same code, or the same identity, or a row
matching what an earlier row created or changed) are an error on the later row naming the
earlier one — "Trùng với dòng 12: …" (``core.spreadsheets.FileRows``) — never an overwrite."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.folding import fold
from danvan.core.spreadsheets import (
    Column,
    FileRows,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from danvan.organizations import queries, services
from danvan.organizations.enums import ETHNIC_GROUPS, Gender, OrganizationKind, Religion
from danvan.territory.queries import ancestors_of_many, resolve_place, scope_units

ORGANIZATION_SHEET = gettext_lazy("Organisations")
PEOPLE_SHEET = gettext_lazy("People")


def _place_label(unit, chain) -> str:
    return ", ".join([unit.inline_name, *[a.inline_name for a in reversed(chain)]])


def _parse_ethnicity(value) -> str:
    folded = fold(str(value))
    for name in ETHNIC_GROUPS:
        if fold(name) == folded or fold(name).replace(" ", "") == folded.replace(" ", ""):
            return name
    raise ValueError(_("“%(value)s” is not one of the 54 ethnic groups.") % {"value": value})


ORGANIZATION_COLUMNS = [
    Column(
        gettext_lazy("Code"),
        "id",
        parse=parse_int,
        width=8,
        help=gettext_lazy("Leave empty for a new organisation; filled in by an export."),
    ),
    Column(
        gettext_lazy("Organisation name"),
        "name",
        required=True,
        width=45,
        example="Ban Dân vận Huyện ủy Lâm Bình",
    ),
    Column(gettext_lazy("Abbreviation"), "short_name", parse=parse_text, example="BDVHU"),
    Column(
        gettext_lazy("Kind"),
        "kind",
        required=True,
        width=30,
        parse=parse_choice(dict(OrganizationKind.choices)),
        example=str(OrganizationKind.DAN_VAN.label),
    ),
    Column(
        gettext_lazy("Belongs to"),
        "parent",
        width=40,
        example="Huyện ủy Lâm Bình",
        help=gettext_lazy("The name of the organisation above it, as written in danvan."),
    ),
    Column(
        gettext_lazy("Place"),
        "place",
        width=45,
        example="huyện Lâm Bình, tỉnh Tuyên Quang",
        help=gettext_lazy("Empty only for central bodies."),
    ),
    Column(gettext_lazy("Established on"), "valid_from", parse=parse_date, example="01/01/2011"),
    Column(gettext_lazy("Ended on"), "valid_to", parse=parse_date),
    Column(gettext_lazy("Note"), "note", parse=parse_text, width=40),
]

PEOPLE_COLUMNS = [
    Column(
        gettext_lazy("Code"),
        "id",
        parse=parse_int,
        width=8,
        help=gettext_lazy("Leave empty for a new person; filled in by an export."),
    ),
    Column(gettext_lazy("Full name"), "full_name", required=True, width=30, example="Ma Thị Lan"),
    Column(
        gettext_lazy("Gender"),
        "gender",
        parse=parse_choice(dict(Gender.choices)),
        example="nữ",
        choices=tuple(label for _value, label in Gender.choices),
    ),
    Column(gettext_lazy("Year of birth"), "birth_year", parse=parse_int, example=1985),
    Column(gettext_lazy("Ethnic group"), "ethnicity", parse=_parse_ethnicity, example="Tày"),
    Column(
        gettext_lazy("Religion"),
        "religion",
        parse=parse_choice({k: v for k, v in Religion.choices if k}),
    ),
    Column(
        gettext_lazy("Place"),
        "place",
        required=True,
        width=45,
        example="xã Bình An, tỉnh Tuyên Quang",
        help=gettext_lazy("Where the person lives or works."),
    ),
    Column(gettext_lazy("Phone"), "phone", parse=parse_text),
    Column(gettext_lazy("E-mail"), "email", parse=parse_text, width=28),
    Column(gettext_lazy("Position"), "title", width=35, example="Bí thư Chi bộ"),
    Column(
        gettext_lazy("Organisation"),
        "organization",
        width=40,
        help=gettext_lazy("Where the person holds the position above."),
    ),
    Column(gettext_lazy("Note"), "note", parse=parse_text, width=40),
]


def _resolve_place(text, *, as_of=None, key="place", user=None):
    # The importing user's units settle a name several units share.
    result = resolve_place(str(text), as_of=as_of, context=scope_units(user))
    if result.hamlet:  # not on the map: said, never dropped by placing the row in the commune
        message = _(
            "The hamlet “%(hamlet)s” is not on the list of %(unit)s: add it on the unit's page "
            "first, or write the place without it."
        ) % {"hamlet": result.hamlet, "unit": result.unit.inline_name}
        raise ValidationError({key: message})
    if result.unit is None:
        hint = "; ".join(
            c.full_name + (f" ({c.parent.full_name})" if c.parent else "")
            for c in result.candidates[:3]
        )
        message = _("The place “%(text)s” was not found.") % {"text": text}
        if hint:
            message += " " + _("Did you mean: %(hint)s?") % {"hint": hint}
        raise ValidationError({key: message})
    return result.unit


def _find_organization(visible, name, *, key):
    matches = list(visible.filter(name_folded=fold(str(name)))[:2])
    if not matches:
        raise ValidationError(
            {key: _("No organisation named “%(name)s” in your scope.") % {"name": name}}
        )
    if len(matches) > 1:
        raise ValidationError(
            {key: _("Several organisations are named “%(name)s”: use its code.") % {"name": name}}
        )
    return matches[0]


TEXT_FIELDS = {"short_name", "note", "gender", "ethnicity", "religion", "phone", "email"}


def _differs(record, data: dict) -> bool:
    """Whether saving ``data`` would change ``record`` (an empty cell is an empty text)."""
    for key, value in data.items():
        wanted = "" if value is None and key in TEXT_FIELDS else value
        if getattr(record, key) != wanted:
            return True
    return False


def organization_row_handler(user):
    visible = queries.organizations_visible_to(user)
    file_rows = FileRows()

    def handle(values: dict) -> str:
        data = {
            key: values.get(key)
            for key in ("name", "short_name", "kind", "valid_from", "valid_to", "note")
        }
        data["name"] = " ".join(str(data["name"]).split())
        data["parent"] = (
            _find_organization(visible, values["parent"], key="parent")
            if values.get("parent")
            else None
        )
        data["unit"] = (
            _resolve_place(values["place"], as_of=values.get("valid_from"), user=user)
            if values.get("place")
            else None
        )
        if data["unit"] is None and data["parent"] is not None:
            data["unit"] = data["parent"].unit
        existing = None
        if values.get("id"):
            existing = visible.filter(pk=values["id"]).first()
            if existing is None:
                raise ValidationError({"id": _("No organisation with this code in your scope.")})
        else:
            existing = visible.filter(
                name_folded=fold(data["name"]), unit=data["unit"], parent=data["parent"]
            ).first()
            if existing is not None and existing.kind != data["kind"]:
                raise ValidationError(
                    {
                        "kind": _(
                            "“%(name)s” exists here as “%(kind)s”: to change its kind, fill in "
                            "its code (%(code)s)."
                        )
                        % {
                            "name": existing.name,
                            "kind": existing.get_kind_display(),
                            "code": existing.pk,
                        }
                    }
                )
        label = f"“{data['name']}” ({values.get('place') or getattr(data['unit'], 'name', '')})"
        if existing is not None:
            file_rows.claim(("id", existing.pk), label)
        if existing is None:
            created = services.create_organization(data=data, acting_user=user)
            file_rows.claim(("id", created.pk), label)
            return "created"
        if not _differs(existing, data):
            return "unchanged"
        services.update_organization(
            organization=existing, data=data, version=existing.version, acting_user=user
        )
        return "updated"

    handle.file_rows = file_rows
    return handle


def person_row_handler(user):
    visible_people = queries.people_visible_to(user)
    visible_orgs = queries.organizations_visible_to(user)
    file_rows = FileRows()

    def handle(values: dict) -> str:
        unit = _resolve_place(values["place"], user=user)
        data = {
            key: values.get(key)
            for key in (
                "full_name",
                "gender",
                "birth_year",
                "ethnicity",
                "religion",
                "phone",
                "email",
                "note",
            )
        }
        data["full_name"] = " ".join(str(data["full_name"]).split())
        data["unit"] = unit
        organization = (
            _find_organization(visible_orgs, values["organization"], key="organization")
            if values.get("organization")
            else None
        )
        if values.get("id"):
            existing = visible_people.filter(pk=values["id"]).first()
            if existing is None:
                raise ValidationError({"id": _("No person with this code in your scope.")})
        else:
            existing = visible_people.filter(
                name_folded=fold(data["full_name"]), birth_year=data["birth_year"], unit=unit
            ).first()
        birth = f"{data['birth_year']}, " if data["birth_year"] else ""
        label = f"“{data['full_name']}” ({birth}{values['place']})"
        title = " ".join(str(values.get("title") or "").split())
        position = ("position", organization.pk, fold(title)) if title and organization else None
        if existing is not None:
            # One row per position of a person is the usual way: a later row of the same
            # person may add a position, but not change what an earlier row wrote.
            if (
                position is None
                or _differs(existing, data)
                or not file_rows.first_row(("id", existing.pk))
            ):
                file_rows.claim(("id", existing.pk), label)
            if position:
                file_rows.claim((*position, existing.pk), f"{label}, {title}")
        outcome = "unchanged"
        if existing is None:
            existing = services.create_person(data=data, acting_user=user)
            file_rows.claim(("id", existing.pk), label)
            if position:
                file_rows.claim((*position, existing.pk), f"{label}, {title}")
            outcome = "created"
        elif _differs(existing, data):
            existing = services.update_person(
                person=existing, data=data, version=existing.version, acting_user=user
            )
            outcome = "updated"
        if (
            title
            and organization
            and not existing.positions.filter(
                organization=organization, title=title, end__isnull=True
            ).exists()
        ):
            services.add_person_link(
                person=existing,
                kind="position",
                data={"organization": organization, "title": title},
                acting_user=user,
            )
            outcome = "updated" if outcome == "unchanged" else outcome
        return outcome

    handle.file_rows = file_rows
    return handle


def organization_export_rows(organizations):
    organizations = list(organizations.select_related("unit", "parent"))
    chains = ancestors_of_many([org.unit for org in organizations if org.unit])
    for org in organizations:
        yield {
            "id": org.pk,
            "name": org.name,
            "short_name": org.short_name,
            "kind": str(org.get_kind_display()),
            "parent": org.parent.name if org.parent else "",
            "place": _place_label(org.unit, chains[org.unit.pk]) if org.unit else "",
            "valid_from": org.valid_from,
            "valid_to": org.valid_to,
            "note": org.note,
        }


def person_export_rows(people):
    people = list(people.select_related("unit").prefetch_related("positions__organization"))
    chains = ancestors_of_many([person.unit for person in people])
    for person in people:
        current = next((p for p in person.positions.all() if p.end is None), None)
        yield {
            "id": person.pk,
            "full_name": person.full_name,
            "gender": str(person.get_gender_display()) if person.gender else "",
            "birth_year": person.birth_year,
            "ethnicity": person.ethnicity,
            "religion": str(person.get_religion_display()) if person.religion else "",
            "place": _place_label(person.unit, chains[person.unit.pk]),
            "phone": person.phone,
            "email": person.email,
            "title": current.title if current else "",
            "organization": current.organization.name if current else "",
            "note": person.note,
        }
