"""Looking up what an Excel row names — places, hamlets, organisations, people, fields of
work, initiatives — within the importing user's scope (a base of ``excel.RowHandler``)."""

import difflib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date
from unicodedata import normalize

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danvan.core.folding import fold
from danvan.core.permissions import allowed
from danvan.initiatives import queries
from danvan.initiatives.enums import Subject
from danvan.initiatives.models import Field, Initiative
from danvan.organizations import services as organization_services
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.models import Organization, Person
from danvan.territory import services as territory_services
from danvan.territory.enums import Level, UnitType
from danvan.territory.models import AdministrativeUnit
from danvan.territory.parsing import PREFIXES, parse_place
from danvan.territory.queries import (
    ancestors_of_many,
    resolve_place,
    resolve_places,
    scope_units,
)

ORGANIZATION_PREFIXES = [
    ("ban tuyen giao va dan van", OrganizationKind.DAN_VAN),
    ("ban dan van", OrganizationKind.DAN_VAN),
    ("ban chi dao", OrganizationKind.STEERING),
    ("chi bo", OrganizationKind.PARTY_CELL),
    *[(p, OrganizationKind.PARTY_COMMITTEE) for p in ("dang uy", "dang bo", "huyen uy")],
    *[(p, OrganizationKind.PARTY_COMMITTEE) for p in ("tinh uy", "thanh uy", "thi uy", "quan uy")],
    *[(p, OrganizationKind.FATHERLAND_FRONT) for p in ("uy ban mttq", "mttq", "mat tran")],
    *[(p, OrganizationKind.GOVERNMENT) for p in ("ubnd", "uy ban nhan dan", "phong ", "so ")],
    *[(p, OrganizationKind.MASS_ORGANIZATION) for p in ("hoi ", "doan ", "cong doan")],
    *[(p, OrganizationKind.ARMED_FORCES) for p in ("cong an", "ban chi huy quan su", "don bien")],
    *[(p, OrganizationKind.ENTERPRISE) for p in ("cong ty", "hop tac xa", "htx ")],
]


# What a row's record is read with: the look-ups and the scope check follow these.
RELATED = ("place", "owner_organization", "owner_person")


def place_label(unit, chain) -> str:
    """'xã Ngọc Lập, huyện Yên Lập, tỉnh Phú Thọ': what ``resolve_place`` reads back."""
    return ", ".join([unit.inline_name, *[a.inline_name for a in reversed(chain)]])


def organization_kind(name: str) -> str:
    folded = fold(name) + " "
    return next((k for p, k in ORGANIZATION_PREFIXES if folded.startswith(p)), "other")


def _hint(names) -> str:
    return " " + _("Did you mean: %(hint)s?") % {"hint": "; ".join(names)} if names else ""


def identity_key(name: str, year: int, place_id: int, kind: str, subject: str) -> tuple:
    """What makes a row without a code the same record as another: the folded name, the year,
    the place, the kind and the subject. A collective model and an individual exemplar of the
    same name, year and place are two records."""
    return (fold(" ".join(str(name).split()))[:500], year, place_id, kind, subject)


def record_key(initiative) -> tuple:
    """``identity_key`` of a record as stored."""
    return (
        initiative.name_folded,
        initiative.year,
        initiative.place_id,
        initiative.kind,
        initiative.subject,
    )


def _within(place, path, today_path) -> bool:
    """Whether an organisation's or person's unit (``path``) contains the row's place."""
    if path is None:
        return True
    return place.path.startswith(path) or bool(place.today_path.startswith(path))


