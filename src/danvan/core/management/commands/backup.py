"""``manage.py backup FILE``: the database, the media files and a manifest in one archive.

See ``danvan.core.backup`` for what the archive holds and docs/deploy.md for schedule and
retention. Safe while danvan runs (SQLite's online backup; a PostgreSQL snapshot).
"""

from django.core.management.base import BaseCommand, CommandError

from danvan.core.backup import BackupError, write_backup
from danvan.core.formatting import format_number


class Command(BaseCommand):
    help = "Write one archive with the database, the media files and a manifest."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive to write (e.g. danvan-2026-12-07.tar.gz).")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, file, database, **options):
        try:
            outcome = write_backup(file, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Đã sao lưu {format_number(outcome.tables)} bảng, {format_number(outcome.rows)} dòng, "
            f"{format_number(outcome.files)} tệp ({format_number(outcome.bytes)} byte) vào {file}"
        )
