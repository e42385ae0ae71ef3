"""The Excel round trip of models and exemplars: columns, how a row becomes a record, export rows.

The sheet name "Mô hình", the headers and the words of the columns Loại, Chủ thể and Trạng thái
are literal Vietnamese, not translated strings: the exchange format is fixed by the issue (5,
item 8) and must read the same whatever language the officer's interface is in. The
explanations on the instructions sheet are translated like the rest of the interface. On import,
the English labels and the codes of the choices are accepted too.

Rows are matched to what exists so that importing the same file twice adds nothing: by "Mã"
when it is filled (the code an export writes), else by the record's identity among the
initiatives the user sees — the folded name, the year, the place, the kind and the subject
(``excel_lookups.identity_key``): a collective model and an individual exemplar of the same name,
year and place are two records. So an import never changes the kind or subject of a record it
matched by name; only a row carrying the record's code may (an empty "Loại" or "Chủ thể" then
keeps the record's own). Two rows of one file that are the same record — the same code, the
same identity, or a row without a code naming a record another row changed or created — are an
error on the later row naming the earlier one ("Trùng với dòng 12: …"), never an overwrite
(``core.spreadsheets.FileRows``); the preview (a dry run) says the same.

An empty "Trạng thái" registers a new record and leaves an existing one's status alone;
otherwise the status is reached by walking the allowed transitions (``services.transition`` for
an existing record; for a new one the same steps, each checked by
``services.check_transition``, written in bulk), never by assignment. The place is resolved as
of 1 January of the registration year; a unit that only came into being later that year (a
commune of the map of 1 July 2025) is accepted too. ``user=None`` is a system import (the
command line without ``--user``): everything is in scope, the audit log records no actor.
"""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import registry
from danvan.core.folding import fold
from danvan.core.permissions import allowed
from danvan.core.spreadsheets import (
    Column,
    FileRows,
    parse_bool,
    parse_date,
    parse_int,
    parse_text,
)
from danvan.initiatives import bulk, queries, services
from danvan.initiatives.enums import Kind, Status, Subject
from danvan.initiatives.excel_lookups import (
    RowLookups,
    identity_key,
    place_label,
)
from danvan.initiatives.models import Initiative, Quantity, QuantityType
from danvan.organizations.models import Organization, Person
from danvan.organizations.queries import organizations_visible_to, people_visible_to
from danvan.territory.enums import Level
from danvan.territory.queries import ancestors_of_many

SHEET = "Mô hình"
EXPORT_TARGET = "initiatives.initiative"
KIND_WORDS = {Kind.MODEL: "Mô hình", Kind.EXEMPLAR: "Điển hình"}
SUBJECT_WORDS = {Subject.COLLECTIVE: "Tập thể", Subject.INDIVIDUAL: "Cá nhân"}
STATUS_WORDS = {
    Status.DRAFT: "Bản nháp",
    Status.REGISTERED: "Đã đăng ký",
    Status.ACTIVE: "Đang thực hiện",
    Status.SUSPENDED: "Củng cố",
    Status.ENDED: "Đã kết thúc",
    Status.WITHDRAWN: "Rút đăng ký",
}
# Other ways officers write a status (folded).
STATUS_SYNONYMS = {
    "nhap": Status.DRAFT,
    "dang ky": Status.REGISTERED,
    "dang cung co": Status.SUSPENDED,
    "ket thuc": Status.ENDED,
    "da rut": Status.WITHDRAWN,
    "da rut dang ky": Status.WITHDRAWN,
}
MARK = "x"  # the flags: "x" or empty


# A new owner organisation's kind, from how its name starts (folded, longest first).
def _words(words: dict[str, str], choices, synonyms=None) -> Callable[[object], str]:
    """A parser accepting the literal Vietnamese word, a synonym, the code, or the label in the
    active language or in English (case and diacritics ignored)."""
    fixed = {fold(word): key for key, word in words.items()} | {fold(k): k for k in words}
    fixed |= synonyms or {}

    def parse(value) -> str:
        folded = fold(str(value))
        if folded in fixed:
            return fixed[folded]
        for language in (translation.get_language(), "en"):
            with translation.override(language):
                labels = {fold(str(label)): key for key, label in choices}
            if folded in labels:
                return labels[folded]
        raise ValueError(
            _("“%(value)s” is not one of the accepted values: %(choices)s.")
            % {"value": value, "choices": ", ".join(words.values())}
        )

    return parse


