from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "danvan.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.documents import demo, excel, queries, views

        registry.register_importer(
            registry.Importer(
                key="documents.document",
                sheet_title=excel.SHEET,
                columns=tuple(excel.COLUMNS),
                row_handler=excel.row_handler,
                permission="documents.add_document",
                heading=_("Import documents from Excel"),
                import_url_name="documents:document-import",
                template_url_name="documents:document-template",
                back_url_name="documents:document-list",
            )
        )

        registry.register_nav(
            registry.NavEntry(
                key="documents",
                label=_("Documents"),
                url_name="documents:document-list",
                order=320,
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="documents",
                label=_("Documents in your scope"),
                compute=lambda user: queries.documents_visible_to(user).count() or None,
                url_name="documents:document-list",
                order=320,
            )
        )
        registry.register_panel(
            registry.Panel(
                key="documents-of-organization",
                target="organizations.organization",
                template_name="documents/_organization_panel.html",
                get_context=views.organization_panel,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="documents-demo",
                label=_("Demonstration documents"),
                run=demo.load_demo,
                phase="demo",
                order=30,
            )
        )
        registry.register_action_labels(
            {
                "documents.document.created": _("Document registered"),
                "documents.document.updated": _("Document updated"),
                "documents.document.file_attached": _("File attached"),
            }
        )
