from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "danvan.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from danvan.portal import (
            registration,
            signals,  # noqa: F401 (editor groups follow the grants)
        )

        registration.register()
