"""Writes on activities: record, change, and the catalogues staff extend. Each validates, checks
the acting user's scope itself (``core.permissions``), is atomic and is audited. Campaigns and
their plans are written in ``campaigns``.

What an activity *is* for its organisations and counts: ``organizations`` is a list of
``{"organization", "role", "counts": {ParticipantCategory: int}}``; ``works`` a mapping
``{WorkKind: Decimal}``; ``places`` the other units it reached (hamlets of its commune…)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.activities.catalogues import seed_catalogues  # noqa: F401 (the set-up step)
from danvan.activities.enums import Role
from danvan.activities.models import (
    Activity,
    ActivityKind,
    ActivityOrganization,
    ActivityPerson,
    ActivityPlace,
    CodeSequence,
    Headcount,
    Work,
)
from danvan.activities.queries import campaigns_visible_to
from danvan.activities.services import rollup
from danvan.core.folding import fold
from danvan.core.formatting import format_number
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.documents.queries import documents_visible_to
from danvan.initiatives.queries import initiatives_visible_to
from danvan.organizations.queries import organizations_visible_to, people_visible_to
from danvan.territory.enums import Level
from danvan.territory.models import AdministrativeUnit

FIELDS = (
    "title",
    "kind",
    "campaign",
    "place",
    "place_today",
    "start_date",
    "end_date",
    "reached",
    "description",
)
FIRST_DAY = date(1990, 1, 1)
MAX_PLACES = 30
MAX_COUNT = 1_000_000  # head-counts and people reached: beyond this a typing mistake
MAX_QUANTITY = Decimal("1e15")


def recorded_user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _stale_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this record while you were editing it. "
            "Reload the page to see their change, then edit again."
        )
    )


# ---- cleaning ---------------------------------------------------------------------------------


def clean_data(data: dict) -> dict:
    """The activity's own fields normalised and checked (a hamlet given as the main place
    becomes its commune, the hamlet one of the other places: ``_hamlet``)."""
    cleaned = {key: data.get(key) for key in FIELDS if key in data}
    cleaned["title"] = " ".join((cleaned.get("title") or "").split())
    if not cleaned["title"]:
        raise ValidationError({"title": _("Enter what the activity was, in a few words.")})
    cleaned["description"] = (cleaned.get("description") or "").strip()
    if not isinstance(cleaned.get("kind"), ActivityKind):
        raise ValidationError({"kind": _("Choose the kind of activity.")})
    start, end = cleaned.get("start_date"), cleaned.get("end_date")
    if start is None:
        raise ValidationError({"start_date": _("Enter the day of the activity.")})
    latest = timezone.localdate().replace(year=timezone.localdate().year + 1)
    if not FIRST_DAY <= start <= latest:
        raise ValidationError({"start_date": _("Enter a day between 1990 and next year.")})
    if end is not None and end == start:
        cleaned["end_date"] = end = None
    if end is not None and not start < end <= start.replace(year=start.year + 1):
        raise ValidationError(
            {"end_date": _("The last day comes after the first, within a year of it.")}
        )
    reached = cleaned.get("reached") or 0
    if not 0 <= reached <= MAX_COUNT:
        raise ValidationError({"reached": _("Enter a number of people up to 1.000.000.")})
    cleaned["reached"] = reached
    place = cleaned.get("place")
    if place is None:
        raise ValidationError({"place": _("Choose the commune or ward where it took place.")})
    cleaned["_hamlet"] = None
    if place.level == Level.HAMLET:
        cleaned["_hamlet"], cleaned["place"] = place, place.parent
    campaign = cleaned.get("campaign")
    last = end or start
    if campaign is not None and (start > campaign.end_date or last < campaign.start_date):
        raise ValidationError(
            {
                "campaign": _(
                    "The activity's days are outside the campaign's period (%(start)s – %(end)s)."
                )
                % {
                    "start": campaign.start_date.strftime("%d/%m/%Y"),
                    "end": campaign.end_date.strftime("%d/%m/%Y"),
                }
            }
        )
    return cleaned


def _clean_organizations(organizations) -> list[dict]:
    rows, seen = [], set()
    for row in organizations or ():
        organization = row.get("organization")
        if organization is None:
            continue
        if organization.pk in seen:
            raise ValidationError(
                {"organizations": _("%(name)s is named twice.") % {"name": organization}}
            )
        seen.add(organization.pk)
        role = row.get("role") or Role.ORGANISER
        if role not in Role.values:
            raise ValidationError({"organizations": _("Choose organiser or participant.")})
        counts = {}
        for category, count in (row.get("counts") or {}).items():
            if count in (None, ""):
                continue
            if not isinstance(count, int) or not 0 <= count <= MAX_COUNT:
                raise ValidationError(
                    {"organizations": _("Enter a number of people up to 1.000.000.")}
                )
            if count:
                counts[category] = count
        rows.append({"organization": organization, "role": role, "counts": counts})
    if not any(row["role"] == Role.ORGANISER for row in rows):
        raise ValidationError(
            {"organizations": _("Name at least one organisation that organised it.")}
        )
    return rows


def _clean_works(works) -> dict:
    cleaned = {}
    for kind, given in (works or {}).items():
        if given in (None, ""):
            continue
        quantity = Decimal(given)
        if not 0 < quantity < MAX_QUANTITY:
            raise ValidationError(
                {"works": _("%(kind)s: enter a quantity above zero.") % {"kind": kind.name}}
            )
        cleaned[kind] = quantity
    return cleaned


def _check_choices(*, activity, organizations, places, people, documents, initiatives, user):
    """What was chosen must be in the acting user's scope: the place (or an organiser, for a
    registering unit), organisers the user records for, and participating organisations,
    people, documents, models and the campaign the user can see. ``ValidationError`` on the
    field (a form, an import row)."""
    if user is None:
        return
    outside = _("Choose one inside your own scope.")
    for row in organizations:
        if row["role"] == Role.ORGANISER:
            ensure_choice(
                user,
                "activities.organise_activity",
                row["organization"],
                field="organizations",
                message=_("%(name)s is not an organisation you record activities for.")
                % {"name": row["organization"]},
            )
    ids = [row["organization"].pk for row in organizations if row["role"] != Role.ORGANISER]
    if ids and organizations_visible_to(user).filter(pk__in=ids).count() != len(set(ids)):
        raise ValidationError({"organizations": outside})
    ensure_choice(
        user,
        "activities.add_activity",
        activity,
        field="place",
        message=_(
            "You may only record activities in your own territory or for an organisation you "
            "record activities for."
        ),
    )
    for name, chosen, selector in (
        ("people", people, people_visible_to),
        ("documents", documents, documents_visible_to),
        ("initiatives", initiatives, initiatives_visible_to),
    ):
        ids = {item.pk for item in chosen}
        if ids and selector(user).filter(pk__in=ids).count() != len(ids):
            raise ValidationError({name: outside})
    if activity.campaign_id and not campaigns_visible_to(user).filter(pk=activity.campaign_id):
        raise ValidationError({"campaign": outside})
    if len(places) > MAX_PLACES:
        raise ValidationError({"places": _("Name at most 30 other places.")})


# ---- writing ----------------------------------------------------------------------------------


def next_code(*, place, day: date) -> str:
    """'HD-08-2022-00012': today's province, the year, a running number."""
    province = place.today_province_path.split(".")[1] if place.today_province_path else "00"
    prefix = f"HD-{province}-{day.year}"
    sequence, _created = CodeSequence.objects.select_for_update().get_or_create(prefix=prefix)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{sequence.last:05d}"


