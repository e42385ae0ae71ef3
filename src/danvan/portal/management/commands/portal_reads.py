"""``python src/manage.py portal_reads flush``: write the article read counters a shared cache
(Redis) holds to the database (scheduled every few minutes; the web processes also hand their
own counts to a task, see ``danvan.portal.reads``)."""

from django.core.management.base import BaseCommand

from danvan.portal import reads


class Command(BaseCommand):
    help = "Portal: write the counted article reads to the database."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("flush", help="write the counted reads to the database")

    def handle(self, *args, action, **options):
        written = reads.flush_shared() + reads.flush_local()
        self.stdout.write(f"{written} lượt đọc đã ghi / reads written")
