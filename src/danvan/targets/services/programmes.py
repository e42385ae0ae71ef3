"""Programmes and their targets: create, edit, milestones, and the cascade to the units below."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core import measures
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.documents.queries import documents_visible_to
from danvan.targets.enums import Measurement, Rollup
from danvan.targets.models import Milestone, Programme, Target
from danvan.targets.services.common import check_version, inside, strictly_inside
from danvan.targets.services.standing import refresh_standing
from danvan.territory.enums import Level
from danvan.territory.models import AdministrativeUnit

PROGRAMME_FIELDS = ["name", "document", "owner", "unit", "starts_on", "ends_on", "summary"]
TARGET_FIELDS = [
    "number",
    "name",
    "unit_of_measure",
    "baseline",
    "target_value",
    "deadline",
    "direction",
    "rollup",
    "measurement",
    "measure",
    "measure_filters",
    "measure_where",
    "per_commune_at_least",
    "order",
]
# What a unit's share copies from the target above it (its value and unit are its own).
SHARED_FIELDS = [
    "number",
    "name",
    "unit_of_measure",
    "deadline",
    "direction",
    "rollup",
    "measurement",
    "measure",
    "measure_filters",
    "measure_where",
    "per_commune_at_least",
    "order",
]
CENT = Decimal("0.01")


# ---- programmes --------------------------------------------------------------------------------


def _clean_programme(acting_user, data: dict) -> dict:
    cleaned = {key: data.get(key) for key in PROGRAMME_FIELDS}
    cleaned["name"] = (cleaned["name"] or "").strip()
    cleaned["summary"] = (cleaned["summary"] or "").strip()
    errors = {}
    if not cleaned["name"]:
        errors["name"] = _("Give the programme a name.")
    for key in ("owner", "unit", "starts_on", "ends_on"):
        if cleaned[key] is None:
            errors[key] = _("This field is required.")
    if cleaned["starts_on"] and cleaned["ends_on"] and cleaned["ends_on"] < cleaned["starts_on"]:
        errors["ends_on"] = _("The end comes before the start.")
    document = cleaned["document"]
    if (
        document is not None
        and acting_user is not None
        and not documents_visible_to(acting_user).filter(pk=document.pk).exists()
    ):
        errors["document"] = _("Choose a document you may see.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_programme_choice(acting_user, programme: Programme) -> None:
    ensure_choice(
        acting_user,
        "targets.add_programme",
        programme,
        field="owner",
        message=_("The area and the organisation in charge must be in your managing scope."),
    )


@transaction.atomic
def create_programme(*, data: dict, acting_user) -> Programme:
    """A resolution, programme or đề án to follow: its organisation in charge and area must be
    in the acting user's managing scope."""
    ensure(acting_user, "targets.add_programme")
    programme = Programme(**_clean_programme(acting_user, data))
    _check_programme_choice(acting_user, programme)
    programme.created_by = acting_user if getattr(acting_user, "pk", None) else None
    programme.save()
    record_event(
        action="targets.programme.created",
        acting_user=acting_user,
        obj=programme,
        changes=diff({}, snapshot(programme, PROGRAMME_FIELDS)),
    )
    return programme


@transaction.atomic
def update_programme(*, programme: Programme, data: dict, version: int, acting_user) -> Programme:
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    ensure(acting_user, "targets.change_programme", locked)
    check_version(locked, version)
    cleaned = _clean_programme(acting_user, {**snapshot_values(locked), **data})
    before = snapshot(locked, PROGRAMME_FIELDS)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    _check_programme_choice(acting_user, locked)
    changes = diff(before, snapshot(locked, PROGRAMME_FIELDS))
    if changes:
        locked.version += 1
        locked.save()
        record_event(
            action="targets.programme.updated", acting_user=acting_user, obj=locked, changes=changes
        )
    return locked


def snapshot_values(programme: Programme) -> dict:
    return {key: getattr(programme, key) for key in PROGRAMME_FIELDS}


# ---- targets -----------------------------------------------------------------------------------


