"""``manage.py report`` — a report on the command line, as stable JSON or as a file.

    report --scope "huyện Yên Lập, tỉnh Phú Thọ" --from 2022-01-01 --to 2022-10-31 \\
           --by subject[,field,…] [--remap] [--area ethnic_minority] [--user USERNAME] \\
           [--format json|xlsx|docx|pdf] [--out FILE]

``--scope`` is a place (old or today's, as ``territory resolve`` reads it) or an organisation's
name; empty for the whole country. Without ``--user`` the command counts everything (the
system); with it, only what that account may see. JSON goes to standard output unless ``--out``
is given; the files need ``--out``. Words are Vietnamese. The JSON is described in
``danvan/reports/serialize.py``; the exit status is 1 when the scope is not found."""

import json
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from danvan.reports.enums import AREA_FLAGS, Dimension
from danvan.reports.files import render_file
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, build_report, resolve_scope
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
    help = "Figures of models and exemplars for a scope and a period, as JSON or a file."

    def add_arguments(self, parser):
        parser.add_argument("--scope", default="", help="A place or an organisation (words).")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--by", default="", help=f"Comma-separated: {', '.join(Dimension)}")
        parser.add_argument("--area", default="", help=f"Only in: {', '.join(AREA_FLAGS)}")
        parser.add_argument("--remap", action="store_true", help="Group by today's units.")
        parser.add_argument("--user", help="Count only what this account may see.")
        parser.add_argument("--format", choices=["json", "xlsx", "docx", "pdf"], default="json")
        parser.add_argument("--out", help="Write to this file.")

    def handle(self, *args, **options):
        translation.activate("vi")
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
        spec = ReportSpec(
            period=period,
            scope=scope,
            by=_codes(options["by"], Dimension.values),
            areas=_codes(options["area"], list(AREA_FLAGS)),
            remap=options["remap"],
        )
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
