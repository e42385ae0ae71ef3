"""``manage.py remind_followups [--days N]`` — run daily (cron or a scheduled task): a reminder
in the application and by e-mail to the officers of each unit with a follow-up due within N
days (3) or overdue; at most one a day per person and follow-up."""

from django.core.management.base import BaseCommand

from danvan.followups.services import REMIND_DAYS_AHEAD, send_reminders


class Command(BaseCommand):
    help = "Remind units of follow-ups due soon or overdue (in-app and e-mail)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=REMIND_DAYS_AHEAD)

    def handle(self, *args, **options):
        written = send_reminders(days_ahead=max(0, options["days"]))
        self.stdout.write(f"{written} reminders sent.")