def _clean_target(data: dict, *, programme: Programme) -> dict:
    cleaned = {key: data.get(key) for key in TARGET_FIELDS}
    errors = {}
    for key in ("number", "name", "unit_of_measure", "measure"):
        cleaned[key] = (cleaned[key] or "").strip()
    if not cleaned["name"]:
        errors["name"] = _("Give the target a name.")
    if not cleaned["unit_of_measure"]:
        errors["unit_of_measure"] = _("Say what the target is counted in (models, %, people…).")
    if cleaned["target_value"] is None:
        errors["target_value"] = _("This field is required.")
    cleaned["deadline"] = cleaned["deadline"] or programme.ends_on
    cleaned["direction"] = cleaned["direction"] or "at_least"
    cleaned["rollup"] = cleaned["rollup"] or Rollup.SUM
    cleaned["measurement"] = cleaned["measurement"] or Measurement.REPORTED
    cleaned["measure_filters"] = list(cleaned["measure_filters"] or [])
    cleaned["measure_where"] = dict(cleaned["measure_where"] or {})
    cleaned["order"] = cleaned["order"] if cleaned["order"] is not None else 100
    if cleaned["deadline"] < programme.starts_on:
        errors["deadline"] = _("The deadline comes before the programme starts.")
    if cleaned["measurement"] == Measurement.COMPUTED:
        errors.update(_measure_errors(cleaned))
    else:
        cleaned["measure"], cleaned["measure_filters"] = "", []
        cleaned["measure_where"], cleaned["per_commune_at_least"] = {}, None
    if errors:
        raise ValidationError(errors)
    return cleaned


def _measure_errors(cleaned: dict) -> dict:
    try:
        measure = measures.get_measure(cleaned["measure"])
    except KeyError:
        return {"measure": _("Choose a measure danvan counts.")}
    source = measures.get_source(measure.source)
    unknown = [code for code in cleaned["measure_filters"] if source.filter(code) is None]
    if unknown:
        return {"measure_filters": _("This measure cannot be limited to these areas.")}
    for code, value in cleaned["measure_where"].items():
        dimension = source.dimension(code)
        if dimension is None or dimension.as_of is not None or not str(value):
            return {"measure_where": _("This measure cannot be limited to these records.")}
    at_least = cleaned["per_commune_at_least"]
    if at_least is not None and at_least < 1:
        return {"per_commune_at_least": _("Enter a whole number from 1.")}
    return {}


def _set_milestones(target: Target, milestones) -> list[str]:
    """Replace the target's milestones with ``milestones`` (``(due, value)`` pairs); their
    description, for the audit log, when they changed."""
    wanted = sorted({due: Decimal(value) for due, value in milestones}.items())
    current = list(target.milestones.order_by("due").values_list("due", "value"))
    if [(d, v.normalize()) for d, v in current] == [(d, v.normalize()) for d, v in wanted]:
        return []
    for due, _value in wanted:
        if due > target.deadline:
            raise ValidationError({"milestones": _("A milestone falls after the deadline.")})
    target.milestones.all().delete()
    Milestone.objects.bulk_create(Milestone(target=target, due=d, value=v) for d, v in wanted)
    return [f"{d:%d/%m/%Y}: {v.normalize():f}" for d, v in wanted]


@transaction.atomic
def create_target(
    *, programme: Programme, data: dict, milestones=(), unit=None, acting_user
) -> Target:
    """A target of the programme for its whole area (``unit``: a unit inside it, the area when
    not given)."""
    ensure(acting_user, "targets.change_programme", programme)
    unit = unit or programme.unit
    if not inside(unit, programme.unit):
        raise ValidationError({"unit": _("The unit must lie in the programme's area.")})
    target = Target(programme=programme, unit=unit, **_clean_target(data, programme=programme))
    target.save()
    marks = _set_milestones(target, milestones)
    changes = diff({}, snapshot(target, ["unit", *TARGET_FIELDS]))
    if marks:
        changes["milestones"] = [None, "; ".join(marks)]
    record_event(
        action="targets.target.created", acting_user=acting_user, obj=target, changes=changes
    )
    refresh_standing(target)
    return target


