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
        # Wagtail's images and renditions name their folders through functions: say which, so
        # that the media sweep (danvan.core.files.storage_roots) touches only those folders.
        from wagtail.images import models as image_models

        image_models.get_upload_to.media_root = "original_images"
        image_models.get_rendition_upload_to.media_root = "images"
        from wagtail.users import models as user_models

        user_models.upload_avatar_to.media_root = "avatar_images"
