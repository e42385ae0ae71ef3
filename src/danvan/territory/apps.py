from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "danvan.territory"
    label = "territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.territory import setup

        registry.register_nav(
            registry.NavEntry(
                key="territory", label=_("Territory"), url_name="territory:unit-list", order=900
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="territory-communes",
                label=_("Communes and wards today"),
                compute=setup.count_current_communes,
                url_name="territory:unit-list",
                order=700,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="territory-load",
                label=_("Administrative units"),
                run=setup.load_reference,
                phase="reference",
                order=10,
            )
        )
        registry.register_action_labels(
            {
                "territory.reference.loaded": _("Administrative units loaded"),
                "territory.unit.added": _("Unit added"),
                "territory.unit.updated": _("Unit updated"),
                "territory.succession.added": _("Succession recorded"),
            }
        )
