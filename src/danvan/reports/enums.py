"""How a report places its rows. What it may be grouped by (dimensions), filtered on and what it
counts (measures) is not named here: the apps that own the records declare it in the measures
registry (``danvan.core.measures``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Hierarchy(models.TextChoices):
    AS_IT_WAS = "as_it_was", _("as it was in the period")
    TODAY = "today", _("remapped to today's units")
