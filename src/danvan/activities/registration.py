"""What the app contributes to the shell, the set-up and the other apps' pages (called from
``ActivitiesConfig.ready()``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from danvan.activities import services
    from danvan.core import registry

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
    registry.register_action_labels(
        {
            "activities.activity.recorded": _("Activity recorded"),
            "activities.activity.updated": _("Activity updated"),
            "activities.campaign.created": _("Campaign created"),
            "activities.campaign.updated": _("Campaign updated"),
            "activities.campaign.plan_set": _("Plan of a unit set"),
            "activities.campaign.plan_removed": _("Plan of a unit removed"),
            "activities.catalogue.added": _("Catalogue entry added"),
            "activities.catalogue.changed": _("Catalogue entry changed"),
        }
    )
