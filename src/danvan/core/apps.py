from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from danvan.core import queries, registry

        registry.register_nav(
            registry.NavEntry(key="home", label=_("Home"), url_name="core:home", order=0)
        )
        registry.register_action_labels({"core.media.swept": _("Unused media files removed")})
        registry.register_history_fields("*", {"files": registry.HistoryField(label=_("files"))})
        registry.register_figure(
            registry.HomeFigure(
                key="audit-events",
                label=_("Recorded changes"),
                compute=lambda user: queries.count_events() if user.is_superuser else None,
                order=900,
            )
        )
