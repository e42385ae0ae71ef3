"""``python src/manage.py submissions remind [--days N] [--today dd/mm/yyyy]``: remind the
reporting units of their deadlines, before and after (the task worker runs it every morning)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.submissions.reminders import DAYS_BEFORE, send_reminders


class Command(BaseCommand):
    help = "Periodic reports: remind the reporting units of their deadlines."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="remind the units that have not reported")
        remind.add_argument("--days", type=int, default=DAYS_BEFORE)
        remind.add_argument("--today", help="dd/mm/yyyy (default: today)")

    def handle(self, *args, action, **options):
        today = timezone.localdate()
        if options.get("today"):
            try:
                today = datetime.strptime(options["today"], "%d/%m/%Y").date()  # noqa: DTZ007
            except ValueError as error:
                raise CommandError("--today: dd/mm/yyyy") from error
        count = send_reminders(today=today, days_before=options["days"])
        self.stdout.write(f"{count} đơn vị đã được nhắc / units reminded")
