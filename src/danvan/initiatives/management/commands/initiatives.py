"""``manage.py initiatives import|export`` — the Excel round trip of models and exemplars.

    initiatives import FILE.xlsx [--dry-run] [--keep-valid] [--create-organizations]
                                 [--user USERNAME] [--json]
    initiatives export FILE.xlsx [--scope "<place text>"] [--user USERNAME]
    initiatives clean-imports    (daily: interrupted jobs failed, old uploads removed; the
                                 sweep alone is ``manage.py jobs sweep``)

Without ``--user`` the command acts as the system: every record is in scope (like a superuser)
and the audit log records no person (``acting_user`` None). With ``--user`` it sees and changes
only what that account may, as in the browser.

``--json`` prints ``{"created": n, "updated": n, "unchanged": n, "errors": [{"row": r, "column":
"…", "message": "…"}]}`` (rows numbered as Excel shows them, the header being row 1; a problem
with the whole file is row 0). The exit status is 1 when there are errors and nothing was
written (always so with ``--dry-run``, which rolls everything back). Messages are in the
default language (Vietnamese).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.formatting import format_date
from danvan.core.jobs import sweep_stale_jobs
from danvan.core.spreadsheets import SpreadsheetError, export_rows
from danvan.core.tasks import remove_old_files as remove_old_sheet_files
from danvan.initiatives import excel
from danvan.initiatives.models import Initiative
from danvan.initiatives.queries import in_unit, initiatives_visible_to
from danvan.initiatives.tasks import (
    import_rows,
    read_file,
    remove_old_files,
    result_json,
)
from danvan.territory.queries import ancestors_of_many, resolve_place


class Command(BaseCommand):
    help = "Import models and exemplars from an Excel file (sheet “Mô hình”), or export them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Import the sheet “Mô hình” of an .xlsx file.")
        load.add_argument("file")
        load.add_argument("--dry-run", action="store_true", help="Check everything, write nothing.")
        load.add_argument(
            "--keep-valid", action="store_true", help="Write the valid rows despite errors."
        )
        load.add_argument(
            "--create-organizations",
            action="store_true",
            help="Add missing owner organisations (and people, hamlets) at the row's place.",
        )
        load.add_argument("--user", help="Act as this account (default: the system, all scope).")
        load.add_argument("--json", action="store_true")
        dump = sub.add_parser("export", help="Write the models and exemplars to an .xlsx file.")
        dump.add_argument("file")
        dump.add_argument("--scope", help="Only those placed in this unit (today's or old).")
        dump.add_argument("--user", help="Only what this account sees (default: everything).")
        sub.add_parser(
            "clean-imports",
            help="Mark interrupted browser imports as failed; remove uploads older than 30 days.",
        )

    def handle(self, *args, **options):
        if options["action"] == "clean-imports":
            failed = sweep_stale_jobs()
            removed = remove_old_files() + remove_old_sheet_files()
            self.stdout.write(f"{failed} interrupted imports failed, {removed} old files removed.")
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
            rows, errors = read_file(Path(options["file"]))
        except (SpreadsheetError, OSError) as error:
            problem = {"row": 0, "column": "", "message": str(error)}
            if options["json"]:
                report = {"created": 0, "updated": 0, "unchanged": 0, "errors": [problem]}
                self.stdout.write(json.dumps(report, ensure_ascii=False))
            raise CommandError(str(error), returncode=1) from None
        result = import_rows(
            rows,
            errors,
            user=user,
            keep_valid=options["keep_valid"],
            dry_run=options["dry_run"],
            create_missing=options["create_organizations"],
        )
        report = result_json(result)
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
        initiatives = Initiative.objects.all() if user is None else initiatives_visible_to(user)
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
            initiatives = in_unit(initiatives, unit)
            where = excel.place_label(unit, ancestors_of_many([unit])[unit.pk])
        initiatives = initiatives.order_by("-year", "name_folded", "id")
        count = initiatives.count()
        title = [
            _("Register of models and exemplars") + f" — {where}",
            _("Exported on %(day)s by %(user)s")
            % {
                "day": format_date(timezone.localdate()),
                "user": user.get_full_name() if user else "manage.py",
            },
        ]
        content = export_rows(
            sheet_title=excel.SHEET,
            columns=excel.COLUMNS,
            rows=excel.export_rows(initiatives),
            title_lines=title,
        )
        Path(options["file"]).write_bytes(content)
        self.stdout.write(f"{count} models and exemplars written to {options['file']}.")
