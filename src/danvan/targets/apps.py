from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "danvan.targets"
    label = "targets"
    verbose_name = _("Targets and inspections")

    def ready(self) -> None:
        from danvan.core import registry

        registry.register_nav(
            registry.NavEntry(
                key="targets",
                label=_("Targets"),
                url_name="targets:programme-list",
                order=130,
            )
        )
        registry.register_action_labels(
            {
                "targets.programme.created": _("Programme created"),
                "targets.programme.updated": _("Programme changed"),
                "targets.programme.recomputed": _("Figures computed again"),
                "targets.target.created": _("Target set"),
                "targets.target.updated": _("Target changed"),
                "targets.target.cascaded": _("Target split among the units"),
                "targets.target.value_reported": _("Figure reported"),
                "targets.inspection.created": _("Survey or inspection recorded"),
                "targets.inspection.updated": _("Survey or inspection changed"),
                "targets.inspection.member_added": _("Team member added"),
                "targets.inspection.session_added": _("Working session recorded"),
                "targets.recommendation.created": _("Recommendation made"),
            }
        )
