"""``manage.py jobs sweep`` — fail the background jobs whose worker died.

Run it from cron every minute or two (see docs/deploy.md): a job in a working state whose last
heartbeat is older than ``DANVAN_JOB_STALE_AFTER`` seconds (300 by default) is marked failed,
saying nothing was saved, and its owner may run it again. The worker also sweeps when it starts
a task, and every enqueue sweeps; a page view never does.
"""

from django.core.management.base import BaseCommand

from danvan.core.jobs import sweep_stale_jobs


class Command(BaseCommand):
    help = "Mark the background jobs whose worker stopped as failed (nothing of them was saved)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sweep", help="Fail the jobs without a heartbeat for too long.")

    def handle(self, *args, **options):
        failed = sweep_stale_jobs()
        self.stdout.write(f"{failed} interrupted jobs failed.")
