from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Whether a target is met by reaching its value or by staying under it."""

    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Measurement(models.TextChoices):
    REPORTED = "reported", _("reported by the units")
    COMPUTED = "computed", _("computed from the data")


class Rollup(models.TextChoices):
    """How the targets of the units below add up to their parent's (and how a proportional
    split shares the parent's value out)."""

    SUM = "sum", _("summed (a number of things)")
    SAME = "same", _("the same for every unit (a rate)")


class ValueSource(models.TextChoices):
    REPORTED = "reported", _("reported")
    COMPUTED = "computed", _("computed")


class Standing(models.TextChoices):
    """Where a target stands, in words and colours on the dashboard."""

    MET = "met", _("met")
    LIKELY = "likely", _("likely to be met")
    AT_RISK = "at_risk", _("hard to meet")
    NO_DATA = "no_data", _("no figures yet")


class InspectionKind(models.TextChoices):
    SURVEY = "survey", _("survey")
    INSPECTION = "inspection", _("inspection")
    SUPERVISION = "supervision", _("supervision")


class ReviewKind(models.TextChoices):
    """A review document of a programme: one year in (sơ kết) or at its end (tổng kết)."""

    INTERIM = "interim", _("interim review")
    FINAL = "final", _("final review")