def refresh_search(activity: Activity, places) -> None:
    names = " ".join(unit.name for unit in [activity.place, *places])
    activity.title_folded = fold(activity.title)[:500]
    activity.search_folded = fold(
        f"{activity.code} {activity.title} {activity.description} {names}"
    )
    activity.place_province = activity.place.today_province_path


def _summary(activity: Activity) -> dict:
    """The related rows as the audit log keeps them: names and figures in words."""
    links = activity.organizations.select_related("organization").prefetch_related(
        "counts__category"
    )
    organisations = []
    for link in links:
        counts = ", ".join(
            f"{count.category.name} {format_number(count.count)}" for count in link.counts.all()
        )
        label = f"{link.organization.name} ({link.get_role_display()})"
        organisations.append(f"{label}: {counts}" if counts else label)
    return {
        "places": "; ".join(
            unit.full_name
            for unit in AdministrativeUnit.objects.filter(pk__in=activity.places.values("unit"))
        ),
        "organizations": "; ".join(organisations),
        "people": "; ".join(
            link.person.full_name for link in activity.people.select_related("person")
        ),
        "works": "; ".join(
            f"{work.kind.name} {work.kind.amount(work.quantity)}"
            for work in activity.works.select_related("kind")
        ),
        "documents": "; ".join(str(document) for document in activity.documents.all()),
        "initiatives": "; ".join(item.code for item in activity.initiatives.all()),
    }


def _first_organiser(organizations):
    return next(row["organization"] for row in organizations if row["role"] == Role.ORGANISER)


