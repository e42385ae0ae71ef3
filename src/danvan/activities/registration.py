"""What the app contributes to the shell, the set-up and the other apps' pages (called from
``ActivitiesConfig.ready()``)."""

from datetime import time

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from danvan.activities import demo, excel, measures, plan_excel, queries, services
    from danvan.activities.views import panels
    from danvan.core import registry

    measures.register()
    registry.register_importer(
        registry.Importer(
            key="activities.plan",
            sheet_title=plan_excel.SHEET,
            columns=tuple(plan_excel.COLUMNS),
            row_handler=plan_excel.row_handler,
            permission="activities.add_campaign",
            heading=_("Import campaign plans from Excel"),
            import_url_name="activities:plan-import",
            template_url_name="activities:plan-template",
            back_url_name="activities:campaign-list",
        )
    )
    registry.register_panel(
        registry.Panel(
            key="activities-of-person",
            target="organizations.person",
            template_name="activities/_panel.html",
            get_context=panels.person_panel,
            order=200,
        )
    )
    registry.register_panel(
        registry.Panel(
            key="activities-of-organization",
            target="organizations.organization",
            template_name="activities/_panel.html",
            get_context=panels.organization_panel,
            order=200,
        )
    )
    registry.register_importer(
        registry.Importer(
            key="activities.activity",
            sheet_title=excel.SHEET,
            columns=tuple(excel.COLUMNS),
            row_handler=excel.row_handler,
            permission="activities.add_activity",
            heading=_("Import activities from Excel"),
            import_url_name="activities:activity-import",
            template_url_name="activities:activity-template",
            back_url_name="activities:activity-list",
        )
    )

    registry.register_nav(
        registry.NavEntry(
            key="activities",
            label=_("Activities with the people"),
            url_name="activities:activity-list",
            order=150,
        )
    )
    registry.register_figure(
        registry.HomeFigure(
            key="activities",
            label=_("Activities with the people in your scope"),
            compute=lambda user: queries.activities_visible_to(user).count() or None,
            url_name="activities:activity-list",
            order=150,
        )
    )

    registry.register_setup_step(
        registry.SetupStep(
            key="activities-catalogues",
            label=_("Kinds of activity, participants and work"),
            run=services.seed_catalogues,
            phase="reference",
            order=25,
        )
    )
    registry.register_setup_step(
        registry.SetupStep(
            key="activities-place-copies",
            label=_("Provinces of today of the activities"),
            run=services.refresh_all_place_copies,
            phase="reference",
            order=91,
        )
    )
    registry.on_units_remapped("activities", services.refresh_place_copies)
    registry.register_scheduled(
        registry.Scheduled(
            key="activities-rollup",
            label=_("Count the monthly rollup of the activities again"),
            command=("activities", "rollup"),
            daily_at=time(2, 30),
        )
    )
    registry.register_setup_step(
        registry.SetupStep(
            key="activities-demo",
            label=_("Demonstration activities and campaigns"),
            run=demo.load_demo,
            phase="demo",
            order=50,
        )
    )
    field = registry.HistoryField
    registry.register_history_fields(
        "activities.activity",
        {
            "places": field(label=_("Other places")),
            "organizations": field(label=_("Organisations and their participants")),
            "people": field(label=_("People of the register")),
            "works": field(label=_("Works done")),
            "documents": field(label=_("Documents it carries out")),
            "initiatives": field(label=_("Models it serves")),
        },
    )
    registry.register_history_fields(
        "activities.campaign",
        {
            "unit": field(label=_("Participating unit")),
            "planned_activities": field(label=_("Activities planned")),
            "due_date": field(label=_("To be done by")),
            "works": field(label=_("Works planned")),
            "documents": field(label=_("Documents that launched and guide it")),
        },
    )
    registry.register_action_labels(
        {
            "activities.activity.recorded": _("Activity recorded"),
            "activities.activity.updated": _("Activity updated"),
            "activities.activity.evidence_added": _("Photo or file added"),
            "activities.campaign.created": _("Campaign created"),
            "activities.campaign.updated": _("Campaign updated"),
            "activities.campaign.plan_set": _("Plan of a unit set"),
            "activities.campaign.plan_removed": _("Plan of a unit removed"),
            "activities.catalogue.added": _("Catalogue entry added"),
            "activities.catalogue.changed": _("Catalogue entry changed"),
        }
    )
