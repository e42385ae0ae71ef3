"""The figures of targets: reported by the units, or computed from danvan's data by a measure of
the measures registry (``core.measures.value_of``: the same figure a report on the same unit and
period shows in its total)."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import measures
from danvan.core.audit_context import history_time
from danvan.core.bulk_insert import insert_values, update_many
from danvan.core.files import save_after_commit
from danvan.core.permissions import ensure
from danvan.core.services import diff, record_event
from danvan.core.uploads import UploadRejected, check_upload
from danvan.targets.enums import ValueSource
from danvan.targets.models import Programme, Target, TargetValue
from danvan.targets.services.standing import refresh_programme, refresh_standing
from danvan.territory.enums import Level
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import valid_on

EVIDENCE_KINDS = {"pdf", "docx", "xlsx", "jpeg", "png"}
EVIDENCE_MAX = 10 * 1024 * 1024
LARGEST = Decimal("999999999999.99")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def _clean_value(value) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("Enter a number.")}) from None
    if not number.is_finite() or abs(number) > LARGEST:
        raise ValidationError({"value": _("Enter a number.")})
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def record_value(
    *, target: Target, as_of: date, value, note: str = "", evidence=None, acting_user
) -> TargetValue:
    """A unit reports its figure for ``target`` as of ``as_of`` (with a note and evidence). A
    second report for the same date corrects the first (the audit log keeps both). Only for a
    reported target; the date lies between the programme's start and today."""
    ensure(acting_user, "targets.report_value", target)
    if target.is_computed:
        raise ValidationError(_("This target is computed from the data: nobody reports it."))
    number = _clean_value(value)
    if as_of < target.programme.starts_on or as_of > timezone.localdate():
        raise ValidationError(
            {"as_of": _("The date lies between the programme's start and today.")}
        )
    kind = _check_evidence(evidence) if evidence else ""
    row = TargetValue.objects.filter(
        target=target, as_of=as_of, source=ValueSource.REPORTED
    ).first()
    before = {"value": row.value, "note": row.note} if row else {}
    if row is None:
        row = TargetValue(target=target, as_of=as_of, source=ValueSource.REPORTED)
    row.value, row.note = number, (note or "").strip()
    row.recorded_by = acting_user if getattr(acting_user, "pk", None) else None
    row.recorded_at = history_time.get() or timezone.now()
    if evidence:
        save_after_commit(row.evidence, f"evidence.{kind}", evidence.read(), unique=False)
    row.save()
    changes = diff(before, {"value": row.value, "note": row.note})
    changes["as_of"] = [None, as_of]
    record_event(
        action="targets.target.value_reported", acting_user=acting_user, obj=target, changes=changes
    )
    refresh_standing(target)
    return row


def _check_evidence(upload) -> str:
    try:
        return check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX)
    except UploadRejected as error:
        raise ValidationError({"evidence": error.messages}) from error


def computed_value(target: Target, *, as_of: date):
    """The figure of a computed target on ``as_of``: its measure counted in its unit from the
    programme's start (the system's view: everything, as the report of that unit shows) —
    ``value_of`` itself, or, limited to some records (a kind, a field of work: the row of the
    report grouped by it), the same aggregate over them; or the share of the unit's communes
    with at least N of them."""
    if target.per_commune_at_least:
        return _share_of_communes(target, as_of=as_of)
    if not target.measure_where:
        return measures.value_of(
            measure=target.measure,
            user=None,
            period=Period(target.programme.starts_on, as_of),
            scope=measures.Scope(unit=target.unit),
            filters=tuple(target.measure_filters),
        )
    measure = measures.get_measure(target.measure)
    queryset = _counted(target, target.unit, as_of=as_of)
    return measures.plain(
        queryset.aggregate(value=measures.aggregate(measure, Q(), end=as_of))["value"]
    )


