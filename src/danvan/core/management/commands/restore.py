"""``manage.py restore FILE``: restore a ``manage.py backup`` archive into an empty database and
an empty media storage, then read both back and compare them with the archive's manifest (row
counts and checksums of every table, size and checksum of every file). Exit status 1 and the
list of differences when they do not agree.
"""

from django.core.management.base import BaseCommand, CommandError

from danvan.core.backup import BackupError, restore_backup
from danvan.core.formatting import format_number


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and media storage, and verify it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="An archive written by manage.py backup.")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, file, database, **options):
        try:
            outcome = restore_backup(file, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        if outcome.mismatches:
            for line in outcome.mismatches:
                self.stderr.write(line)
            raise CommandError(
                f"Khôi phục xong nhưng {len(outcome.mismatches)} mục khác bản sao lưu "
                "/ restored data differs from the backup"
            )
        self.stdout.write(
            f"Đã khôi phục và đối chiếu {format_number(outcome.tables)} bảng, "
            f"{format_number(outcome.rows)} dòng, {format_number(outcome.files)} tệp "
            f"({format_number(outcome.bytes)} byte) từ {file}"
        )
