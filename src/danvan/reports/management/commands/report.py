"""``manage.py report`` — a report on the command line, as stable JSON or as a file.

    report --scope "huyện Yên Lập, tỉnh Phú Thọ" --from 2022-01-01 --to 2022-10-31 \\
           --by subject[,field,…] [--remap] [--area ethnic_minority] [--user USERNAME] \\
           [--measures registered,recognised] [--format json|xlsx|docx|pdf] [--out FILE]
    report --list-measures [--json]

``--scope`` is a place (old or today's, as ``territory resolve`` reads it) or an organisation's
name; empty for the whole country. Without ``--user`` the command counts everything (the
system); with it, only what that account may see. JSON goes to standard output unless ``--out``
is given; the files need ``--out``. ``--measures`` chooses what is counted (codes of the measures
registry; default: the default measures that fit the grouping); ``--list-measures`` lists them
with their app and dimensions. Words are Vietnamese. The JSON is described in
``danvan/reports/serialize.py``; the exit status is 1 when the scope is not found."""

import json
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from danvan.core import measures
from danvan.reports.files import render_file
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, build_report, resolve_scope, scope_refusal
from danvan.reports.serialize import report_json


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from None


def _codes(text: str, allowed) -> tuple[str, ...]:
    codes = tuple(code.strip() for code in (text or "").split(",") if code.strip())
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise CommandError(f"Unknown: {', '.join(unknown)}; choose from {', '.join(allowed)}.")
    return codes


class Command(BaseCommand):
    help = "Figures of the measures the apps declare, for a scope and a period, as JSON or a file."

    def add_arguments(self, parser):
        parser.add_argument("--scope", default="", help="A place or an organisation (words).")
        parser.add_argument("--from", dest="start", help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="YYYY-MM-DD")
        parser.add_argument("--by", default="", help="Comma-separated dimensions (unit, field…)")
        parser.add_argument("--area", default="", help="Only in (ethnic_minority…)")
        parser.add_argument("--measures", default="", help="Comma-separated measure codes.")
        parser.add_argument(
            "--list-measures", action="store_true", help="List the measures and stop."
        )
        parser.add_argument("--json", action="store_true", help="With --list-measures: JSON.")
        parser.add_argument("--remap", action="store_true", help="Group by today's units.")
        parser.add_argument("--user", help="Count only what this account may see.")
        parser.add_argument("--format", choices=["json", "xlsx", "docx", "pdf"], default="json")
        parser.add_argument("--out", help="Write to this file.")

    def handle(self, *args, **options):
        translation.activate("vi")
        if options["list_measures"]:
            self._list_measures(as_json=options["json"])
            return
        if not options["start"] or not options["end"]:
            raise CommandError("--from and --to are needed (YYYY-MM-DD).")
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"No account with the username {options['user']!r}.") from None
        try:
            period = Period(_day(options["start"]), _day(options["end"]))
        except ValueError as error:
            raise CommandError(str(error)) from None
        scope = resolve_scope(options["scope"], user=user)
        if scope is None:
            raise CommandError(f"No single place or organisation matches {options['scope']!r}.")
        refusal = scope_refusal(scope, user=user)
        if refusal:
            raise CommandError(refusal)
        try:
            spec = ReportSpec(
                period=period,
                scope=scope,
                by=_codes(options["by"], [d.code for d in measures.dimensions()]),
                areas=_codes(options["area"], [f.code for f in measures.filters()]),
                measures=_codes(options["measures"], [m.code for m in measures.measures()]),
                remap=options["remap"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        report = build_report(spec, user=user)
        if options["format"] == "json":
            text = json.dumps(report_json(report), ensure_ascii=False, indent=2)
            if options["out"]:
                Path(options["out"]).write_text(text + "\n", encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        if not options["out"]:
            raise CommandError("--out FILE is needed for xlsx, docx and pdf.")
        Path(options["out"]).write_bytes(render_file(report, options["format"]))
        self.stdout.write(options["out"])

    def _list_measures(self, *, as_json: bool) -> None:
        listed = [
            {
                "code": measure.code,
                "label": str(measure.label),
                "app": measure.app,
                "source": measure.source,
                "aggregate": f"sum:{measure.sum_of}" if measure.sum_of else "count",
                "default": measure.default,
                "dimensions": [
                    d.code
                    for d in measures.dimensions()
                    if measures.get_source(measure.source).dimension(d.code)
                ],
                "filters": [f.code for f in measures.get_source(measure.source).filters],
            }
            for measure in measures.measures()
        ]
        if as_json:
            self.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2))
            return
        for item in listed:
            default = "*" if item["default"] else " "
            self.stdout.write(f"{default} {item['code']:<22} {item['app']:<12} {item['label']}")