COLUMNS = [
    Column(
        "Mã",
        "code",
        parse=parse_text,
        width=16,
        help=gettext_lazy("Leave empty for a new model or exemplar; filled in by an export."),
    ),
    Column("Tên mô hình", "name", required=True, parse=parse_text, width=50,
           example="Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp"),
    Column("Loại", "kind", parse=_words(KIND_WORDS, Kind.choices), example="Mô hình",
           choices=tuple(KIND_WORDS.values()),
           help=gettext_lazy("Mô hình or Điển hình; empty: Mô hình.")),
    Column("Chủ thể", "subject", parse=_words(SUBJECT_WORDS, Subject.choices), example="Tập thể",
           choices=tuple(SUBJECT_WORDS.values()),
           help=gettext_lazy("Tập thể or Cá nhân; empty: Tập thể.")),
    Column("Đơn vị thực hiện", "owner_organization", parse=parse_text, width=40,
           example="Chi bộ Văn phòng Huyện ủy Ba Bể",
           help=gettext_lazy("The organisation carrying it out, as written in danvan.")),
    Column("Người thực hiện", "owner_person", parse=parse_text, width=30,
           help=gettext_lazy("The person carrying it out; required for Cá nhân.")),
    Column("Lĩnh vực", "fields", parse=parse_text, width=30, example="Kinh tế; Văn hóa - xã hội",
           help=gettext_lazy("One or more fields of work, separated by “;”.")),
    Column("Địa bàn", "place", required=True, parse=parse_text, width=45,
           example="xã Phúc Lộc, huyện Ba Bể, tỉnh Bắc Kạn",
           help=gettext_lazy("The commune as it was in the year registered.")),
    Column("Thôn/bản/tổ dân phố", "hamlet", parse=parse_text, width=22, example="thôn Khuổi Tẩu"),
    Column("Năm đăng ký", "year", required=True, parse=parse_int, width=12, example="2022"),
    Column("Ngày bắt đầu", "start_date", parse=parse_date, width=14, example="15/03/2022"),
    Column("Vùng đồng bào DTTS", "ethnic_minority_area", parse=parse_bool, width=12, example=MARK,
           choices=(MARK,),
           help=gettext_lazy("“x” if so, else empty.")),
    Column("Vùng tôn giáo", "religious_area", parse=parse_bool, width=12,
           choices=(MARK,),
           help=gettext_lazy("“x” if so, else empty.")),
    Column("Vùng biên giới", "border_area", parse=parse_bool, width=12,
           choices=(MARK,),
           help=gettext_lazy("“x” if so, else empty.")),
    Column("Trạng thái", "status", parse=_words(STATUS_WORDS, Status.choices, STATUS_SYNONYMS),
           width=16, example=STATUS_WORDS[Status.ACTIVE], choices=tuple(STATUS_WORDS.values()),
           help=", ".join(STATUS_WORDS.values())),
    Column("Nội dung, cách làm", "content", parse=parse_text, width=60),
    Column("Kết quả", "results_text", parse=parse_text, width=60),
    Column("Nhân rộng từ (mã)", "replicated_from", parse=parse_text, width=16,
           help=gettext_lazy("The code of the model this one replicates.")),
]  # fmt: skip
FK_KEYS = ("owner_organization", "owner_person", "place", "hamlet", "replicated_from")
CHUNK = 500  # rows looked up together and registered together
MAX_ROWS = 200_000  # the filled rows one import reads (and the bounds of its cells follow)


