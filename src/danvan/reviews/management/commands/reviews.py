"""``python src/manage.py reviews remind [--days N] [--today dd/mm/yyyy]``: remind reviewers
of the open rounds whose deadline is near (run it daily, e.g. from cron or a systemd timer)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.reviews.services import send_reminders
from danvan.reviews.services.notifications import REMINDER_DAYS


class Command(BaseCommand):
    help = "Review rounds: remind reviewers before the deadline."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="remind reviewers with models left to score")
        remind.add_argument("--days", type=int, default=REMINDER_DAYS)
        remind.add_argument("--today", help="dd/mm/yyyy (default: today)")

    def handle(self, *args, action, **options):
        today = timezone.localdate()
        if options.get("today"):
            try:
                today = datetime.strptime(options["today"], "%d/%m/%Y").date()  # noqa: DTZ007
            except ValueError as error:
                raise CommandError("--today: dd/mm/yyyy") from error
        count = send_reminders(today=today, days_before=options["days"])
        self.stdout.write(f"{count} người chấm đã được nhắc / reviewers reminded")
