from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "danvan.targets"
    label = "targets"
    verbose_name = _("Targets and inspections")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.targets import demo, excel, queries, views

        registry.register_nav(
            registry.NavEntry(
                key="targets",
                label=_("Targets"),
                url_name="targets:programme-list",
                order=130,
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="targets-at-risk",
                label=_("Targets hard to meet in your scope"),
                compute=lambda user: (
                    queries.targets_visible_to(user).filter(standing="at_risk").count() or None
                ),
                url_name="targets:programme-list",
                order=130,
            )
        )
        registry.register_importer(
            registry.Importer(
                key="targets.value",
                sheet_title=excel.SHEET,
                columns=tuple(excel.VALUE_COLUMNS),
                row_handler=excel.value_row_handler,
                permission="targets.import_values",
                heading=_("Import target figures from Excel"),
                import_url_name="targets:value-import",
                template_url_name="targets:value-template",
                back_url_name="targets:programme-list",
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="targets-demo",
                label=_("Demonstration programme and survey (seed 003)"),
                run=demo.load_demo,
                phase="demo",
                order=70,
            )
        )
        registry.register_panel(
            registry.Panel(
                key="targets-unit",
                target="territory.administrativeunit",
                template_name="targets/_unit_panel.html",
                get_context=views.unit_panel,
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
