"""``manage.py media sweep [--dry-run] [--older-than HOURS]`` and ``manage.py media check``.

``sweep`` removes the stored files that no row references (walking every ``FileField`` of every
model, and the media storage through its API, so it works on a local folder and on S3 alike);
only files older than ``--older-than`` hours (default 24) are touched, so a file being written
right after a commit is left alone. ``--dry-run`` lists them and removes nothing. A sweep is
audited (``core.media.swept``) and every removal is logged. Run it daily with the other
scheduled commands.

``check`` lists the rows whose file is missing from the storage (exit status 1 if any).
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.core.files import referenced_but_missing, sweep_media

DEFAULT_HOURS = 24


class Command(BaseCommand):
    help = "Media files: remove those no row references (sweep), list missing ones (check)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help="Remove media files that no row references.")
        sweep.add_argument("--dry-run", action="store_true", help="List them, remove nothing.")
        sweep.add_argument(
            "--older-than",
            type=float,
            default=DEFAULT_HOURS,
            metavar="HOURS",
            help=f"Only files last changed more than HOURS ago (default {DEFAULT_HOURS}).",
        )
        sub.add_parser("check", help="List rows whose file is missing from the media storage.")

    def handle(self, *args, action, **options):
        if action == "check":
            return self._check()
        hours = options["older_than"]
        if hours < 0:
            raise CommandError("--older-than: số giờ không âm / a number of hours, not negative")
        dry_run = options["dry_run"]
        files = sweep_media(
            storage=default_storage,
            older_than=timezone.now() - timedelta(hours=hours),
            dry_run=dry_run,
        )
        for stored in files:
            self.stdout.write(stored.name)
        if dry_run:
            self.stdout.write(
                f"{len(files)} tệp không còn dòng nào trỏ tới (chưa xoá) / "
                f"unreferenced files (none removed)"
            )
        else:
            self.stdout.write(f"{len(files)} tệp đã xoá / unreferenced files removed")
        return None

    def _check(self) -> None:
        missing = referenced_but_missing(default_storage)
        for label, name in missing:
            self.stdout.write(f"{label}: {name}")
        self.stdout.write(f"{len(missing)} tệp bị thiếu / files missing from the storage")
        if missing:
            raise SystemExit(1)