class RowHandler(RowLookups):
    """``handle_rows`` for ``run_batched_import``; one per import, as it remembers what it has
    looked up (places, fields, organisations, the records rows point to).

    New records are checked row by row (``bulk.new_initiative``) and registered in bulk at the
    end of each chunk of ``CHUNK`` rows (``bulk.register_initiatives_in_bulk``); changes to
    existing records go row by row through ``services.update_initiative`` and ``transition``
    in a savepoint of their own. A row that needs a record not yet written (the same name
    twice, a code handed out earlier in the file) has the pending ones written first."""

    def __init__(self, user=None, *, create_missing: bool = False):
        self.user = user
        self.create_missing = create_missing
        system = user is None
        self.visible = Initiative.objects.all() if system else queries.initiatives_visible_to(user)
        self.organizations = (
            Organization.objects.all() if system else organizations_visible_to(user)
        )
        self.people = Person.objects.all() if system else people_visible_to(user)
        self.reason = _("Set by an import from Excel.")
        self.note = _("Registered by an import from Excel.")
        self._places: dict = {}
        self._place_hamlets: dict = {}  # place text → a hamlet written in it, unknown to the map
        self._dates: tuple | None = None
        self._hamlets: dict = {}
        self._fields: dict = {}
        self._org_index: dict | None = None
        self._orgs: dict = {}
        self._undo: list[Callable[[], object]] = []
        self._pending: list[tuple[bulk.NewInitiative, int]] = []  # (new record, its row)
        self.file_rows = FileRows()
        self._init_lookups()

    def handle_rows(self, rows):
        """Yield ``(row number, outcome or ValidationError)`` for each row, in order."""
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            self._next_chunk()
            self._preload(chunk)
            for number, values in chunk:
                self.file_rows.row = number
                yield number, self._row(values)
            self._flush()

    def _row(self, values: dict):
        codes = [str(values[key]).strip() for key in ("code", "replicated_from") if values[key]]
        if self._pending and any(self._codes.get(code, 0) is None for code in codes):
            self._flush()  # the code may be one of those about to be handed out
        self._undo, self._savepoint = [], None
        try:
            outcome = self._handle(values)
        except ValidationError as error:
            if self._savepoint is not None:
                transaction.savepoint_rollback(self._savepoint)
            for undo in self._undo:  # forget what the row added (a hamlet, an owner)
                undo()
            return error
        finally:
            savepoint, self._savepoint = self._savepoint, None
        if savepoint is not None:
            transaction.savepoint_commit(savepoint)
        return outcome

    def _flush(self) -> None:
        """Register the pending new records."""
        if not self._pending:
            return
        if self._savepoint is not None:  # a failing row would take them with it
            raise RuntimeError("Pending records are written between rows, not within one.")
        pending, self._pending = self._pending, []
        created = bulk.register_initiatives_in_bulk(
            rows=[row for row, _number in pending], acting_user=self.user
        )
        for (row, number), initiative in zip(pending, created, strict=True):
            self._remember(initiative, fields=row.fields)
            self.file_rows.claim(("id", initiative.pk), "", row=number)

    def _handle(self, values: dict) -> str:
        errors: dict[str, list[str]] = {}

        def attempt(key, function, *args):
            try:
                return function(*args)
            except ValidationError as error:
                messages = error.message_dict if hasattr(error, "error_dict") else {key: error}
                for name, texts in messages.items():
                    errors.setdefault(name, []).extend(ValidationError(texts).messages)
                return None

        year = values["year"]
        existing = attempt("code", self._by_code, values.get("code"))
        place = hamlet = None
        if existing is not None and self._same_place(existing, values["place"]):
            place = existing.place
        elif 1900 <= year <= 2100:
            place = attempt("place", self._place, values["place"], year)
        else:
            errors["year"] = [_("Enter the year it was registered, between 2009 and %(year)s.")
                              % {"year": timezone.localdate().year + 1}]  # fmt: skip
        if place is not None and place.level == Level.HAMLET:
            place, hamlet = place.parent, place
        name = " ".join(str(values["name"]).split())
        # An empty "Loại" or "Chủ thể" keeps what a record named by its code has.
        kind = values.get("kind") or getattr(existing, "kind", None) or Kind.MODEL
        subject = values.get("subject") or getattr(existing, "subject", None) or Subject.COLLECTIVE
        key = None
        if place is not None and existing is None and not values.get("code"):
            key = identity_key(name, year, place.pk, kind, subject)
            existing = self._by_name(key)
        label = _describe(name, year, values["place"], kind, subject)
        if existing is not None:
            attempt(NON_FIELD_ERRORS, self.file_rows.claim, ("id", existing.pk),
                    f"{existing.code} {label}")  # fmt: skip
        elif key is not None:
            attempt(NON_FIELD_ERRORS, self.file_rows.claim, ("new", key), label)
        owner = person = None
        if place is not None:
            hamlet_text = values.get("hamlet") or self._place_hamlets.get(values["place"])
            if hamlet_text:
                hamlet = attempt("hamlet", self._hamlet, hamlet_text, place)
            if values.get("owner_organization"):
                owner = attempt("owner_organization", self._organization,
                                values["owner_organization"], place, existing)  # fmt: skip
            if values.get("owner_person"):
                person = attempt("owner_person", self._person, values["owner_person"], place,
                                 subject, existing)  # fmt: skip
        fields = attempt("fields", self._field_list, values.get("fields"))
        source = attempt("replicated_from", self._by_code, values.get("replicated_from"))
        if errors:  # in the order of the columns
            raise ValidationError({**{c.key: [] for c in COLUMNS if c.key in errors}, **errors})
        data = {
            "name": name,
            "kind": kind,
            "subject": subject,
            "owner_organization": owner,
            "owner_person": person,
            "place": place,
            "hamlet": hamlet,
            "year": year,
            "start_date": values.get("start_date"),
            "ethnic_minority_area": bool(values.get("ethnic_minority_area")),
            "religious_area": bool(values.get("religious_area")),
            "border_area": bool(values.get("border_area")),
            "content": values.get("content") or "",
            "results_text": values.get("results_text") or "",
            "replicated_from": source,
        }
        self._check_scope(existing, place, owner)
        return self._save(existing, data, fields or [], values.get("status"))

    # ---- writing -------------------------------------------------------------------------

    def _save(self, existing, data, fields, target) -> str:
        if existing is None:
            new = bulk.new_initiative(data=data, fields=fields, status=target or Status.REGISTERED,
                                      reason=self.reason, note=self.note,
                                      acting_user=self.user)  # fmt: skip
            self._pending.append((new, self.file_rows.row))
            return "created"
        changed = self._differs(existing, data, fields)
        steps = []
        if target and target != existing.status:
            steps = bulk.status_path(existing.status, target)
            if steps is None:
                raise ValidationError(
                    {
                        "status": _(
                            "A model or exemplar that is %(current)s cannot become %(target)s."
                        )
                        % {"current": STATUS_WORDS[existing.status], "target": STATUS_WORDS[target]}
                    }
                )
        if not changed and not steps:
            return "unchanged"
        self._writing()
        before, fields_before = existing, self._field_ids[existing.pk]
        self._undo.append(lambda: self._remember_again(before, fields_before))
        if changed:
            existing = services.update_initiative(initiative=existing, data=data,
                                                  version=existing.version, fields=fields,
                                                  acting_user=self.user)  # fmt: skip
        for step in steps:
            reason = self.reason if step in services.REASON_NEEDED else ""
            existing = services.transition(
                initiative=existing, to_status=step, reason=reason, acting_user=self.user
            )
        self._forget_names(before, existing)
        self._remember(existing, fields=fields)
        return "updated"

    def _remember_again(self, initiative, field_ids) -> None:
        self._forget_names(initiative)
        self._remember(initiative)
        self._field_ids[initiative.pk] = field_ids

    def _differs(self, existing: Initiative, data: dict, fields) -> bool:
        for key, value in data.items():
            if key in FK_KEYS:
                if getattr(existing, f"{key}_id") != (value.pk if value is not None else None):
                    return True
            elif getattr(existing, key) != value:
                return True
        return self._field_ids[existing.pk] != {field.pk for field in fields}

    def _check_scope(self, existing, place, owner) -> None:
        """A row matching a record the user may not change is refused before anything is
        compared; what it chose is checked by the services (``bulk.new_initiative``,
        ``services.update_initiative``)."""
        if existing is not None and not allowed(
            self.user, "initiatives.change_initiative", existing
        ):
            raise ValidationError({"code": _("You may not change this model or exemplar.")})

    # ---- looking up ----------------------------------------------------------------------