class RowLookups:
    """What a file's rows name, looked up once per file: the rows of a chunk are ``_preload``ed
    in a few queries (the records their codes and names point to, with their fields of work,
    and the people they name); places, hamlets, organisations and fields are remembered once
    resolved. ``_records`` holds the latest state of the records of the chunk, by id; the
    codes and names of all those seen map to their ids."""

    def _init_lookups(self) -> None:
        self._records: dict[int, Initiative] = {}
        self._codes: dict[str, int | None] = {}  # None: no such code in scope
        # identity_key(...) → lowest id: (folded name, year, place id, kind, subject)
        self._by_key: dict[tuple, int] = {}
        self._loaded: set[tuple[str, int]] = set()  # (folded name, year) looked up
        self._field_ids: dict[int, set[int]] = {}
        self._unfetched: set[int] = set()  # records whose fields are not in _field_ids yet
        self._people_index: dict[str, list] = {}
        self._labels: dict[int, str] = {}
        self._place_keys: dict[tuple, tuple] = {}
        self._before: int | None = None  # the last id before the import
        self._field_lists: dict[str, list[Field]] = {}
        self._savepoint = None

    def _preload(self, chunk) -> None:
        codes = {code for _n, v in chunk for k in ("code", "replicated_from")
                 if v.get(k) and (code := str(v[k]).strip()) not in self._codes}  # fmt: skip
        if codes:
            found = self.visible.filter(code__in=codes).select_related(*RELATED)
            for initiative in found:
                self._remember(initiative)
            for code in codes:
                self._codes.setdefault(code, None)
        wanted = {(fold(" ".join(str(v["name"]).split()))[:500], v["year"])
                  for _n, v in chunk if not v.get("code")} - self._loaded  # fmt: skip
        if wanted:
            self._load_names(wanted)
        people = {fold(v["owner_person"]) for _n, v in chunk if v.get("owner_person")}
        people = {key for key in people if key not in self._people_index}
        if people:
            for key in people:
                self._people_index[key] = []
            for person in self.people.filter(name_folded__in=people).select_related("unit"):
                self._people_index[person.name_folded].append(person)
        self._preload_places(chunk)
        self._load_fields()

    def _load_names(self, wanted) -> None:
        """Read the records named in ``wanted`` that existed before the import: those it wrote
        are in ``_by_key`` already. Without that bound PostgreSQL, whose statistics do not
        know the rows this import added, plans each chunk's look-up as a scan of the table."""
        if self._before is None:
            self._before = Initiative.objects.aggregate(last=Max("pk"))["last"] or 0
        if self._before:
            # By name alone: with the years too, SQLite walks the index of the years instead,
            # and each chunk would read every record of those years.
            found = self.visible.filter(
                name_folded__in={name for name, _year in wanted}, pk__lte=self._before
            )
            for initiative in found.select_related(*RELATED).order_by("pk"):
                self._remember(initiative)
        self._loaded |= wanted

    def _load_fields(self) -> None:
        missing, self._unfetched = self._unfetched, set()
        for pk in missing:
            self._field_ids[pk] = set()
        links = Initiative.fields.through.objects.filter(initiative_id__in=missing)
        for initiative_id, field_id in links.values_list("initiative_id", "field_id"):
            self._field_ids[initiative_id].add(field_id)

    def _remember(self, initiative, fields=None) -> None:
        """Keep ``initiative`` (just read or written) as the latest state of its record."""
        self._records[initiative.pk] = initiative
        self._codes[initiative.code] = initiative.pk
        self._by_key.setdefault(record_key(initiative), initiative.pk)
        if fields is not None:
            self._field_ids[initiative.pk] = {field.pk for field in fields}
        elif initiative.pk not in self._field_ids:
            self._unfetched.add(initiative.pk)

    def _forget_names(self, *initiatives) -> None:
        """After a record is renamed or moved: look its old and new names up again."""
        for initiative in initiatives:
            self._by_key.pop(record_key(initiative), None)
            self._loaded.discard((initiative.name_folded, initiative.year))

    def _writing(self) -> None:
        """Called before a row writes (an update, a missing organisation…): a savepoint, so
        that the row's writes are undone if it fails."""
        if self._savepoint is None:
            self._savepoint = transaction.savepoint()

    def _by_code(self, code):
        if not code:
            return None
        code = str(code).strip()
        if code not in self._codes:
            self._preload([(0, {"code": code})])
        found = self._record(self._codes[code])
        if found is None:
            raise ValidationError(
                _("No model or exemplar with the code “%(code)s” in your scope.") % {"code": code}
            )
        return found

    def _by_name(self, key: tuple):
        """The record this row (without a code) is, if any: the one of the same
        ``identity_key`` — name, year, place, kind and subject."""
        folded, year = key[0], key[1]
        if (folded, year) not in self._loaded:
            self._load_names({(folded, year)})
            self._load_fields()
        return self._record(self._by_key.get(key))

    def _record(self, pk):
        """The record ``pk`` as last read or written; read again if an earlier chunk had it."""
        if pk is not None and pk not in self._records:
            found = self.visible.select_related(*RELATED).filter(pk=pk).first()
            if found is None:
                return None
            self._remember(found)
            self._load_fields()
        return self._records.get(pk)

    def _next_chunk(self) -> None:
        """Keep the ids of what was seen, not the records: 100,000 of them would stay in
        memory (and in every garbage collection) for nothing."""
        self._records.clear()
        self._field_ids.clear()
        self._unfetched.clear()

    def _same_place(self, existing, text) -> bool:
        if existing.place_id is None:  # a draft not placed yet: the row's place is resolved
            return False
        if existing.place_id not in self._labels:
            chain = ancestors_of_many([existing.place])[existing.place.pk]
            self._labels[existing.place_id] = fold(place_label(existing.place, chain))
        return self._labels[existing.place_id] == fold(text)

    def _period(self, day: date) -> tuple[int, int]:
        """Which units are valid on ``day`` depends only on where it falls among the dates
        units begin and end: the years 2019–2024 of the old map are one period, not six."""
        if self._dates is None:
            bounds = AdministrativeUnit.objects.values_list("valid_from", "valid_to").distinct()
            starts = sorted({start for start, _end in bounds if start})
            self._dates = (starts, sorted({end for _start, end in bounds if end}))
        return bisect_right(self._dates[0], day), bisect_left(self._dates[1], day)

    def _place_key(self, text, year):
        if (text, year) not in self._place_keys:
            periods = (self._period(date(year, 1, 1)), self._period(date(year, 12, 31)))
            self._place_keys[text, year] = (fold(text), periods)
        return self._place_keys[text, year]

    def _place(self, text, year):
        key = self._place_key(text, year)
        if key not in self._places:
            found = resolve_place(text, date(year, 1, 1), context=self._context())
            self._places[key] = self._settle(text, year, found)
        unit, message = self._places[key]
        if unit is None:
            raise ValidationError(message)
        return unit

    def _preload_places(self, chunk) -> None:
        """Resolve the places of a chunk's rows that are not known yet, by year, together."""
        by_year = defaultdict(dict)
        for _number, values in chunk:
            text, year = values.get("place"), values.get("year")
            if text and year and 1900 <= year <= 2100:
                key = self._place_key(text, year)
                if key not in self._places:
                    by_year[year][key] = text
        for year, texts in by_year.items():
            found = resolve_places(
                texts.values(), date(year, 1, 1), suggest=False, context=self._context()
            )
            for key, text in texts.items():
                if key not in self._places:
                    self._places[key] = self._settle(text, year, found[text])

    def _context(self) -> list:
        """The importing user's units: a name several units share is read inside them."""
        return scope_units(self.user)

    def _settle(self, text, year, found):
        """``(unit, "")`` or ``(None, message)`` from the resolution as of 1 January."""
        if found.unit is None and found.reason == "not_found":
            later = resolve_place(text, as_of=date(year, 12, 31), context=self._context())
            if later.unit is None and not found.candidates:
                found = resolve_place(text, as_of=date(year, 1, 1), context=self._context())
            found = later if later.unit is not None else found
        if found.unit is None and found.reason == "ambiguous":
            # "Minh Quán" and "Minh Quân" of one district fold alike: the diacritics decide.
            first = normalize("NFC", " ".join(str(text).split(",")[0].split())).casefold()
            exact = [
                u
                for u in found.candidates
                if first in {u.name.casefold(), u.inline_name.casefold()}
            ]
            found.unit = exact[0] if len(exact) == 1 else None
        if found.unit is not None:
            if found.hamlet:  # "bản Mốc 13, xã Bình Dân, …": the hamlet is read, not dropped
                self._place_hamlets[text] = found.hamlet
            return found.unit, ""
        candidates = found.candidates[:3]
        chains = ancestors_of_many(candidates)
        hint = [place_label(unit, chains[unit.pk]) for unit in candidates]
        if found.reason == "ambiguous":
            return None, _("Several places match “%(text)s”: %(hint)s. Write the district and "
                           "province too.") % {"text": text, "hint": "; ".join(hint)}  # fmt: skip
        return None, _("The place “%(text)s” was not found.") % {"text": text} + _hint(hint)

    def _hamlet(self, text, place):
        part = (parse_place(text) or [None])[0]
        if part is None:
            return None
        key = (place.pk, part.key, part.types)
        if key not in self._hamlets:
            found = place.children.filter(level=Level.HAMLET, name_key=part.key)
            if part.types:
                found = found.filter(unit_type__in=part.types)
            self._hamlets[key] = found.order_by("pk").first()
        if self._hamlets[key] is None:
            if not self.create_missing or not (allowed(self.user, "territory.add_unit", place)):
                names = place.children.filter(level=Level.HAMLET).values_list("name", flat=True)
                return self._fail(_("%(place)s has no hamlet named “%(name)s”.")
                                  % {"place": place.full_name, "name": text}, list(names)[:200],
                                  part.key)  # fmt: skip
            words = str(text).split()
            folded = fold(str(text))
            prefix = next((p for p, _t in PREFIXES if folded.startswith(p + " ")), "")
            name = " ".join(words[len(prefix.split()) :]) if prefix else str(text).strip()
            self._writing()
            try:
                self._hamlets[key] = territory_services.add_unit(
                    parent=place,
                    unit_type=part.types[0] if part.types else UnitType.THON,
                    name=name,
                    valid_to=place.valid_to,  # a hamlet of an old commune ended with it
                    acting_user=self.user,
                )
            except ValidationError as error:
                raise ValidationError(error.messages) from None
            self._undo.append(lambda: self._hamlets.pop(key, None))
        return self._hamlets[key]

    def _fail(self, message, names, key):
        folded = {fold(name).replace(" ", ""): name for name in names}
        close = difflib.get_close_matches(key.replace(" ", ""), list(folded), n=3, cutoff=0.6)
        raise ValidationError(message + _hint([folded[c] for c in close]))

    def _index(self) -> dict:
        if self._org_index is None:
            self._org_index = defaultdict(list)
            rows = self.organizations.values_list(
                "pk", "name", "name_folded", "unit__path", "unit__today_path"
            )
            for pk, name, folded, path, today_path in rows:
                self._org_index[folded].append((pk, name, path, today_path))
        return self._org_index

    def _organization(self, text, place, existing):
        key = fold(text)
        owner = existing.owner_organization if existing is not None else None
        if owner is not None and owner.name_folded == key:
            return owner
        matches = self._index().get(key, [])
        near = [m for m in matches if _within(place, m[2], m[3])]
        matches = near or matches
        if len(matches) == 1:
            if matches[0][0] not in self._orgs:
                self._orgs[matches[0][0]] = Organization.objects.get(pk=matches[0][0])
            return self._orgs[matches[0][0]]
        if matches:
            raise ValidationError(
                _("Several organisations in your scope are named “%(name)s”.") % {"name": text}
            )
        message = _("No organisation named “%(name)s” in your scope.") % {"name": text}
        candidate = Organization(unit=place)  # what would be created: the service's own rule
        if not self.create_missing or not allowed(
            self.user, "organizations.add_organization", candidate
        ):
            names = {rows[0][1]: None for rows in self._index().values()}
            return self._fail(message, names, key)
        data = {"name": text, "kind": organization_kind(text), "unit": place}
        self._writing()
        try:
            created = organization_services.create_organization(data=data, acting_user=self.user)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        entry = (created.pk, created.name, place.path, "")
        self._index()[created.name_folded].append(entry)
        self._undo.append(lambda: self._index()[created.name_folded].remove(entry))
        return created

    def _person(self, text, place, subject, existing):
        key = fold(text)
        current = existing.owner_person if existing is not None else None
        if current is not None and current.name_folded == key:
            return current
        if key not in self._people_index:
            self._people_index[key] = list(
                self.people.filter(name_folded=key).select_related("unit")[:50]
            )
        matches = self._people_index[key]
        near = [p for p in matches if _within(place, p.unit.path, p.unit.today_path)
                or p.unit.path.startswith(place.path)]  # fmt: skip
        matches = near or matches
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                _("Several people in your scope are named “%(name)s”.") % {"name": text}
            )
        if (
            self.create_missing
            and subject == Subject.INDIVIDUAL
            and allowed(self.user, "organizations.add_person", Person(unit=place))
        ):
            self._writing()
            data = {"full_name": text, "unit": place}
            created = organization_services.create_person(data=data, acting_user=self.user)
            self._people_index[key].append(created)
            self._undo.append(lambda: self._people_index[key].remove(created))
            return created
        province = ".".join(place.path.split(".")[:2]) + "."
        names = self.people.filter(unit__path__startswith=province).values_list("full_name")
        message = _("No person named “%(name)s” in your scope.") % {"name": text}
        return self._fail(message, [name for (name,) in names[:5000]], key)

    def _field_list(self, text) -> list[Field]:
        if not text:
            return []
        if text in self._field_lists:
            return self._field_lists[text]
        found, unknown = [], []
        for piece in filter(None, (p.strip() for p in str(text).replace("\n", ";").split(";"))):
            if fold(piece) not in self._fields:
                self._fields[fold(piece)] = queries.field_by_text(piece)
            field = self._fields[fold(piece)]
            found.append(field) if field else unknown.append(piece)
        if unknown:
            known = Field.objects.filter(active=True).values_list("name", flat=True)
            raise ValidationError(
                _("Unknown field of work: %(fields)s. The fields are: %(known)s.")
                % {"fields": "; ".join(unknown), "known": "; ".join(known)}
            )
        self._field_lists[text] = list(dict.fromkeys(found))
        return self._field_lists[text]
