"""``manage.py setup``: every database step of ``make run``, idempotent.

1. migrate;
2. reference-data steps (every run; each step is itself idempotent);
3. demonstration-data steps, only on an empty database (no account existed before this run)
   unless ``--no-demo``.

Apps add steps with ``danvan.core.registry.register_setup_step``.
"""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _

from danvan.core import registry


class Command(BaseCommand):
    help = "Migrate, load reference data and, on an empty database, demonstration data."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Never load demonstration data.")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        fresh = not get_user_model().objects.exists()
        for step in registry.setup_steps("reference"):
            self._run(step)
        if options["no_demo"]:
            return
        if fresh:
            for step in registry.setup_steps("demo"):
                self._run(step)
        else:
            self.stdout.write(
                _("Demonstration data: the database is already in use, nothing added.")
            )
        for step in registry.setup_steps("login"):
            self._run(step)
        self.stdout.write(
            _("Database: %(vendor)s %(name)s")
            % {"vendor": connection.vendor, "name": connection.settings_dict["NAME"]}
        )

    def _run(self, step: registry.SetupStep) -> None:
        summary = step.run(stdout=self.stdout)
        self.stdout.write(f"{step.label}: {summary}")
