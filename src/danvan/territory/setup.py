"""Set-up steps and home figures of the territory app (registered in ``apps.py``)."""

import time

from django.utils.translation import gettext as _

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
    return AdministrativeUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).count()