def _counted(target: Target, unit, *, as_of: date):
    """The records a computed target counts in ``unit``: in scope, dated in the programme's
    period, in its areas and of its kinds."""
    source = measures.get_source(measures.get_measure(target.measure).source)
    queryset = measures.records(
        source, user=None, scope=measures.Scope(unit=unit), filters=tuple(target.measure_filters)
    ).order_by()
    queryset = queryset.filter(source.dated(target.programme.starts_on, as_of))
    for code, value in (target.measure_where or {}).items():
        queryset = queryset.filter(**{source.dimension(code).lookup: value})
    return queryset


def _unit_key(target: Target, source, length: int):
    path = (
        F(f"{source.place}__path")
        if target.unit.era == measures.LEGACY
        else measures.today_path(source)
    )
    return Substr(path, 1, length)


def _share_of_communes(target: Target, *, as_of: date):
    """The share (%) of the communes in the target's unit (of its map, valid on ``as_of``) with
    at least ``per_commune_at_least`` of the counted records: one GROUP BY by commune."""
    measure = measures.get_measure(target.measure)
    source = measures.get_source(measure.source)
    communes = AdministrativeUnit.objects.filter(
        level=Level.COMMUNE, era=target.unit.era, path__startswith=target.unit.path
    )
    if target.unit.era != measures.LEGACY:  # today's map: the communes of today
        communes = communes.filter(valid_on(timezone.localdate()))
    paths = set(communes.values_list("path", flat=True))
    if not paths:
        return 0
    length = len(next(iter(paths)))
    rows = (
        _counted(target, target.unit, as_of=as_of)
        .annotate(unit_key=_unit_key(target, source, length))
        .values("unit_key")
        .annotate(value=measures.aggregate(measure, Q(), end=as_of))
    )
    reached = sum(
        1
        for row in rows
        if row["unit_key"] in paths and (row["value"] or 0) >= target.per_commune_at_least
    )
    return (Decimal(100) * reached / len(paths)).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class _Counted:
    """A computed target as the recount reads it: its counting and its unit's path, no model
    instance (a programme split among 3,321 communes)."""

    pk: int
    parent_id: int | None
    counting: tuple
    path: str
    era: str


# How a target is counted, as the recount compares targets: the filters and kinds as the
# database's text (JSON decoded only for the few targets counted, not for 66,000 shares).
COUNTING = ("measure", "filters_text", "where_text", "per_commune_at_least")


def _units_figures(target: Target, children: list[_Counted], *, as_of: date) -> dict:
    """The figures of ``target``'s units (its ``children``, computed with the same measure and
    areas) in one GROUP BY: the records in the target's unit, grouped by the path of the unit
    one level below (cut from the record's path, as the report's "unit one level below" is) —
    the same figure ``value_of`` gives for each unit, one query instead of one per unit."""
    measure = measures.get_measure(target.measure)
    source = measures.get_source(measure.source)
    lengths = {len(child.path) for child in children}
    same_map = all(child.era == target.unit.era for child in children)
    if len(lengths) != 1 or not same_map or not source.place or target.per_commune_at_least:
        units = Target.objects.filter(pk__in=[c.pk for c in children]).select_related(
            "unit", "programme"
        )
        return {child.pk: computed_value(child, as_of=as_of) for child in units}
    rows = (
        _counted(target, target.unit, as_of=as_of)
        .annotate(unit_key=_unit_key(target, source, lengths.pop()))
        .values("unit_key")
        .annotate(value=measures.aggregate(measure, Q(), end=as_of))
    )
    found = {row["unit_key"]: measures.plain(row["value"]) for row in rows}
    return {child.pk: found.get(child.path, 0) for child in children}


