"""The Excel round trip of activities: one row an activity, the same columns in the template,
the export and the import, so that an exported sheet can be edited and imported again.

What makes a row *the same activity*: its code ("Mã", filled by an export) when given; else its
first day, its place and its name (ignoring case and diacritics) among the activities the
officer may see. Two rows of one file that are the same activity are an error naming both
rows. A row with a code changes that activity; importing the same file twice changes nothing
(the second time every row is "unchanged").

The head-counts are the totals by category of participants (one column a category of the
default catalogue) and are given to the first organiser; when a row's totals are those the
activity has, the activity keeps how they were split between its organisations. The works
are one column a kind of work of the default catalogue. People of the register and the models
served are not in the sheet: an import keeps those an activity has. Places are written in
words ("xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang") and read as of the activity's day; the
other places, organisations and documents are separated by ";"."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.enums import EDIT_ROLES
from danvan.activities import queries, services
from danvan.activities.catalogues import PARTICIPANT_CATEGORIES, WORK_KINDS
from danvan.activities.enums import Role
from danvan.activities.models import (
    Activity,
    ActivityKind,
    ActivityOrganization,
    Campaign,
    Headcount,
    ParticipantCategory,
    WorkKind,
)
from danvan.core.folding import fold
from danvan.core.spreadsheets import Column, FileRows, parse_date, parse_int, parse_text
from danvan.documents.models import Document, number_key
from danvan.documents.queries import documents_visible_to
from danvan.organizations.models import Organization
from danvan.organizations.queries import organizations_editable_by, organizations_visible_to
from danvan.territory.queries import ancestors_of_many, resolve_place

SHEET = gettext_lazy("Activities")
SEPARATOR = ";"
BATCH = 500


def parse_quantity(value) -> Decimal:
    """A number from a cell: 1200, 1.200 (a thousands dot), 3,5 (a decimal comma)."""
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 3):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except ArithmeticError as error:
        raise ValueError(_("Enter a number, for example 1.500.000 or 2,5.")) from error


COLUMNS = [
    Column(
        gettext_lazy("Code"),
        "code",
        parse=parse_text,
        width=18,
        help=gettext_lazy("Leave empty for a new activity; filled in by an export."),
    ),
    Column(
        gettext_lazy("Day"), "start_date", required=True, parse=parse_date, example="13/05/2022"
    ),
    Column(
        gettext_lazy("Last day"),
        "end_date",
        parse=parse_date,
        help=gettext_lazy("Only for an activity of several days."),
    ),
    Column(
        gettext_lazy("Name of the activity"),
        "title",
        required=True,
        parse=parse_text,
        width=50,
        example="Ra quân giúp Nhân dân thôn Tống Pu xây dựng nông thôn mới",
    ),
    Column(
        gettext_lazy("Kind of activity"),
        "kind",
        required=True,
        parse=parse_text,
        width=24,
        example="Lao động cùng Nhân dân",
    ),
    Column(
        gettext_lazy("Campaign"),
        "campaign",
        parse=parse_text,
        width=30,
        help=gettext_lazy("The name of the campaign, as written in danvan; empty if none."),
    ),
    Column(
        gettext_lazy("Place"),
        "place",
        required=True,
        parse=parse_text,
        width=40,
        example="xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang",
        help=gettext_lazy("The commune as it was on the day (the old map before 1/7/2025)."),
    ),
    Column(
        gettext_lazy("Other places"),
        "places",
        parse=parse_text,
        width=40,
        example="thôn Tống Pu, xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang",
        help=gettext_lazy("Hamlets or other units, separated by “;”."),
    ),
    Column(
        gettext_lazy("Organised by"),
        "organisers",
        required=True,
        parse=parse_text,
        width=40,
        example="Sở Nội vụ tỉnh Tuyên Quang",
        help=gettext_lazy("Organisations as written in danvan, separated by “;”."),
    ),
    Column(
        gettext_lazy("Taking part"),
        "participants",
        parse=parse_text,
        width=40,
        help=gettext_lazy("Organisations as written in danvan, separated by “;”."),
    ),
    *(
        Column(name, f"count_{code}", parse=parse_int, width=12)
        for code, name in PARTICIPANT_CATEGORIES
    ),
    Column(gettext_lazy("People reached"), "reached", parse=parse_int, width=12),
    *(
        Column(f"{name} ({unit})", f"work_{code}", parse=parse_quantity, width=14)
        for code, name, unit, _money in WORK_KINDS
    ),
    Column(
        gettext_lazy("Documents it carries out"),
        "documents",
        parse=parse_text,
        width=30,
        example="54-KH/HU; 02-HD/BDVTU",
        help=gettext_lazy("Numbers of documents registered in danvan, separated by “;”."),
    ),
    Column(gettext_lazy("Notes"), "description", parse=parse_text, width=50),
]


def _split(text) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in str(text or "").split(SEPARATOR) if p.strip()))


def place_label(unit, chain) -> str:
    """'xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang': what ``resolve_place`` reads back."""
    return ", ".join([unit.inline_name, *[a.inline_name for a in reversed(chain)]])


# ---- import --------------------------------------------------------------------------------


class Lookups:
    """The catalogues and the officer's choosable records, read once per file."""

    def __init__(self, user):
        self.user = user
        self.kinds = {k.name_folded: k for k in ActivityKind.objects.all()}
        self.categories = {c.code: c for c in ParticipantCategory.objects.all()}
        self.works = {w.code: w for w in WorkKind.objects.all()}
        self.campaigns = queries.campaigns_visible_to(user) if user else None
        self.visible = queries.activities_visible_to(user) if user else None

    def activities(self):
        return Activity.objects.all() if self.visible is None else self.visible

    def kind(self, text):
        found = self.kinds.get(fold(text))
        if found is None:
            raise ValidationError(
                {"kind": _("No kind of activity named “%(name)s”.") % {"name": text}}
            )
        return found

    def campaign(self, text):
        if not text:
            return None
        campaigns = Campaign.objects.all() if self.campaigns is None else self.campaigns
        matches = list(campaigns.filter(name_folded=fold(text))[:2])
        if len(matches) != 1:
            message = (
                _("No campaign named “%(name)s” in your scope.")
                if not matches
                else _("Several campaigns are named “%(name)s”.")
            )
            raise ValidationError({"campaign": message % {"name": text}})
        return matches[0]

    def place(self, text, day, key):
        found = resolve_place(text, as_of=day)
        if found.unit is None or getattr(found, "hamlet", ""):
            raise ValidationError(
                {key: _("No single unit fits “%(place)s” on that day.") % {"place": text}}
            )
        return found.unit

    def organizations(self, text, *, key, organisers: bool):
        if self.user is None:
            offered = Organization.objects.all()
        elif organisers:
            offered = organizations_editable_by(self.user, roles=EDIT_ROLES)
        else:
            offered = organizations_visible_to(self.user)
        found = []
        for name in _split(text):
            matches = list(offered.filter(name_folded=fold(name))[:2])
            if len(matches) != 1:
                message = (
                    _("No organisation named “%(name)s” in your scope.")
                    if not matches
                    else _("Several organisations are named “%(name)s”.")
                )
                raise ValidationError({key: message % {"name": name}})
            found.append(matches[0])
        return found

    def documents(self, text):
        offered = Document.objects.all() if self.user is None else documents_visible_to(self.user)
        found = []
        for number in _split(text):
            matches = list(offered.filter(number_key=number_key(number))[:2])
            if len(matches) != 1:
                raise ValidationError(
                    {
                        "documents": _("No single document numbered %(number)s in your scope.")
                        % {"number": number}
                    }
                )
            found.append(matches[0])
        return found


