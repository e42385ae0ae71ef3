"""The register of honours as an Excel sheet, and its import (a list of honoured people from
the past, a decision's list typed in Word and pasted into Excel).

What makes a row *the same honour*: its code ("Mã", filled by an export), else the kind, the
recipient and the day of the decision — so importing the same file twice adds nothing. The
recipient is found by its kind ("Đối tượng"): a person by full name, with the year of birth and
the place when given (an unknown person is added, placed in the row's place: that is how a
list from the past comes in); an organisation by its name; a model by its code or name — all
among those the importing officer manages. A row matched by its identity may change the
decision's number, the signer and the note, nothing else. Two rows of one file naming the same
honour are an error on the later row ("Trùng với dòng 12: …"). A once-only kind refuses a
second honour as the form does."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from danvan.accounts.enums import MANAGE_ROLES
from danvan.core.folding import fold
from danvan.core.spreadsheets import (
    Column,
    FileRows,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from danvan.honors import queries
from danvan.initiatives.queries import initiatives_visible_to
from danvan.organizations.queries import organizations_visible_to, people_visible_to

SHEET = gettext_lazy("Honours")
RECIPIENT_KINDS = {
    "person": pgettext_lazy("honour recipient", "person"),
    "organization": pgettext_lazy("honour recipient", "organisation"),
    "initiative": pgettext_lazy("honour recipient", "model or exemplar"),
}

COLUMNS = (
    Column(
        gettext_lazy("Code"),
        "id",
        parse=parse_int,
        width=8,
        help=gettext_lazy("Leave empty for a new honour; filled in by an export."),
    ),
    Column(
        gettext_lazy("Kind of honour"),
        "kind",
        required=True,
        width=40,
        example="Kỷ niệm chương “Vì sự nghiệp Dân vận”",
        help=gettext_lazy("The name of the kind, as written in danvan."),
    ),
    Column(
        gettext_lazy("Recipient is"),
        "recipient_kind",
        required=True,
        parse=parse_choice(RECIPIENT_KINDS),
        choices=tuple(str(label) for label in RECIPIENT_KINDS.values()),
        example="cá nhân",
        width=16,
    ),
    Column(
        gettext_lazy("Recipient"), "recipient", required=True, width=40, example="Hoàng Văn Mới"
    ),
    Column(gettext_lazy("Year of birth"), "birth_year", parse=parse_int, width=10, example=1962),
    Column(
        gettext_lazy("Place"),
        "place",
        parse=parse_text,
        width=40,
        example="xã Tân Sơn, huyện Lục Ngạn, tỉnh Bắc Giang",
        help=gettext_lazy("Where the person lives or works; needed to add a new person."),
    ),
    Column(
        gettext_lazy("Decided on"),
        "decided_on",
        required=True,
        parse=parse_date,
        example="05/10/2018",
    ),
    Column(gettext_lazy("Number of the decision"), "decision_number", parse=parse_text, width=18),
    Column(gettext_lazy("Signed by"), "signer", parse=parse_text, width=24),
    Column(gettext_lazy("Note"), "note", parse=parse_text, width=30),
)
# Written by an export only (an import ignores them).
EXTRA_COLUMNS = (
    Column(gettext_lazy("Ethnic group"), "ethnicity", width=14),
    Column(gettext_lazy("Gender"), "gender", width=10),
    Column(gettext_lazy("Ceremony"), "ceremony", width=30),
    Column(gettext_lazy("Recorded"), "source", width=20),
)
EXPORT_COLUMNS = COLUMNS + EXTRA_COLUMNS


def honour_row(honour) -> dict:
    person = honour.person
    kind = "person" if person else ("organization" if honour.organization_id else "initiative")
    return {
        "id": honour.pk,
        "kind": honour.kind.name,
        "recipient_kind": str(RECIPIENT_KINDS[kind]),
        "recipient": honour.recipient_name,
        "birth_year": person.birth_year if person else None,
        "place": honour.place.full_name if honour.place_id else "",
        "decided_on": honour.decided_on,
        "decision_number": honour.decision_number,
        "signer": honour.signer,
        "note": honour.note,
        "ethnicity": person.ethnicity if person else "",
        "gender": person.get_gender_display() if person and person.gender else "",
        "ceremony": honour.ceremony.name if honour.ceremony_id else "",
        "source": str(honour.get_source_display()),
    }


def _one(found: list, *, field: str, missing: str, several: str):
    if len(found) == 1:
        return found[0]
    raise ValidationError({field: missing if not found else several})


class _Recipients:
    """Finds (or adds) the recipient a row names, among what the officer manages."""

    def __init__(self, user):
        self.user = user
        self.people = people_visible_to(user, roles=MANAGE_ROLES)
        self.organizations = organizations_visible_to(user, roles=MANAGE_ROLES)
        self.initiatives = initiatives_visible_to(user, roles=MANAGE_ROLES)

    def _place(self, text, decided_on):
        from danvan.territory.queries import resolve_place

        if not text:
            return None
        found = resolve_place(text, as_of=decided_on).unit or resolve_place(text).unit
        if found is None:
            raise ValidationError({"place": _("No unit is called “%(text)s”.") % {"text": text}})
        return found

    def find(self, values: dict):
        name = " ".join(str(values["recipient"]).split())
        words = {"name": name}
        kind = values["recipient_kind"]
        if kind == "organization":
            return _one(
                list(self.organizations.filter(name_folded=fold(name))[:2]),
                field="recipient",
                missing=_("No organisation named “%(name)s” in your scope.") % words,
                several=_("Several organisations are named “%(name)s”.") % words,
            )
        if kind == "initiative":
            found = list(self.initiatives.filter(code=name)[:1]) or list(
                self.initiatives.filter(name_folded=fold(name))[:2]
            )
            return _one(
                found,
                field="recipient",
                missing=_("No model named “%(name)s” in your scope.") % words,
                several=_("Several models are named “%(name)s”: write its code.") % words,
            )
        return self._person(name, values)

    def _person(self, name: str, values: dict):
        from danvan.organizations.services import create_person

        place = self._place(values.get("place"), values["decided_on"])
        people = self.people.filter(name_folded=fold(name))
        if values.get("birth_year"):
            people = people.filter(birth_year=values["birth_year"])
        if place is not None:
            people = queries.in_unit(people, place, field="unit")
        found = list(people[:2])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValidationError(
                {
                    "recipient": _(
                        "Several people are called “%(name)s”: write the year of birth and "
                        "the place."
                    )
                    % {"name": name}
                }
            )
        if place is None:
            raise ValidationError(
                {
                    "place": _("“%(name)s” is not in danvan yet: write the place to add them.")
                    % {"name": name}
                }
            )
        return create_person(
            data={"full_name": name, "unit": place, "birth_year": values.get("birth_year")},
            acting_user=self.user,
        )


def row_handler(user):
    from danvan.honors import services

    kinds = queries.honour_kinds_visible_to(user)
    visible = queries.honours_visible_to(user)
    recipients = _Recipients(user)
    file_rows = FileRows()

    def handle(values: dict) -> str:
        kind = _one(
            list(kinds.filter(name__iexact=" ".join(str(values["kind"]).split()))[:2]),
            field="kind",
            missing=_("No kind of honour is called “%(name)s”.") % {"name": values["kind"]},
            several=_("Several kinds are called “%(name)s”.") % {"name": values["kind"]},
        )
        if values.get("id"):
            existing = visible.filter(pk=values["id"]).first()
            if existing is None:
                raise ValidationError({"id": _("No honour with this code in your scope.")})
            recipient = existing.recipient
        else:
            recipient = recipients.find(values)
            fields = {
                f: getattr(recipient, "pk", None)
                for f in ("person", "organization", "initiative")
                if recipient._meta.model_name == f
            }
            existing = visible.filter(
                kind=kind,
                decided_on=values["decided_on"],
                **{f"{k}_id": v for k, v in fields.items()},
            ).first()
        label = f"{values['recipient']} — {kind.name}"
        if existing is None:
            file_rows.claim(
                ("new", kind.pk, recipient._meta.model_name, recipient.pk, values["decided_on"]),
                label,
            )
            honour = services.record_honour(
                kind=kind,
                recipient=recipient,
                decided_on=values["decided_on"],
                decision_number=values.get("decision_number") or "",
                signer=values.get("signer") or "",
                note=values.get("note") or "",
                source="imported",
                acting_user=user,
            )
            file_rows.claim(("id", honour.pk), label)
            return "created"
        file_rows.claim(("id", existing.pk), label)
        before = existing.version
        updated = services.update_honour(
            honour=existing,
            data={k: values.get(k) or "" for k in ("decision_number", "signer", "note")},
            version=existing.version,
            acting_user=user,
        )
        return "unchanged" if updated.version == before else "updated"

    handle.file_rows = file_rows
    return handle
