"""``manage.py activities import|export`` — the Excel round trip of activities with the people,
with the options and the JSON answer of ``initiatives import|export``.

    activities import FILE.xlsx [--dry-run] [--keep-valid] [--user USERNAME] [--json]
    activities export FILE.xlsx [--scope "<place text>"] [--user USERNAME]
    activities rollup

``rollup`` counts the monthly rollup the reports read (``services.rollup``) again from the rows;
the task worker runs it every night.

Without ``--user`` the command acts as the system (every record in scope, no person in the
audit log); with it, it sees and changes only what that account may, as in the browser.
``--json`` prints ``{"created": n, "updated": n, "unchanged": n, "errors": [{"row": r,
"column": "…", "message": "…"}]}`` (rows numbered as Excel shows them; a problem with the whole
file is row 0). The exit status is 1 when there are errors and nothing was written (always so
with ``--dry-run``, which rolls everything back)."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.activities import excel, queries
from danvan.activities.models import Activity
from danvan.activities.services import rollup
from danvan.core.formatting import format_date
from danvan.core.spreadsheets import SpreadsheetError, export_rows, read_rows, run_import
from danvan.territory.queries import ancestors_of_many, resolve_place

MAX_ROWS = 50_000


class Command(BaseCommand):
    help = (
        "Import activities with the people from an Excel file (sheet “Hoạt động”), or export them."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Import the sheet “Hoạt động” of an .xlsx file.")
        load.add_argument("file")
        load.add_argument("--dry-run", action="store_true", help="Check everything, write nothing.")
        load.add_argument(
            "--keep-valid", action="store_true", help="Write the valid rows despite errors."
        )
        load.add_argument("--user", help="Act as this account (default: the system, all scope).")
        load.add_argument("--json", action="store_true")
        dump = sub.add_parser("export", help="Write the activities to an .xlsx file.")
        dump.add_argument("file")
        dump.add_argument("--scope", help="Only those placed in this unit (today's or old).")
        dump.add_argument("--user", help="Only what this account sees (default: everything).")
        sub.add_parser("rollup", help="Count the monthly rollup the reports read again.")

    def handle(self, *args, **options):
        if options["action"] == "rollup":
            self.stdout.write(rollup.rebuild())
            return None
        user = self._user(options["user"])
        if options["action"] == "import":
            return self._import(options, user)
        return self._export(options, user)

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account with the username {username!r}.") from None

    def _import(self, options, user):
        try:
            rows, errors = read_rows(
                Path(options["file"]),
                sheet_title=str(excel.SHEET),
                columns=excel.COLUMNS,
                max_rows=MAX_ROWS,
            )
        except (SpreadsheetError, OSError) as error:
            problem = {"row": 0, "column": "", "message": str(error)}
            if options["json"]:
                report = {"created": 0, "updated": 0, "unchanged": 0, "errors": [problem]}
                self.stdout.write(json.dumps(report, ensure_ascii=False))
            raise CommandError(str(error), returncode=1) from None
        with transaction.atomic():
            result = run_import(
                rows=rows,
                handle_row=excel.row_handler(user),
                keep_valid=options["keep_valid"],
                errors=errors,
                columns=excel.COLUMNS,
            )
            if options["dry_run"]:
                transaction.set_rollback(True)
                result.committed = False
        report = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message} for e in result.errors
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            prefix = "Dry run, nothing written: " if options["dry_run"] else ""
            self.stdout.write(
                f"{prefix}{result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged, {len(result.errors)} errors."
            )
            for error in result.errors:
                column = f" [{error.column}]" if error.column else ""
                self.stdout.write(f"  row {error.row}{column}: {error.message}")
        written = result.committed and (result.created or result.updated)
        if result.errors and not written:
            raise CommandError("The file has errors: nothing was written.", returncode=1)

    def _export(self, options, user):
        activities = Activity.objects.all() if user is None else queries.activities_visible_to(user)
        where = _("Whole country")
        if options["scope"]:
            found = resolve_place(options["scope"])
            if found.unit is None:
                chains = ancestors_of_many(found.candidates[:5])
                closest = "; ".join(
                    excel.place_label(u, chains[u.pk]) for u in found.candidates[:5]
                )
                raise CommandError(f"No single unit fits {options['scope']!r}. Closest: {closest}")
            unit = found.unit
            activities = activities.filter(queries.placed_in_q(unit))
            where = excel.place_label(unit, ancestors_of_many([unit])[unit.pk])
        activities = activities.order_by("-start_date", "-id")
        count = activities.count()
        title = [
            _("Activities with the people") + f" — {where}",
            _("Exported on %(day)s by %(user)s")
            % {
                "day": format_date(timezone.localdate()),
                "user": user.get_full_name() if user else "manage.py",
            },
        ]
        content = export_rows(
            sheet_title=str(excel.SHEET),
            columns=excel.COLUMNS,
            rows=excel.export_rows(activities, limit=max(count, 1)),
            title_lines=title,
        )
        Path(options["file"]).write_bytes(content)
        self.stdout.write(f"{count} activities written to {options['file']}.")