def _write_related(activity, *, places, organizations, people, works, documents, initiatives):
    activity.places.all().delete()
    ActivityPlace.objects.bulk_create(
        [ActivityPlace(activity=activity, unit=unit) for unit in dict.fromkeys(places)]
    )
    activity.organizations.all().delete()  # their head-counts go with them
    for row in organizations:
        link = ActivityOrganization.objects.create(
            activity=activity, organization=row["organization"], role=row["role"]
        )
        Headcount.objects.bulk_create(
            [
                Headcount(link=link, activity=activity, category=category, count=count)
                for category, count in row["counts"].items()
            ]
        )
    activity.people.all().delete()
    ActivityPerson.objects.bulk_create(
        [ActivityPerson(activity=activity, person=person) for person in dict.fromkeys(people)]
    )
    activity.works.all().delete()
    Work.objects.bulk_create(
        [Work(activity=activity, kind=kind, quantity=qty) for kind, qty in works.items()]
    )
    activity.documents.set(documents)
    activity.initiatives.set(initiatives)


def _prepare(data, *, places, organizations, people, works, documents, initiatives):
    cleaned = clean_data(data)
    hamlet = cleaned.pop("_hamlet")
    places = [unit for unit in (places or ()) if unit is not None]
    if hamlet is not None:
        places.insert(0, hamlet)
    places = [unit for unit in dict.fromkeys(places) if unit.pk != cleaned["place"].pk]
    return (
        cleaned,
        places,
        _clean_organizations(organizations),
        list(people or ()),
        _clean_works(works),
        list(documents or ()),
        list(initiatives or ()),
    )


@transaction.atomic
def record_activity(
    *,
    data: dict,
    places=(),
    organizations=(),
    people=(),
    works=None,
    documents=(),
    initiatives=(),
    acting_user,
) -> Activity:
    """Record an activity with the people (see the module for the shapes)."""
    ensure(acting_user, "activities.add_activity")
    cleaned, places, organizations, people, works, documents, initiatives = _prepare(
        data,
        places=places,
        organizations=organizations,
        people=people,
        works=works,
        documents=documents,
        initiatives=initiatives,
    )
    activity = Activity(
        **cleaned, organiser=_first_organiser(organizations), created_by=recorded_user(acting_user)
    )
    activity._organisations = [(row["organization"], row["role"]) for row in organizations]
    _check_choices(
        activity=activity,
        organizations=organizations,
        places=places,
        people=people,
        documents=documents,
        initiatives=initiatives,
        user=acting_user,
    )
    activity.code = next_code(place=activity.place, day=activity.start_date)
    refresh_search(activity, places)
    activity.save()
    _write_related(
        activity,
        places=places,
        organizations=organizations,
        people=people,
        works=works,
        documents=documents,
        initiatives=initiatives,
    )
    rollup.add_change([], rollup.contribution(activity))
    record_event(
        action="activities.activity.recorded",
        acting_user=acting_user,
        obj=activity,
        changes=diff({}, {**snapshot(activity, ["code", *FIELDS]), **_summary(activity)}),
    )
    return activity


@transaction.atomic
def update_activity(
    *,
    activity: Activity,
    data: dict,
    version: int,
    places=(),
    organizations=(),
    people=(),
    works=None,
    documents=(),
    initiatives=(),
    acting_user,
) -> Activity:
    """Change an activity and replace what hangs on it; ``version`` is the one the editor
    started from (a stale edit is refused). The acting user must be able to change it as it
    was and as it becomes."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    ensure(acting_user, "activities.change_activity", locked)
    if locked.version != version:
        raise _stale_error()
    current = {key: getattr(locked, key) for key in FIELDS}
    cleaned, places, organizations, people, works, documents, initiatives = _prepare(
        {**current, **data},
        places=places,
        organizations=organizations,
        people=people,
        works=works,
        documents=documents,
        initiatives=initiatives,
    )
    before = {**snapshot(locked, FIELDS), **_summary(locked)}
    counted = rollup.contribution(locked)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    locked.organiser = _first_organiser(organizations)
    locked._organisations = [(row["organization"], row["role"]) for row in organizations]
    _check_choices(
        activity=locked,
        organizations=organizations,
        places=places,
        people=people,
        documents=documents,
        initiatives=initiatives,
        user=acting_user,
    )
    _write_related(
        locked,
        places=places,
        organizations=organizations,
        people=people,
        works=works,
        documents=documents,
        initiatives=initiatives,
    )
    changes = diff(before, {**snapshot(locked, FIELDS), **_summary(locked)})
    if changes:
        refresh_search(locked, places)
        locked.version += 1
        locked.save()
        record_event(
            action="activities.activity.updated",
            acting_user=acting_user,
            obj=locked,
            changes=changes,
        )
    rollup.add_change(counted, rollup.contribution(locked))
    return locked
