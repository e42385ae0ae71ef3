"""What a report may be grouped by (dimensions) and what it counts (measures)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Dimension(models.TextChoices):
    UNIT = "unit", _("Unit one level below")
    FIELD = "field", _("Field of work")
    KIND = "kind", _("Model or exemplar")
    SUBJECT = "subject", _("Collective or individual")
    STATUS = "status", _("Status")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic-minority area")
    RELIGIOUS = "religious", _("Religious area")
    BORDER = "border", _("Border area")
    ORGANIZATION_KIND = "organization_kind", _("Kind of organisation carrying it out")


# The area flags, each both a dimension and a filter.
AREA_FLAGS = {
    Dimension.ETHNIC_MINORITY: "ethnic_minority_area",
    Dimension.RELIGIOUS: "religious_area",
    Dimension.BORDER: "border_area",
}


class Measure(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("report measure", "Registered")
    ACTIVE = "active", pgettext_lazy("report measure", "Being carried out")
    REPLICATED = "replicated", pgettext_lazy("report measure", "Replicating another model")
    ENDED = "ended", pgettext_lazy("report measure", "Ended")
    RECOGNISED = "recognised", pgettext_lazy("report measure", "Recognised")
    RECOGNISED_COMMUNE = (
        "recognised_commune",
        pgettext_lazy("report measure", "Recognised at commune level"),
    )
    RECOGNISED_DISTRICT = (
        "recognised_district",
        pgettext_lazy("report measure", "Recognised at district level"),
    )
    RECOGNISED_PROVINCE = (
        "recognised_province",
        pgettext_lazy("report measure", "Recognised at province level"),
    )
    RECOGNISED_CENTRAL = (
        "recognised_central",
        pgettext_lazy("report measure", "Recognised at central level"),
    )
    OUTSTANDING = "outstanding", pgettext_lazy("report measure", "Outstanding")


# Counted over the initiatives registered in the period (their status today).
INITIATIVE_MEASURES = [Measure.REGISTERED, Measure.ACTIVE, Measure.REPLICATED, Measure.ENDED]
# Counted over the recognitions decided in the period (reviews app).
RECOGNITION_MEASURES = [
    Measure.RECOGNISED,
    Measure.RECOGNISED_COMMUNE,
    Measure.RECOGNISED_DISTRICT,
    Measure.RECOGNISED_PROVINCE,
    Measure.RECOGNISED_CENTRAL,
    Measure.OUTSTANDING,
]


class Hierarchy(models.TextChoices):
    AS_IT_WAS = "as_it_was", _("as it was in the period")
    TODAY = "today", _("remapped to today's units")