def row_handler(user):
    lookups = Lookups(user)
    file_rows = FileRows()

    def handle(values: dict) -> str:
        day = values["start_date"]
        data = {
            "title": values["title"],
            "kind": lookups.kind(values["kind"]),
            "campaign": lookups.campaign(values.get("campaign")),
            "place": lookups.place(values["place"], day, "place"),
            "start_date": day,
            "end_date": values.get("end_date"),
            "reached": values.get("reached") or 0,
            "description": values.get("description") or "",
        }
        places = [lookups.place(text, day, "places") for text in _split(values.get("places"))]
        organisers = lookups.organizations(values["organisers"], key="organisers", organisers=True)
        participants = lookups.organizations(
            values.get("participants"), key="participants", organisers=False
        )
        counts = {
            lookups.categories[code]: values.get(f"count_{code}")
            for code, _name in PARTICIPANT_CATEGORIES
            if values.get(f"count_{code}") and code in lookups.categories
        }
        works = {
            lookups.works[code]: values.get(f"work_{code}")
            for code, _name, _unit, _money in WORK_KINDS
            if values.get(f"work_{code}") and code in lookups.works
        }
        documents = lookups.documents(values.get("documents"))
        existing = _existing(lookups, values, data)
        label = f"{day:%d/%m/%Y} — {data['title']}"
        if existing is None:
            file_rows.claim(("new", day, data["place"].pk, fold(data["title"])), label)
        else:
            file_rows.claim(("id", existing.pk), label)
        organizations = _organizations(existing, organisers, participants, counts)
        rows = {"places": places, "organizations": organizations, "works": works}
        if existing is None:
            created = services.record_activity(
                data=data, documents=documents, acting_user=user, **rows
            )
            file_rows.claim(("id", created.pk), label)
            return "created"
        before = existing.version
        changed = services.update_activity(
            activity=existing,
            data=data,
            version=existing.version,
            documents=documents,
            people=[link.person for link in existing.people.select_related("person")],
            initiatives=list(existing.initiatives.all()),
            acting_user=user,
            **rows,
        )
        return "unchanged" if changed.version == before else "updated"

    handle.file_rows = file_rows
    return handle