@transaction.atomic
def update_target(
    *, target: Target, data: dict, version: int, milestones=None, acting_user
) -> Target:
    locked = (
        Target.objects.select_for_update(of=("self",))
        .select_related("programme", "unit")
        .get(pk=target.pk)
    )
    ensure(acting_user, "targets.change_target", locked)
    check_version(locked, version)
    current = {key: getattr(locked, key) for key in TARGET_FIELDS}
    cleaned = _clean_target({**current, **data}, programme=locked.programme)
    before = snapshot(locked, TARGET_FIELDS)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    changes = diff(before, snapshot(locked, TARGET_FIELDS))
    if milestones is not None and (marks := _set_milestones(locked, milestones)):
        changes["milestones"] = ["", "; ".join(marks)]
    if changes:
        locked.version += 1
        locked.save()
        record_event(
            action="targets.target.updated", acting_user=acting_user, obj=locked, changes=changes
        )
        refresh_standing(locked)
    return locked


def _weight(unit: AdministrativeUnit) -> int:
    """A unit's weight in a proportional split: its communes (1 for a commune or below)."""
    if unit.level in (Level.COMMUNE, Level.HAMLET):
        return 1
    return (
        AdministrativeUnit.objects.filter(
            level=Level.COMMUNE, era=unit.era, path__startswith=unit.path
        ).count()
        or 1
    )


def proportional_shares(target: Target, units) -> dict:
    """The target's value shared out to ``units``: by their number of communes for a target
    that adds up, the same value for every unit for a rate. Rounded to hundredths, the last
    unit taking what rounding left, so the shares add up to the whole exactly."""
    units = list(units)
    if target.rollup == Rollup.SAME:
        return dict.fromkeys(units, target.target_value)
    weights = [_weight(unit) for unit in units]
    total = sum(weights)
    shares = {}
    given = Decimal(0)
    for unit, weight in zip(units[:-1], weights[:-1], strict=True):
        share = (target.target_value * weight / total).quantize(CENT, rounding=ROUND_HALF_UP)
        shares[unit] = share
        given += share
    if units:
        shares[units[-1]] = target.target_value - given
    return shares


@transaction.atomic
def cascade_target(*, target: Target, shares: dict, acting_user) -> list[Target]:
    """Split ``target`` into its units' own targets: ``shares`` maps each unit (strictly inside
    the target's unit) to its value — typed by hand, or ``proportional_shares``. A unit that
    already has its share gets the new value; the others are created. Milestones are shared in
    the same proportion."""
    ensure(acting_user, "targets.split_target", target)
    if not shares:
        raise ValidationError({"shares": _("Choose at least one unit.")})
    errors = [u.full_name for u in shares if not strictly_inside(u, target.unit)]
    if errors:
        raise ValidationError(
            {
                "shares": _("Not inside %(unit)s: %(names)s")
                % {"unit": target.unit.full_name, "names": ", ".join(errors)}
            }
        )
    existing = {child.unit_id: child for child in target.children.all()}
    marks = list(target.milestones.values_list("due", "value"))
    written = []
    for unit, given in shares.items():
        value = Decimal(given)
        if value < 0:
            raise ValidationError({"shares": _("A share cannot be negative.")})
        ratio = value / target.target_value if target.target_value else Decimal(0)
        share_marks = (
            marks
            if target.rollup == Rollup.SAME
            else [(due, (v * ratio).quantize(CENT)) for due, v in marks]
        )
        child = existing.get(unit.pk)
        if child is None:
            child = Target(programme=target.programme, parent=target, unit=unit, target_value=value)
            for key in SHARED_FIELDS:
                setattr(child, key, getattr(target, key))
            child.save()
            _set_milestones(child, share_marks)
        elif child.target_value != value:
            child.target_value = value
            child.version += 1
            child.save(update_fields=["target_value", "version"])
            _set_milestones(child, share_marks)
        else:
            continue
        written.append(child)
        refresh_standing(child, with_parents=False)
    refresh_standing(target)
    if written:
        record_event(
            action="targets.target.cascaded",
            acting_user=acting_user,
            obj=target,
            changes={
                "shares": [
                    None,
                    "; ".join(
                        f"{c.unit.full_name}: {c.target_value.normalize():f}" for c in written
                    ),
                ]
            },
        )
    return written


def planned_total(target: Target):
    """What the units' shares add up to (a sum for numbers; None for rates or without shares)."""
    if target.rollup != Rollup.SUM:
        return None
    values = [child.target_value for child in target.children.all()]
    return sum(values, Decimal(0)) if values else None
