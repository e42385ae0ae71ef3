from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "danvan.targets"
    label = "targets"
    verbose_name = _("Targets and inspections")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.followups.sources import SourceKind, register_source_kind
        from danvan.targets import demo, excel, excel_targets, queries, views

        register_source_kind(
            SourceKind(
                key="targets.recommendation",
                label=_("Recommendation of a survey or inspection"),
                url=_recommendation_url,
            )
        )

        registry.register_nav(
            registry.NavEntry(
                key="targets",
                label=_("Targets"),
                url_name="targets:programme-list",
                order=130,
            )
        )
        registry.register_scheduled(
            registry.Scheduled(
                key="targets-recompute",
                label=_("Count the computed targets again"),
                command=("targets", "recompute"),
                daily_at=time(3, 15),
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
        registry.register_importer(
            registry.Importer(
                key="targets.target",
                sheet_title=excel_targets.SHEET,
                columns=tuple(excel_targets.COLUMNS),
                row_handler=excel_targets.target_row_handler,
                permission="targets.add_programme",
                heading=_("Import targets from Excel"),
                import_url_name="targets:target-import",
                template_url_name="targets:target-template",
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
        _register_history(registry)
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


def _register_history(registry) -> None:
    """Words for the keys of the targets' events that are not fields of their model."""
    from danvan.core.history import plain_value

    def field(label):
        return registry.HistoryField(label=label, format=plain_value)

    registry.register_history_fields(
        "targets.target",
        {
            "milestones": field(_("milestones")),
            "shares": field(_("Share")),
            "as_of": field(_("as of")),
            "value": field(_("figure")),
            "note": field(_("Note")),
        },
    )
    registry.register_history_fields(
        "targets.programme",
        {"as_of": field(_("as of")), "figures": field(_("figures counted"))},
    )
    registry.register_history_fields(
        "targets.inspection",
        {
            "member": field(_("team member")),
            "unit_visited": field(_("unit visited")),
            "held_on": field(_("Date")),
            "place": field(_("venue")),
            "received_by": field(_("received by")),
            "notes": field(_("notes")),
        },
    )


def _recommendation_url(followup):
    """The page of the survey or inspection a recommendation's follow-up comes from."""
    from django.urls import reverse

    from danvan.targets.models import Recommendation

    inspection_id = (
        Recommendation.objects.filter(pk=followup.source_id)
        .values_list("inspection_id", flat=True)
        .first()
    )
    return reverse("targets:inspection-detail", args=[inspection_id]) if inspection_id else None
