"""Writes on organisations and people. Every one validates, is atomic and is audited."""

from datetime import date
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.folding import fold, stored_collation_key
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.organizations.models import (
    Membership,
    Organization,
    Person,
    Position,
    ServicePeriod,
)

ORGANIZATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "unit",
    "valid_from",
    "valid_to",
    "note",
)
PERSON_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "ethnicity",
    "religion",
    "unit",
    "phone",
    "email",
    "note",
)


def _check_period(start: date | None, end: date | None, *, end_field: str = "valid_to") -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date is before the start date.")})


def _check_placement(acting_user, organization: Organization) -> None:
    """A new or moved organisation must land where the acting user manages it (its unit, and its
    parent if any): never under a central body or beside the user's scope."""
    parent = organization.parent if organization.parent_id else None
    ensure_choice(
        acting_user,
        "organizations.change_organization",
        parent,
        field="parent",
        message=_("Choose a higher organisation inside your own scope."),
    )
    ensure_choice(
        acting_user,
        "organizations.add_organization",
        organization,
        field="unit",
        message=_("This organisation is outside your scope."),
    )


def _check_version(current: int, version: int) -> None:
    if current != version:
        raise ValidationError(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then edit again."
            )
        )


@transaction.atomic
def create_organization(*, data: dict, acting_user) -> Organization:
    """Create an organisation under ``data['parent']`` (or at the root). Without a unit, it
    takes its parent's; it must land inside the acting user's managing scope."""
    ensure(acting_user, "organizations.add_organization")
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise ValidationError({"name": _("Enter the name of the organisation.")})
    _check_period(data.get("valid_from"), data.get("valid_to"))
    organization = Organization(
        **{key: data.get(key) for key in ORGANIZATION_FIELDS if key in data},
        path=f"tmp-{uuid4().hex}.",
    )
    organization.name = name
    organization.short_name = data.get("short_name") or ""
    organization.note = data.get("note") or ""
    organization.name_folded = fold(name)
    organization.name_sort = stored_collation_key(name)
    if organization.unit_id is None and organization.parent_id:
        organization.unit = organization.parent.unit
    _check_placement(acting_user, organization)
    organization.save()
    parent = organization.parent
    organization.path = f"{parent.path if parent else ''}{organization.pk}."
    organization.save(update_fields=["path"])
    record_event(
        action="organizations.organization.created",
        acting_user=acting_user,
        obj=organization,
        changes=diff({}, snapshot(organization, ORGANIZATION_FIELDS)),
    )
    return organization


@transaction.atomic
def update_organization(
    *, organization: Organization, data: dict, version: int, acting_user
) -> Organization:
    """Edit an organisation; moving it under another parent moves its whole subtree."""
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    ensure(acting_user, "organizations.change_organization", locked)
    _check_version(locked.version, version)
    before = snapshot(locked, ORGANIZATION_FIELDS)
    placed = (locked.parent_id, locked.unit_id)
    for key in ORGANIZATION_FIELDS:
        if key in data:
            value = data[key]
            setattr(locked, key, "" if value is None and key in {"short_name", "note"} else value)
    locked.name = " ".join(locked.name.split())
    if not locked.name:
        raise ValidationError({"name": _("Enter the name of the organisation.")})
    _check_period(locked.valid_from, locked.valid_to)
    if (locked.parent_id, locked.unit_id) != placed:
        _check_placement(acting_user, locked)
    if locked.parent_id and locked.parent.path.startswith(locked.path):
        raise ValidationError(
            {"parent": _("An organisation cannot be placed under itself or one of its own units.")}
        )
    old_path = locked.path
    locked.path = f"{locked.parent.path if locked.parent_id else ''}{locked.pk}."
    locked.name_folded = fold(locked.name)
    locked.name_sort = stored_collation_key(locked.name)
    locked.version += 1
    locked.save()
    if locked.path != old_path:
        for below in Organization.objects.filter(path__startswith=old_path).exclude(pk=locked.pk):
            below.path = locked.path + below.path[len(old_path) :]
            below.save(update_fields=["path"])
    record_event(
        action="organizations.organization.updated",
        acting_user=acting_user,
        obj=locked,
        changes=diff(before, snapshot(locked, ORGANIZATION_FIELDS)),
    )
    return locked


@transaction.atomic
def end_organization(
    *, organization: Organization, ended_on: date, successor: Organization | None, acting_user
) -> Organization:
    """Record that an organisation ended (dissolved, or merged into ``successor``), as Ban Dân vận
    merged into Ban Tuyên giáo và Dân vận in 2025. Its history stays; nothing is deleted."""
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    ensure(acting_user, "organizations.change_organization", locked)
    ensure_choice(
        acting_user,
        "organizations.view_organization",
        successor,
        field="successor",
        message=_("Choose a successor inside your own scope."),
    )
    if locked.valid_to:
        raise ValidationError(_("This organisation has already ended."))
    if locked.valid_from and ended_on < locked.valid_from:
        raise ValidationError(
            {"ended_on": _("The end date is before the organisation was established.")}
        )
    if successor is not None:
        if successor.pk == locked.pk or successor.path.startswith(locked.path):
            raise ValidationError(
                {
                    "successor": _(
                        "An organisation cannot be succeeded by itself or one of its own units."
                    )
                }
            )
        if successor.valid_to and successor.valid_to < ended_on:
            raise ValidationError({"successor": _("The successor had already ended on that date.")})
    before = snapshot(locked, ("valid_to", "successor"))
    locked.valid_to = ended_on
    locked.successor = successor
    locked.version += 1
    locked.save(update_fields=["valid_to", "successor", "version"])
    record_event(
        action="organizations.organization.merged"
        if successor
        else "organizations.organization.dissolved",
        acting_user=acting_user,
        obj=locked,
        changes=diff(before, snapshot(locked, ("valid_to", "successor"))),
        message=str(successor) if successor else "",
    )
    if successor is not None:
        record_event(
            action="organizations.organization.absorbed",
            acting_user=acting_user,
            obj=successor,
            message=str(locked),
        )
    return locked


