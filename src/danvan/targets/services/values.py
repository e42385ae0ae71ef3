"""The figures of targets: reported by the units, or computed from danvan's data by a measure of
the measures registry (``core.measures.value_of``: the same figure a report on the same unit and
period shows in its total)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import measures
from danvan.core.audit_context import history_time
from danvan.core.files import save_after_commit
from danvan.core.permissions import ensure
from danvan.core.services import diff, record_event
from danvan.core.uploads import UploadRejected, check_upload
from danvan.targets.enums import ValueSource
from danvan.targets.models import Programme, Target, TargetValue
from danvan.targets.services.standing import refresh_programme, refresh_standing

EVIDENCE_KINDS = {"pdf", "docx", "xlsx", "jpeg", "png"}
EVIDENCE_MAX = 10 * 1024 * 1024
LARGEST = Decimal("999999999999.99")


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
    programme's start (the system's view: everything, as the report of that unit shows)."""
    return measures.value_of(
        measure=target.measure,
        user=None,
        period=Period(target.programme.starts_on, as_of),
        scope=measures.Scope(unit=target.unit),
        filters=tuple(target.measure_filters),
    )


@transaction.atomic
def recompute_programme(*, programme: Programme, as_of: date | None = None, acting_user) -> int:
    """Count every computed target of the programme again as of ``as_of`` (today) and store the
    figures; then judge the standings again. Returns how many figures were written."""
    if acting_user is not None:
        ensure(acting_user, "targets.change_programme", programme)
    as_of = min(as_of or timezone.localdate(), timezone.localdate())
    targets = list(
        Target.objects.filter(programme=programme, measurement="computed").select_related(
            "unit", "programme"
        )
    )
    now = timezone.now()
    written = 0
    for target in targets:
        if not _measure_known(target.measure):
            continue
        number = Decimal(computed_value(target, as_of=as_of))
        TargetValue.objects.update_or_create(
            target=target,
            as_of=as_of,
            source=ValueSource.COMPUTED,
            defaults={"value": number, "recorded_at": now, "recorded_by": None},
        )
        written += 1
    refresh_programme(programme)
    record_event(
        action="targets.programme.recomputed",
        acting_user=acting_user,
        obj=programme,
        changes={"as_of": [None, as_of], "figures": [None, written]},
    )
    return written


def _measure_known(code: str) -> bool:
    try:
        measures.get_measure(code)
    except KeyError:
        return False
    return True