def _existing(lookups, values, data):
    activities = lookups.activities()
    if code := values.get("code"):
        found = activities.filter(code=str(code).strip().upper()).first()
        if found is None:
            raise ValidationError({"code": _("No activity with this code in your scope.")})
        return found
    candidates = activities.filter(start_date=data["start_date"], place=data["place"])
    return next(
        (a for a in candidates if fold(a.title) == fold(data["title"])),
        None,
    )


def _organizations(existing, organisers, participants, counts) -> list[dict]:
    """The organisations of the row; the head-counts go to the first organiser, unless they are
    the totals the activity already has (then each organisation keeps its own)."""
    kept: dict[int, dict] = {}
    if existing is not None:
        totals: dict = defaultdict(int)
        for link in existing.organizations.prefetch_related("counts__category"):
            kept[link.organization_id] = {c.category: c.count for c in link.counts.all()}
            for count in link.counts.all():
                totals[count.category] += count.count
        if dict(totals) != counts:
            kept = {}
    rows = []
    for index, organization in enumerate(organisers):
        own = kept.get(organization.pk) if kept else (counts if index == 0 else {})
        rows.append({"organization": organization, "role": Role.ORGANISER, "counts": own or {}})
    chosen = {o.pk for o in organisers}
    for organization in participants:
        if organization.pk not in chosen:
            own = kept.get(organization.pk, {}) if kept else {}
            rows.append({"organization": organization, "role": Role.PARTICIPANT, "counts": own})
    return rows


# ---- export --------------------------------------------------------------------------------


def export_rows(activities: QuerySet, *, limit: int = 50_000):
    """The rows (at most ``limit``) in the import's columns, read in batches of 500 (a
    constant number of queries a batch)."""
    activities = activities.select_related("kind", "campaign", "place").prefetch_related(
        Prefetch(
            "organizations",
            queryset=ActivityOrganization.objects.select_related("organization").prefetch_related(
                Prefetch("counts", queryset=Headcount.objects.select_related("category"))
            ),
        ),
        "places__unit",
        "works__kind",
        "documents",
    )
    start = 0
    while start < limit:
        batch = list(activities[start : min(start + BATCH, limit)])
        if not batch:
            return
        units = [a.place for a in batch] + [p.unit for a in batch for p in a.places.all()]
        chains = ancestors_of_many(units)
        for activity in batch:
            yield _row(activity, chains)
        start += BATCH


def _row(activity, chains) -> dict:
    links = list(activity.organizations.all())
    counts: dict[str, int] = defaultdict(int)
    for link in links:
        for count in link.counts.all():
            counts[count.category.code] += count.count
    row = {
        "code": activity.code,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "title": activity.title,
        "kind": activity.kind.name,
        "campaign": activity.campaign.name if activity.campaign else "",
        "place": place_label(activity.place, chains[activity.place.pk]),
        "places": f"{SEPARATOR} ".join(
            place_label(link.unit, chains[link.unit.pk]) for link in activity.places.all()
        ),
        "organisers": f"{SEPARATOR} ".join(
            link.organization.name for link in links if link.role == Role.ORGANISER
        ),
        "participants": f"{SEPARATOR} ".join(
            link.organization.name for link in links if link.role == Role.PARTICIPANT
        ),
        "reached": activity.reached,
        "documents": f"{SEPARATOR} ".join(d.number for d in activity.documents.all() if d.number),
        "description": activity.description,
    }
    for code, _name in PARTICIPANT_CATEGORIES:
        row[f"count_{code}"] = counts.get(code) or None
    for work in activity.works.all():
        row[f"work_{work.kind.code}"] = _number(work.quantity)
    return row


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)