def _clean_person(data: dict) -> dict:
    cleaned = {key: data.get(key) for key in PERSON_FIELDS if key in data}
    cleaned["full_name"] = " ".join((cleaned.get("full_name") or "").split())
    if not cleaned["full_name"]:
        raise ValidationError({"full_name": _("Enter the person's full name.")})
    if cleaned.get("unit") is None:
        raise ValidationError(
            {"unit": _("Choose the administrative unit where the person lives or works.")}
        )
    year = cleaned.get("birth_year")
    if year is not None and not 1900 <= year <= date.today().year:
        raise ValidationError(
            {"birth_year": _("Enter a year of birth between 1900 and this year.")}
        )
    for key in ("gender", "ethnicity", "religion", "phone", "email", "note"):
        if key in cleaned and cleaned[key] is None:
            cleaned[key] = ""
    return cleaned


def _check_person_unit(acting_user, person: Person) -> None:
    ensure_choice(
        acting_user,
        "organizations.add_person",
        person,
        field="unit",
        message=_("Choose an administrative unit inside your own scope."),
    )


@transaction.atomic
def create_person(*, data: dict, acting_user) -> Person:
    """Add a person placed in a unit of the acting user's editing territory."""
    ensure(acting_user, "organizations.add_person")
    cleaned = _clean_person(data)
    person = Person(
        **cleaned,
        name_folded=fold(cleaned["full_name"]),
        name_sort=stored_collation_key(cleaned["full_name"]),
    )
    _check_person_unit(acting_user, person)
    person.save()
    record_event(
        action="organizations.person.created",
        acting_user=acting_user,
        obj=person,
        changes=diff({}, snapshot(person, ["full_name", "unit", "birth_year", "ethnicity"])),
    )
    return person


@transaction.atomic
def update_person(*, person: Person, data: dict, version: int, acting_user) -> Person:
    locked = Person.objects.select_for_update().get(pk=person.pk)
    ensure(acting_user, "organizations.change_person", locked)
    _check_version(locked.version, version)
    before = snapshot(locked, PERSON_FIELDS)
    cleaned = _clean_person({**snapshot(locked, PERSON_FIELDS), "unit": locked.unit, **data})
    moved = cleaned["unit"] != locked.unit
    for key, value in cleaned.items():
        setattr(locked, key, value)
    if moved:
        _check_person_unit(acting_user, locked)
    locked.name_folded = fold(locked.full_name)
    locked.name_sort = stored_collation_key(locked.full_name)
    locked.version += 1
    locked.save()
    record_event(
        action="organizations.person.updated",
        acting_user=acting_user,
        obj=locked,
        changes=diff(before, snapshot(locked, PERSON_FIELDS)),
    )
    return locked


LINK_MODELS = {"position": Position, "membership": Membership, "service_period": ServicePeriod}


@transaction.atomic
def add_person_link(*, person: Person, kind: str, data: dict, acting_user):
    """Add a position, a membership or a service period to a person, at an organisation the
    acting user can see."""
    ensure(acting_user, "organizations.change_person", person)
    model = LINK_MODELS[kind]
    if data.get("organization") is None:
        raise ValidationError({"organization": _("Choose the organisation.")})
    ensure_choice(
        acting_user,
        "organizations.view_organization",
        data["organization"],
        field="organization",
        message=_("Choose an organisation inside your own scope."),
    )
    _check_period(data.get("start"), data.get("end"), end_field="end")
    if kind == "position" and not (data.get("title") or "").strip():
        raise ValidationError(
            {"title": _("Enter the position, e.g. Phó Bí thư Thường trực Huyện ủy.")}
        )
    fields = {f.name for f in model._meta.get_fields()}
    link = model(person=person, **{key: value for key, value in data.items() if key in fields})
    link.save()
    record_event(
        action=f"organizations.person.{kind}_added",
        acting_user=acting_user,
        obj=person,
        changes={
            "organization": [None, str(link.organization)],
            "start": [None, link.start],
            "end": [None, link.end],
        },
        message=getattr(link, "title", "") or getattr(link, "role", ""),
    )
    return link


@transaction.atomic
def end_person_link(*, link, end: date, acting_user):
    ensure(acting_user, "organizations.change_person", link.person)
    if link.end is not None:
        raise ValidationError(_("This period has already ended."))
    _check_period(link.start, end, end_field="end")
    link.end = end
    link.save(update_fields=["end"])
    record_event(
        action="organizations.person.link_ended",
        acting_user=acting_user,
        obj=link.person,
        changes={"end": [None, end]},
        message=str(link),
    )
    return link
