"""Writes on the territory by staff: hamlets, units the official list does not hold, and their
successions. The official units themselves come only from the loader (``loading.py``)."""

from datetime import date
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danvan.core import registry
from danvan.core.folding import fold
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.territory.enums import TYPE_LEVEL, Era, Level, Source, SuccessionKind
from danvan.territory.models import REFORM_DATE, AdministrativeUnit, Succession
from danvan.territory.naming import name_key

# Which level may hold which, in each era.
ALLOWED_PARENT = {
    (Era.LEGACY, Level.DISTRICT): Level.PROVINCE,
    (Era.LEGACY, Level.COMMUNE): Level.DISTRICT,
    (Era.LEGACY, Level.HAMLET): Level.COMMUNE,
    (Era.CURRENT, Level.COMMUNE): Level.PROVINCE,
    (Era.CURRENT, Level.HAMLET): Level.COMMUNE,
}
EDITABLE_FIELDS = ("name", "unit_type", "code", "valid_from", "valid_to", "latitude", "longitude")


def _check_dates(*, parent: AdministrativeUnit, valid_from: date | None, valid_to: date | None):
    if valid_from and valid_to and valid_from > valid_to:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})
    if parent.valid_to and valid_to is None:
        raise ValidationError(
            {
                "valid_to": _("%(parent)s ended on %(day)s: give the date this unit ended too.")
                % {"parent": parent.full_name, "day": parent.valid_to.strftime("%d/%m/%Y")}
            }
        )
    if parent.valid_to and valid_to and valid_to > parent.valid_to:
        raise ValidationError(
            {
                "valid_to": _("A unit cannot outlive %(parent)s, which ended on %(day)s.")
                % {"parent": parent.full_name, "day": parent.valid_to.strftime("%d/%m/%Y")}
            }
        )
    if parent.valid_from and valid_from and valid_from < parent.valid_from:
        raise ValidationError(
            {
                "valid_from": _("%(parent)s only exists from %(day)s.")
                % {"parent": parent.full_name, "day": parent.valid_from.strftime("%d/%m/%Y")}
            }
        )


@transaction.atomic
def add_unit(
    *,
    parent: AdministrativeUnit,
    unit_type: str,
    name: str,
    code: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    acting_user,
) -> AdministrativeUnit:
    """Add a unit the official list does not hold under ``parent``: a hamlet (thôn, bản, ấp, tổ
    dân phố…) under a commune of either map, or a commune or district that no longer existed
    when the list was made. The new unit belongs to its parent's map. The acting user must
    manage the parent (``territory.add_unit``)."""
    ensure(acting_user, "territory.add_unit", parent)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Enter the name of the unit.")})
    level = TYPE_LEVEL[unit_type]
    if ALLOWED_PARENT.get((parent.era, level)) != parent.level:
        raise ValidationError(
            {
                "unit_type": _("A %(type)s cannot be placed directly under %(parent)s.")
                % {
                    "type": AdministrativeUnit(unit_type=unit_type).type_prefix,
                    "parent": parent.full_name,
                }
            }
        )
    if parent.era == Era.CURRENT and valid_from is None:
        valid_from = max(REFORM_DATE, parent.valid_from or REFORM_DATE)
    _check_dates(parent=parent, valid_from=valid_from, valid_to=valid_to)
    duplicate = parent.children.filter(name_key=name_key(name), unit_type=unit_type)
    if duplicate.exists():
        raise ValidationError(
            {
                "name": _("%(parent)s already has a unit with this name.")
                % {"parent": parent.full_name}
            }
        )
    unit = AdministrativeUnit(
        era=parent.era,
        level=level,
        unit_type=unit_type,
        code=(code or "").strip(),
        name=name,
        parent=parent,
        path=f"{parent.path}tmp-{uuid4().hex}.",
        valid_from=valid_from,
        valid_to=valid_to,
        latitude=latitude,
        longitude=longitude,
        name_folded=fold(name),
        name_key=name_key(name),
        source=Source.STAFF,
    )
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as error:
        raise ValidationError(
            {"code": _("Another unit of this map and level already has this code.")}
        ) from error
    # The path segment is the code when there is one, else a key from the id (never reused).
    segment = unit.code or f"s{unit.pk}"
    unit.path = f"{parent.path}{segment}."
    if AdministrativeUnit.objects.filter(path=unit.path).exists():
        unit.path = f"{parent.path}s{unit.pk}."
    unit.today_path = unit.path if unit.era == Era.CURRENT else parent.today_path
    unit.save(update_fields=["path", "today_path"])
    record_event(
        action="territory.unit.added",
        acting_user=acting_user,
        obj=unit,
        changes=diff(
            {}, snapshot(unit, ["name", "unit_type", "code", "parent", "valid_from", "valid_to"])
        ),
    )
    return unit