def _describe(name, year, place, kind, subject) -> str:
    """A row's record as the officer wrote it: “name” (kind, subject, year, place)."""
    return f"“{name}” ({KIND_WORDS[kind]}, {SUBJECT_WORDS[subject]}, {year}, {place})"


# ---- export -----------------------------------------------------------------------------------


def export_columns() -> list[Column]:
    """The columns of an export: those of the import, then the measured results (one column
    per kind of result) and what other apps add (recognitions); an import ignores the extra
    columns, so an export still imports unchanged."""
    measured = [
        Column(f"{kind.name} ({kind.unit})", f"quantity:{kind.code}", width=16)
        for kind in QuantityType.objects.order_by("order", "name")
    ]
    added = [c for item in registry.export_columns_for(EXPORT_TARGET) for c in item.columns]
    return [*COLUMNS, *measured, *added]


def export_rows(initiatives):
    """One mapping per initiative, every column filled so that the file imports unchanged."""
    initiatives = initiatives.select_related(
        "place", "hamlet", "owner_organization", "owner_person", "replicated_from"
    ).prefetch_related("fields")
    chains: dict = {}
    batch: list = []
    for initiative in initiatives.iterator(chunk_size=2000):
        batch.append(initiative)
        if len(batch) == 2000:
            yield from _export_batch(batch, chains)
            batch = []
    yield from _export_batch(batch, chains)


