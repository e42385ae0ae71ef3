from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorsConfig(AppConfig):
    name = "danvan.honors"
    label = "honors"
    verbose_name = _("Honours")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.honors import demo, excel, measures, queries, services
        from danvan.honors.views import panels

        measures.register()

        registry.register_importer(
            registry.Importer(
                key="honors.honour",
                sheet_title=excel.SHEET,
                columns=excel.COLUMNS,
                row_handler=excel.row_handler,
                permission="honors.manage_honours",
                heading=_("Import honours from Excel"),
                import_url_name="honors:honour-import",
                template_url_name="honors:honour-template",
                back_url_name="honors:honour-list",
            )
        )

        registry.register_nav(
            registry.NavEntry(
                key="honors", label=_("Honours"), url_name="honors:honour-list", order=120
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="honors-waiting",
                label=_("Proposals for honours waiting for your level"),
                compute=lambda user: queries.proposals_waiting_for(user).count() or None,
                url_name="honors:proposal-list",
                order=120,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="honors-kinds",
                label=_("Kinds of honour"),
                run=services.seed_kinds,
                phase="reference",
                order=40,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="honors-demo",
                label=_("Demonstration honours (Bắc Giang, 2018)"),
                run=demo.load_demo,
                phase="demo",
                order=70,
            )
        )
        for target, get_context in (
            ("organizations.person", panels.person_panel),
            ("organizations.organization", panels.organization_panel),
            ("initiatives.initiative", panels.initiative_panel),
        ):
            registry.register_panel(
                registry.Panel(
                    key=f"honors-{target}",
                    target=target,
                    template_name="honors/_panel.html",
                    get_context=get_context,
                    order=120,
                )
            )
        registry.register_action_labels(
            {
                "honors.kind.created": _("Kind of honour created"),
                "honors.kind.updated": _("Kind of honour changed"),
                "honors.honour.recorded": _("Honour recorded"),
                "honors.honour.updated": _("Honour corrected"),
                "honors.ceremony.created": _("Ceremony recorded"),
                "honors.ceremony.photo_added": _("Photo of the ceremony added"),
                "honors.exclusion.recorded": _("Excluded from honours"),
                "honors.exclusion.ended": _("Exclusion from honours ended"),
                "honors.proposal.created": _("Proposal for honours created"),
                "honors.nominee.added": _("Nominated"),
                "honors.nominee.attached": _("Document attached to a nomination"),
                "honors.nominee.removed": _("Taken off a proposal"),
                "honors.proposal.submit": _("Proposal sent up"),
                "honors.proposal.approve": _("Proposal approved and sent up"),
                "honors.proposal.return": _("Proposal returned"),
                "honors.proposal.withdraw": _("Proposal withdrawn"),
                "honors.proposal.decided": _("Decision on the proposal"),
            }
        )
