from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _commitment_url(followup) -> str | None:
    from danvan.dialogues.models import Opinion

    dialogue_id = (
        Opinion.objects.filter(pk=followup.source_id).values_list("dialogue_id", flat=True).first()
    )
    return reverse("dialogues:dialogue-detail", args=[dialogue_id]) if dialogue_id else None


class DialoguesConfig(AppConfig):
    name = "danvan.dialogues"
    label = "dialogues"
    verbose_name = _("Dialogues and petitions")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.dialogues import demo, measures, opinion_import, petition_import, queries
        from danvan.dialogues import rules as _rules  # noqa: F401 (registers the permissions)
        from danvan.followups.sources import SourceKind, register_source_kind

        measures.register()
        registry.register_importer(
            registry.Importer(
                key="dialogues.petition",
                sheet_title=petition_import.SHEET,
                columns=petition_import.COLUMNS,
                row_handler=petition_import.row_handler,
                permission="dialogues.add_petition",
                heading=_("Import petitions from Excel"),
                import_url_name="dialogues:petition-import",
                template_url_name="dialogues:petition-template",
                back_url_name="dialogues:petition-list",
            )
        )
        registry.register_importer(
            registry.Importer(
                key="dialogues.opinion",
                sheet_title=opinion_import.SHEET,
                columns=opinion_import.COLUMNS,
                row_handler=opinion_import.row_handler,
                permission="dialogues.add_dialogue",
                heading=_("Import the opinions of dialogues from Excel"),
                import_url_name="dialogues:opinion-import",
                template_url_name="dialogues:opinion-template",
                back_url_name="dialogues:dialogue-list",
            )
        )
        register_source_kind(
            SourceKind(
                key="dialogues.commitment",
                label=_("Commitment made at a dialogue"),
                url=_commitment_url,
            )
        )
        registry.register_nav(
            registry.NavEntry(
                key="dialogues",
                label=_("Dialogues"),
                url_name="dialogues:dialogue-list",
                order=160,
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="dialogues",
                label=_("Dialogues with the people in your scope"),
                compute=lambda user: queries.dialogues_visible_to(user).count() or None,
                url_name="dialogues:dialogue-list",
                order=160,
            )
        )
        registry.register_nav(
            registry.NavEntry(
                key="petitions",
                label=_("Petitions"),
                url_name="dialogues:petition-list",
                order=161,
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="petitions-overdue",
                label=_("Petitions overdue in your scope"),
                compute=lambda user: (
                    queries.PetitionList(queries.petition_scope(user), overdue=True).count() or None
                ),
                url_name="dialogues:petition-list",
                order=161,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="dialogues-petition-categories",
                label=_("Categories of petition and their time limits"),
                run=demo.seed_categories_step,
                phase="reference",
                order=60,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="dialogues-demo",
                label=_("Demonstration dialogue and petition in xã Bình An"),
                run=demo.load_demo,
                phase="demo",
                order=70,
            )
        )
        registry.register_nav(
            registry.NavEntry(
                key="opinion-notes",
                label=_("The people's opinion"),
                url_name="dialogues:opinion-overview",
                order=162,
            )
        )
        registry.register_history_fields(
            "dialogues.dialogue",
            {
                "attendance": registry.HistoryField(label=_("Attendance")),
                "response": registry.HistoryField(label=_("Response to an opinion")),
            },
        )
        registry.register_action_labels(
            {
                "dialogues.dialogue.recorded": _("Dialogue recorded"),
                "dialogues.dialogue.updated": _("Dialogue changed"),
                "dialogues.dialogue.opinion_added": _("Opinion recorded"),
                "dialogues.petition.received": _("Petition received"),
                "dialogues.petition.transferred": _("Transferred"),
                "dialogues.petition.answered": _("Answered"),
                "dialogues.petition.closed": _("Closed"),
                "dialogues.petition.reopened": _("Reopened"),
                "dialogues.petition.anonymised": _("Personal data erased on request"),
                "dialogues.petition.personal_data_exported": _(
                    "Petitions exported with the citizens' names"
                ),
                "dialogues.opinionnote.recorded": _("Note of the people's opinion recorded"),
            }
        )