def _measured(ids) -> dict[int, dict[str, Decimal]]:
    """Per initiative, its measured results (the sums of its quantities) by column key."""
    totals: dict[int, dict[str, Decimal]] = {}
    sums = (
        Quantity.objects.filter(initiative_id__in=ids)
        .values("initiative_id", "type__code")
        .annotate(total=Sum("value"))
    )
    for item in sums:
        totals.setdefault(item["initiative_id"], {})[f"quantity:{item['type__code']}"] = item[
            "total"
        ]
    return totals


def _export_batch(batch, chains):
    places = [i.place for i in batch if i.place_id is not None and i.place_id not in chains]
    chains.update(ancestors_of_many(places))
    ids = [initiative.pk for initiative in batch]
    extra = _measured(ids)
    for item in registry.export_columns_for(EXPORT_TARGET):
        for pk, values in item.values(ids).items():
            extra.setdefault(pk, {}).update(values)
    for initiative in batch:
        place = initiative.place
        yield {
            "code": initiative.code,
            "name": initiative.name,
            "kind": KIND_WORDS[initiative.kind],
            "subject": SUBJECT_WORDS[initiative.subject],
            "owner_organization": getattr(initiative.owner_organization, "name", ""),
            "owner_person": getattr(initiative.owner_person, "full_name", ""),
            "fields": "; ".join(field.name for field in initiative.fields.all()),
            "place": place_label(place, chains[place.pk]) if place is not None else "",
            "hamlet": initiative.hamlet.inline_name if initiative.hamlet else "",
            "year": str(initiative.year),  # not 2.022: a number cell gets thousands
            "start_date": initiative.start_date,
            "ethnic_minority_area": MARK if initiative.ethnic_minority_area else "",
            "religious_area": MARK if initiative.religious_area else "",
            "border_area": MARK if initiative.border_area else "",
            "status": STATUS_WORDS[initiative.status],
            "content": initiative.content,
            "results_text": initiative.results_text,
            "replicated_from": getattr(initiative.replicated_from, "code", ""),
            **extra.get(initiative.pk, {}),
        }
