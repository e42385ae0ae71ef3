"""Set-up steps and home figures of the territory app (registered in ``apps.py``)."""

import time

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.accounts.queries import NOTHING, grants_of
from danvan.territory.enums import Era, Level
from danvan.territory.loading import load_units
from danvan.territory.models import AdministrativeUnit


def load_reference(*, stdout) -> str:
    started = time.perf_counter()
    report = load_units()
    seconds = time.perf_counter() - started
    if not report.changed:
        return _("already up to date (%(seconds).1f s)") % {"seconds": seconds}
    created = sum(report.created.values())
    return _("%(count)s records written in %(seconds).1f s") % {
        "count": created,
        "seconds": seconds,
    }


def count_current_communes(user) -> int:
    """The communes and wards of today inside the user's scope (those of today under a unit of
    today, and those that old units of the scope became). A user without any scope sees the
    country's figure: the map is public reference data."""
    communes = AdministrativeUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE)
    if user.is_superuser:
        return communes.count()
    condition = NOTHING
    for grant in grants_of(user):
        unit = grant.unit if grant.unit_id else getattr(grant.organization, "unit", None)
        if unit is None:
            continue
        became = AdministrativeUnit.objects.filter(path__startswith=unit.path).values("today_path")
        condition |= Q(path__startswith=unit.path) | Q(path__in=became)
    if condition == NOTHING:
        return communes.count()
    return communes.filter(condition).count()
