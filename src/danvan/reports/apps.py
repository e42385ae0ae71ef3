from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "danvan.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.core.views import HOME_PANELS
        from danvan.reports import dashboard

        registry.register_nav(
            registry.NavEntry(
                key="reports", label=_("Reports"), url_name="reports:builder", order=400
            )
        )
        registry.register_panel(
            registry.Panel(
                key="reports-dashboard",
                target=HOME_PANELS,
                template_name="reports/_dashboard.html",
                get_context=dashboard.dashboard_context,
                order=10,
            )
        )
