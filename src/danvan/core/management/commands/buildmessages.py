"""Compile the translation catalogues (``.po`` → ``.mo``) with polib.

Django's ``compilemessages`` needs GNU gettext, which a fresh machine may not have; polib does
the same in pure Python. Only catalogues newer than their ``.mo`` are rebuilt.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile .po translation catalogues to .mo files (no GNU gettext needed)."
    requires_system_checks = []  # a build step: it must work while the code is half-written

    def handle(self, *args, **options):
        built = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                built += 1
        if built:
            self.stdout.write(f"Compiled {built} translation catalogue(s).")
