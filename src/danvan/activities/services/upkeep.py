"""Writes that keep the app's reference data: the catalogues staff extend, and the copies of
the province of today on the activities (refreshed when territory remaps units)."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.activities.models import Activity, ActivityKind, ParticipantCategory, WorkKind
from danvan.activities.services import rollup
from danvan.core.folding import fold
from danvan.core.permissions import ensure
from danvan.core.services import diff, record_event, snapshot
from danvan.territory.models import AdministrativeUnit

# ---- catalogues ------------------------------------------------------------------------------

CATALOGUES = {
    "activity-kind": ActivityKind,
    "participant-category": ParticipantCategory,
    "work-kind": WorkKind,
}


@transaction.atomic
def save_catalogue_entry(*, catalogue: str, data: dict, entry=None, acting_user):
    """Add (``entry`` None) or change an entry of a catalogue: its name (unique ignoring
    diacritics), order, whether it is still offered, and a kind of work's unit. Its code is
    given when it is added and never changes (imports and measures name it)."""
    ensure(acting_user, "activities.change_catalogue")
    model = CATALOGUES[catalogue]
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise ValidationError({"name": _("Enter the name.")})
    clash = model.objects.filter(name_folded=fold(name))
    if entry is not None:
        clash = clash.exclude(pk=entry.pk)
    if clash.exists():
        raise ValidationError({"name": _("This name is already in the catalogue.")})
    values = {"name": name, "name_folded": fold(name)[:120], "order": data.get("order") or 100}
    values["active"] = bool(data.get("active", True))
    if model is WorkKind:
        unit = (data.get("unit") or "").strip()
        if not unit:
            raise ValidationError({"unit": _("Enter the unit of measure, e.g. m, cây, đồng.")})
        values.update(unit=unit, is_money=bool(data.get("is_money")))
    if entry is None:
        code = _free_code(model, fold(name))
        entry = model.objects.create(code=code, **values)
        record_event(
            action="activities.catalogue.added",
            acting_user=acting_user,
            obj=entry,
            changes=diff({}, snapshot(entry, ["name", *values.keys() - {"name_folded", "name"}])),
        )
        return entry
    fields = [key for key in values if key != "name_folded"]
    before = snapshot(entry, fields)
    for key, value in values.items():
        setattr(entry, key, value)
    entry.save()
    if changes := diff(before, snapshot(entry, fields)):
        record_event(
            action="activities.catalogue.changed",
            acting_user=acting_user,
            obj=entry,
            changes=changes,
        )
    return entry


def _free_code(model, folded: str) -> str:
    base = "-".join(folded.split())[:32] or "muc"
    taken = set(model.objects.filter(code__startswith=base).values_list("code", flat=True))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


# ---- place copies ------------------------------------------------------------------------------


def refresh_place_copies(unit_ids=None) -> int:
    """Set ``place_province`` again on the activities placed in ``unit_ids`` (all when None),
    after territory changed what those units count for today, and count again the monthly
    rollup of their provinces (all of it when None). Returns the activities changed."""
    if unit_ids is None:
        rollup.rebuild()
    else:
        rollup.refresh_places(unit_ids)
    units = AdministrativeUnit.objects.all()
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    by_province = defaultdict(list)
    for pk, today_path in units.values_list("pk", "today_path"):
        by_province[AdministrativeUnit(today_path=today_path).today_province_path].append(pk)
    changed = 0
    for province, places in by_province.items():
        for start in range(0, len(places), 500):
            changed += (
                Activity.objects.filter(place_id__in=places[start : start + 500])
                .exclude(place_province=province)
                .update(place_province=province)
            )
    return changed


def refresh_all_place_copies(*, stdout=None) -> str:
    return _("%(count)s activities moved to another province of today.") % {
        "count": refresh_place_copies()
    }