@transaction.atomic
def recompute_programme(*, programme: Programme, as_of: date | None = None, acting_user) -> int:
    """Count every computed target of the programme again as of ``as_of`` (today) and store the
    figures that changed; then, if any did, judge the standings again. A computed target's units
    counted with the same measure are counted together (``_units_figures``). Returns how many
    figures were counted (stored, or found as stored)."""
    if acting_user is not None:
        ensure(acting_user, "targets.change_programme", programme)
    as_of = min(as_of or timezone.localdate(), timezone.localdate())
    computed = Target.objects.filter(programme=programme, measurement="computed")
    rows = [
        _Counted(pk, parent_id, (measure, filters, where, at_least), path, era)
        for pk, parent_id, measure, filters, where, at_least, path, era in computed.annotate(
            filters_text=Cast("measure_filters", TextField()),
            where_text=Cast("measure_where", TextField()),
        ).values_list("pk", "parent_id", *COUNTING, "unit__path", "unit__era")
        if _measure_known(measure)
    ]
    by_id = {row.pk: row for row in rows}
    children: dict = {}
    for row in rows:
        parent = by_id.get(row.parent_id)
        if parent is not None and parent.counting == row.counting:
            children.setdefault(parent.pk, []).append(row)
    grouped = {child.pk for kids in children.values() for child in kids}
    # Model instances only for the targets counted on their own (the few at the top) and those
    # whose units are counted together (a district between the province and its communes).
    needed = [row.pk for row in rows if row.pk not in grouped] + list(children)
    figures = {}
    # Two targets counted alike in the same unit (the same measure, areas and kinds) are
    # counted once.
    own: dict = {}
    units: dict = {}
    for target in computed.filter(pk__in=needed).select_related("unit", "programme"):
        key = (json.dumps(by_id[target.pk].counting, sort_keys=True, default=str), target.unit_id)
        if target.pk not in grouped:
            if key not in own:
                own[key] = computed_value(target, as_of=as_of)
            figures[target.pk] = own[key]
        if target.pk in children:
            if key not in units:
                units[key] = _units_figures(target, children[target.pk], as_of=as_of)
                figures.update(units[key])
            else:  # the same units' figures, for this target's own shares
                by_path = {by_id[pk].path: value for pk, value in units[key].items()}
                figures.update(
                    {child.pk: by_path.get(child.path, 0) for child in children[target.pk]}
                )
    if _store_figures(programme, figures, as_of=as_of):
        refresh_programme(programme)
    record_event(
        action="targets.programme.recomputed",
        acting_user=acting_user,
        obj=programme,
        changes={"as_of": [None, as_of], "figures": [None, len(figures)]},
    )
    return len(figures)


def _store_figures(programme: Programme, figures: dict, *, as_of: date) -> bool:
    """Store the computed ``figures`` ({target id: value}) as of ``as_of``: only those that
    differ from the stored ones are written (new ones inserted, changed ones updated, those of
    targets no longer counted deleted), as plain rows — a programme split among communes has
    66,000 figures, and a recount on the same day usually finds most of them unchanged.
    Whether anything was written (else the standings stand as they are)."""
    stored = TargetValue.objects.filter(
        target__programme=programme,
        target__measurement="computed",
        as_of=as_of,
        source=ValueSource.COMPUTED,
    ).values_list("target_id", "pk", "value")
    before = {target_id: (pk, value) for target_id, pk, value in stored}
    now = history_time.get() or timezone.now()
    new, changed = [], []
    for pk, value in figures.items():
        if pk not in before:
            new.append(pk)
            continue
        row, old = before.pop(pk)
        # As the column keeps it (two decimals, halves away from zero).
        if old != Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):
            changed.append([Decimal(value), now, row])
    if before:  # targets no longer counted (their measure is gone)
        TargetValue.objects.filter(pk__in=[row for row, _value in before.values()]).delete()
    update_many(TargetValue, ["value", "recorded_at"], changed)
    insert_values(
        TargetValue,
        [
            {
                "target_id": pk,
                "as_of": as_of,
                "source": ValueSource.COMPUTED.value,
                "value": Decimal(figures[pk]),
                "recorded_at": now,
            }
            for pk in new
        ],
    )
    return bool(before or changed or new)


def _measure_known(code: str) -> bool:
    try:
        measures.get_measure(code)
    except KeyError:
        return False
    return True