@transaction.atomic
def update_unit(
    *, unit: AdministrativeUnit, data: dict, version: int, acting_user
) -> AdministrativeUnit:
    """Edit a unit staff added. Official units are not edited here (the loader owns them).
    ``version`` is the one the editor started from: a stale edit is refused, nothing is lost."""
    ensure(acting_user, "territory.change_unit", unit)
    if unit.source != Source.STAFF:
        raise ValidationError(
            _("Units of the official list cannot be edited; only units added by staff can.")
        )
    locked = AdministrativeUnit.objects.select_for_update().get(pk=unit.pk)
    if locked.version != version:
        raise ValidationError(
            _(
                "Someone else changed this unit while you were editing it. "
                "Reload the page to see their change, then edit again."
            )
        )
    before = snapshot(locked, EDITABLE_FIELDS)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.name = " ".join(locked.name.split())
    if not locked.name:
        raise ValidationError({"name": _("Enter the name of the unit.")})
    _check_dates(parent=locked.parent, valid_from=locked.valid_from, valid_to=locked.valid_to)
    locked.name_folded, locked.name_key = fold(locked.name), name_key(locked.name)
    locked.version += 1
    locked.save()
    changes = diff(before, snapshot(locked, EDITABLE_FIELDS))
    record_event(
        action="territory.unit.updated", acting_user=acting_user, obj=locked, changes=changes
    )
    return locked


@transaction.atomic
def add_succession(
    *,
    predecessor: AdministrativeUnit,
    successor: AdministrativeUnit,
    kind: str,
    effective_date: date,
    is_default: bool = True,
    note: str = "",
    acting_user,
) -> Succession:
    """Record that ``predecessor`` became (part of) ``successor`` on ``effective_date``; the
    acting user must manage both."""
    ensure(acting_user, "territory.change_unit", predecessor)
    ensure_choice(
        acting_user,
        "territory.change_unit",
        successor,
        field="successor",
        message=_("Choose a unit inside your own scope."),
    )
    if predecessor.pk == successor.pk:
        raise ValidationError(_("A unit cannot succeed itself."))
    if predecessor.level not in {successor.level, Level.DISTRICT}:
        raise ValidationError(_("A unit can only be succeeded by a unit of the same level."))
    if predecessor.valid_to and effective_date <= predecessor.valid_to:
        raise ValidationError(
            {
                "effective_date": _(
                    "The succession must take effect after %(unit)s ended (%(day)s)."
                )
                % {"unit": predecessor.full_name, "day": predecessor.valid_to.strftime("%d/%m/%Y")}
            }
        )
    if successor.valid_to and effective_date > successor.valid_to:
        raise ValidationError(
            {
                "effective_date": _("%(unit)s no longer existed on that date.")
                % {"unit": successor.full_name}
            }
        )
    if predecessor.successions_out.filter(successor=successor).exists():
        raise ValidationError(_("This succession is already recorded."))
    if is_default:
        predecessor.successions_out.filter(is_default=True).update(is_default=False)
    elif not predecessor.successions_out.filter(is_default=True).exists():
        is_default = True  # the first successor is where records roll up until another is chosen
    succession = Succession.objects.create(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        effective_date=effective_date,
        is_default=is_default,
        note=note,
        source=Source.STAFF,
    )
    _refresh_today_paths(predecessor)
    record_event(
        action="territory.succession.added",
        acting_user=acting_user,
        obj=predecessor,
        changes={"successor": [None, successor.full_name], "kind": [None, kind]},
    )
    return succession


@transaction.atomic
def add_former_unit(
    *,
    parent: AdministrativeUnit,
    unit_type: str,
    name: str,
    code: str = "",
    valid_from: date | None,
    valid_to: date,
    successor: AdministrativeUnit,
    kind: str = SuccessionKind.MERGED,
    acting_user,
) -> AdministrativeUnit:
    """A unit that had already disappeared before the official list was made (a commune merged
    in 2019), with its dates and the unit it became."""
    if valid_to is None:
        raise ValidationError({"valid_to": _("Give the date the unit ended.")})
    unit = add_unit(
        parent=parent,
        unit_type=unit_type,
        name=name,
        code=code,
        valid_from=valid_from,
        valid_to=valid_to,
        acting_user=acting_user,
    )
    add_succession(
        predecessor=unit,
        successor=successor,
        kind=kind,
        effective_date=date.fromordinal(valid_to.toordinal() + 1),
        acting_user=acting_user,
    )
    return unit


def _refresh_today_paths(unit: AdministrativeUnit) -> None:
    """After a new succession, the unit and everything under it count for a new unit of today."""
    from danvan.territory.loading import compute_today_paths

    wanted = compute_today_paths()
    below = AdministrativeUnit.objects.filter(path__startswith=unit.path)
    changed = [u for u in below if u.today_path != wanted.get(u.pk, u.today_path)]
    for item in changed:
        item.today_path = wanted[item.pk]
    AdministrativeUnit.objects.bulk_update(changed, ["today_path"])
    registry.units_remapped([item.pk for item in changed])
