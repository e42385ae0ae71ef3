from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "danvan.activities"
    label = "activities"
    verbose_name = _("Activities with the people")

    def ready(self) -> None:
        from danvan.activities import registration

        registration.register()
