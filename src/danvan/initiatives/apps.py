from datetime import time

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _keep_search_index(sender, using, **kwargs) -> None:
    """A later migration that rebuilds the initiatives table on SQLite drops the search index's
    triggers: put them back (and refill the index) after every migrate."""
    from danvan.initiatives.searching import ensure_search_index

    ensure_search_index(connections[using])


class InitiativesConfig(AppConfig):
    name = "danvan.initiatives"
    label = "initiatives"
    verbose_name = _("Models and exemplars")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.initiatives import demo, measures, queries, services

        post_migrate.connect(_keep_search_index, sender=self)
        measures.register()

        registry.register_nav(
            registry.NavEntry(
                key="initiatives",
                label=_("Models and exemplars"),
                url_name="initiatives:initiative-list",
                order=100,
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="initiatives",
                label=_("Models and exemplars in your scope"),
                compute=lambda user: queries.initiatives_visible_to(user).count() or None,
                url_name="initiatives:initiative-list",
                order=100,
            )
        )
        registry.register_scheduled(
            registry.Scheduled(
                key="initiatives-clean-imports",
                label=_("Fail dead imports and remove import uploads older than 30 days"),
                command=("initiatives", "clean-imports"),
                daily_at=time(2, 30),
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="initiatives-catalogues",
                label=_("Fields of work and kinds of result"),
                run=services.seed_catalogues,
                phase="reference",
                order=20,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="initiatives-place-copies",
                label=_("Provinces of today of the models and exemplars"),
                run=services.refresh_all_place_copies,
                phase="reference",
                order=90,
            )
        )
        registry.on_units_remapped("initiatives", services.refresh_place_copies)
        registry.register_setup_step(
            registry.SetupStep(
                key="initiatives-demo",
                label=_("Demonstration models and exemplars"),
                run=demo.load_demo,
                phase="demo",
                order=40,
            )
        )
        registry.register_action_labels(
            {
                "initiatives.initiative.registered": _("Registered"),
                "initiatives.demo.loaded": _("Demonstration models loaded"),
                "initiatives.initiative.updated": _("Updated"),
                "initiatives.initiative.status_changed": _("Status changed"),
                "initiatives.initiative.progress_added": _("Progress update"),
                "initiatives.initiative.results_set": _("Results recorded"),
                "initiatives.initiative.evidence_added": _("Evidence added"),
                "initiatives.initiative.withheld": _("Withheld from the public portal"),
                "initiatives.initiative.shown": _("Shown again on the public portal"),
            }
        )
