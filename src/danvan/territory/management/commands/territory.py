"""``manage.py territory load|stats|resolve`` — the territory on the command line.

JSON output (``--json``) is a stable interface: keys are only ever added, never renamed.
"""

import json
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from danvan.territory.enums import Era
from danvan.territory.loading import PackageDataError, load_units
from danvan.territory.models import AdministrativeUnit, Succession
from danvan.territory.presenting import resolution_as_dict
from danvan.territory.queries import resolve_place


def territory_stats() -> dict:
    counts = {Era.CURRENT.value: {}, Era.LEGACY.value: {}}
    for era, level, number in (
        AdministrativeUnit.objects.values_list("era", "level").annotate(n=Count("id")).order_by()
    ):
        counts[era][level] = number
    return {
        "current": counts[Era.CURRENT.value],
        "legacy": counts[Era.LEGACY.value],
        "successions": Succession.objects.count(),
    }


class Command(BaseCommand):
    help = "Load the administrative units, print statistics, or resolve a place written in words."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Load all units and successions from vietnamadminunits.")
        stats = sub.add_parser("stats", help="Count units by map and level.")
        stats.add_argument("--json", action="store_true")
        resolve = sub.add_parser("resolve", help="Find the unit a place text names.")
        resolve.add_argument("text")
        resolve.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD")
        resolve.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        return getattr(self, f"_{options['action']}")(options)

    def _load(self, options):
        started = time.perf_counter()
        try:
            report = load_units()
        except PackageDataError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        if report.changed:
            self.stdout.write(
                f"Territory loaded in {seconds:.1f} s: "
                + json.dumps(report.as_dict(), ensure_ascii=False)
            )
        else:
            self.stdout.write(f"Territory already up to date, nothing changed ({seconds:.1f} s).")

    def _stats(self, options):
        stats = territory_stats()
        if options["json"]:
            self.stdout.write(json.dumps(stats, ensure_ascii=False, sort_keys=True))
            return
        for era in ("current", "legacy"):
            levels = ", ".join(
                f"{level}: {n:,}".replace(",", ".") for level, n in stats[era].items()
            )
            self.stdout.write(f"{era}: {levels}")
        self.stdout.write(f"successions: {stats['successions']:,}".replace(",", "."))

    def _resolve(self, options):
        as_of = None
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError("--as-of must be a date written YYYY-MM-DD.") from error
        resolution = resolve_place(options["text"], as_of=as_of)
        data = resolution_as_dict(resolution, as_of)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=True))
        elif data["unit"]:
            hamlet = f"{data['hamlet']} (not on the map), " if data["hamlet"] else ""
            self.stdout.write(hamlet + data["unit"]["label"])
            for current in data["current"]:
                self.stdout.write(f"  → {current['label']}")
        else:
            self.stdout.write(f"No unit found ({data['reason']}). Closest:")
            for candidate in data["candidates"]:
                self.stdout.write(f"  {candidate['label']}")
        if data["unit"] is None:
            raise SystemExit(1)
