from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "danvan.territory"
    label = "territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.territory import setup

        # A succession is audited on its predecessor; the reference load on no object.
        registry.register_history_fields(
            "territory.administrativeunit",
            {
                "successor": registry.HistoryField(label=_("successor")),
                "kind": registry.HistoryField(label=_("kind"), format=_succession_kind),
            },
        )
        registry.register_history_fields(
            "*",
            {
                "units": registry.HistoryField(label=_("administrative units")),
                "successions": registry.HistoryField(label=_("successions")),
            },
        )

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


def _succession_kind(code: str) -> str:
    from danvan.territory.enums import SuccessionKind

    return str(dict(SuccessionKind.choices).get(code, code))
