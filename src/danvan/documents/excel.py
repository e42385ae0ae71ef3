"""The Excel round trip of documents. A row is matched to what exists by the "Mã" column when
filled, else by the document's identity — issuer, number (as normalised) and year or, without a
number, issuer, date and title — so that importing the same file twice adds nothing.

A row matched by its identity never changes the document's kind: a different "Loại" is an
error asking for the code, since only a row carrying the code may change it. Two rows of one
file that are the same document are an error on the later row naming the earlier one
("Trùng với dòng 12: …", ``core.spreadsheets.FileRows``), never an overwrite."""

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
from danvan.documents import queries, services
from danvan.documents.enums import DocumentKind
from danvan.documents.models import number_key
from danvan.organizations.queries import organizations_editable_by

SHEET = gettext_lazy("Documents")

COLUMNS = [
    Column(
        gettext_lazy("Code"),
        "id",
        parse=parse_int,
        width=8,
        help=gettext_lazy("Leave empty for a new document; filled in by an export."),
    ),
    Column(
        gettext_lazy("Kind"),
        "kind",
        parse=parse_choice(dict(DocumentKind.choices)),
        choices=tuple(label for _value, label in DocumentKind.choices),
        example="kế hoạch",
        help=gettext_lazy("Empty: told from the number (KH, HD, NQ…)."),
    ),
    Column(gettext_lazy("Number and symbol"), "number", parse=parse_text, example="54-KH/HU"),
    Column(
        gettext_lazy("Issued on"),
        "issued_on",
        required=True,
        parse=parse_date,
        example="10/09/2021",
    ),
    Column(
        gettext_lazy("Issued by"),
        "issuer",
        required=True,
        width=40,
        example="Huyện ủy Lâm Bình",
        help=gettext_lazy("The name of the issuing organisation, as written in danvan."),
    ),
    Column(
        gettext_lazy("Title"),
        "title",
        required=True,
        width=60,
        example="Kế hoạch thực hiện phong trào thi đua “Dân vận khéo”",
    ),
    Column(gettext_lazy("Summary"), "summary", parse=parse_text, width=60),
]


def row_handler(user):
    issuers = organizations_editable_by(user, roles=EDIT_ROLES)
    visible = queries.documents_visible_to(user)
    file_rows = FileRows()

    def handle(values: dict) -> str:
        matches = list(issuers.filter(name_folded=fold(str(values["issuer"])))[:2])
        if len(matches) != 1:
            message = (
                _("No organisation named “%(name)s” in your scope.")
                if not matches
                else _("Several organisations are named “%(name)s”: use its code.")
            )
            raise ValidationError({"issuer": message % {"name": values["issuer"]}})
        data = {**values, "issuer": matches[0], "kind": values.get("kind") or ""}
        if values.get("id"):
            existing = visible.filter(pk=values["id"]).first()
            if existing is None:
                raise ValidationError({"id": _("No document with this code in your scope.")})
        elif key := number_key(services.normalize_number(values.get("number"))):
            existing = visible.filter(
                issuer=matches[0], number_key=key, issued_on__year=values["issued_on"].year
            ).first()
        else:
            existing = visible.filter(
                issuer=matches[0],
                issued_on=values["issued_on"],
                number="",
                title__iexact=" ".join(str(values["title"]).split()),
            ).first()
        if existing is not None and not values.get("id"):
            _check_same_kind(existing, data["kind"])
        number = " ".join(str(values.get("number") or "").split())
        label = f"{number or '“' + str(values['title']) + '”'} ({matches[0].name})"
        if existing is None:
            created = services.create_document(data=data, acting_user=user)
            file_rows.claim(("id", created.pk), label)
            return "created"
        file_rows.claim(("id", existing.pk), label)
        before = existing.version
        updated = services.update_document(
            document=existing, data=data, version=existing.version, acting_user=user
        )
        return "unchanged" if updated.version == before else "updated"

    handle.file_rows = file_rows
    return handle


def _check_same_kind(existing, kind: str) -> None:
    """A row matched by number or title may not change the document's kind (an empty "Loại"
    keeps it: it would be told from the same number)."""
    if kind and kind != existing.kind:
        raise ValidationError(
            {
                "kind": _(
                    "This document exists as “%(kind)s”: to change its kind, fill in its code "
                    "(%(code)s)."
                )
                % {"kind": existing.get_kind_display(), "code": existing.pk}
            }
        )


def export_rows(documents):
    for document in documents.select_related("issuer"):
        yield {
            "id": document.pk,
            "kind": str(document.get_kind_display()),
            "number": document.number,
            "issued_on": document.issued_on,
            "issuer": document.issuer.name,
            "title": document.title,
            "summary": document.summary,
        }
