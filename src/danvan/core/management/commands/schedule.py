"""``manage.py schedule list`` — the scheduled commands, their schedule and last run;
``manage.py schedule run KEY`` — run one now (for a site that prefers cron to the worker's
schedule, see docs/deploy.md); ``manage.py schedule tick`` — queue the worker's tick if none
is waiting (``manage.py setup`` does it)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.core import registry
from danvan.core.models import ScheduledRun
from danvan.core.schedule import ensure_next_tick, run_now


def _when(item: registry.Scheduled) -> str:
    if item.every is not None:
        return f"mỗi {int(item.every.total_seconds() // 60)} phút"
    return f"hằng ngày lúc {item.daily_at:%H:%M}"


class Command(BaseCommand):
    help = "Scheduled work: list it, run one command now, or queue the worker's tick."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Every scheduled command, its schedule and last run.")
        run = sub.add_parser("run", help="Run one scheduled command now.")
        run.add_argument("key")
        sub.add_parser("tick", help="Queue the worker's tick if none is waiting.")

    def handle(self, *args, action, **options):
        items = {item.key: item for item in registry.scheduled()}
        if action == "tick":
            queued = ensure_next_tick(delay=0)
            self.stdout.write("Đã xếp lịch / tick queued" if queued else "Đã có / already queued")
            return
        if action == "run":
            item = items.get(options["key"])
            if item is None:
                raise CommandError(
                    f"Không có việc định kỳ {options['key']!r}; có: {', '.join(sorted(items))}"
                )
            run = run_now(item)
            self.stdout.write(run.output)
            if not run.succeeded:
                raise CommandError(f"{item.key}: không thành công / failed")
            return
        for item in items.values():
            last = ScheduledRun.objects.filter(key=item.key).order_by("-enqueued_at").first()
            when = f"{timezone.localtime(last.enqueued_at):%d/%m/%Y %H:%M}" if last else "chưa chạy"
            state = (
                "" if last is None or last.succeeded is None else (" ✓" if last.succeeded else " ✗")
            )
            self.stdout.write(
                f"{item.key:28} {_when(item):22} {' '.join(item.command):40} {when}{state}"
            )
