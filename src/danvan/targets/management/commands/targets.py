"""``python src/manage.py targets recompute [--programme ID] [--as-of dd/mm/yyyy]``: count every
computed target again from danvan's data and judge the standings again (run it nightly, e.g. from
cron or a systemd timer; the dashboard's button does it for one programme)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from danvan.targets.models import Programme
from danvan.targets.services import recompute_programme
from danvan.targets.tasks import recompute_all


class Command(BaseCommand):
    help = "Targets: count the computed targets again."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        recompute = sub.add_parser("recompute", help="count the computed targets again")
        recompute.add_argument("--programme", type=int)
        recompute.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (default: today)")

    def handle(self, *args, action, **options):
        as_of = None
        if options.get("as_of"):
            try:
                as_of = datetime.strptime(options["as_of"], "%d/%m/%Y").date()  # noqa: DTZ007
            except ValueError as error:
                raise CommandError("--as-of: dd/mm/yyyy") from error
        if options.get("programme"):
            programme = Programme.objects.filter(pk=options["programme"]).first()
            if programme is None:
                raise CommandError(f"no programme {options['programme']}")
            written = recompute_programme(programme=programme, as_of=as_of, acting_user=None)
            count = 1
        else:
            count, written = recompute_all(as_of=as_of)
        self.stdout.write(
            f"{count} chương trình, {written} số liệu đã tính lại / programmes, figures recomputed"
        )
