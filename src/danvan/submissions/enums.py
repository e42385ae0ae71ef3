from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("submission", "draft")
    SUBMITTED = "submitted", pgettext_lazy("submission", "submitted")
    RETURNED = "returned", _("returned with questions")
    ACCEPTED = "accepted", pgettext_lazy("submission", "accepted")


# What may follow what: a draft is submitted; the level above returns or accepts it; a
# returned report is corrected and submitted again; an accepted one is final.
TRANSITIONS = {
    Status.DRAFT: frozenset({Status.SUBMITTED}),
    Status.SUBMITTED: frozenset({Status.RETURNED, Status.ACCEPTED}),
    Status.RETURNED: frozenset({Status.SUBMITTED}),
    Status.ACCEPTED: frozenset(),
}
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


class Decision(models.TextChoices):
    PENDING = "", _("waiting for review")
    RETURNED = "returned", _("returned with questions")
    ACCEPTED = "accepted", pgettext_lazy("submission", "accepted")


class Standing(models.TextChoices):
    """Where a reporting unit stands for one period, as the level above sees it."""

    ACCEPTED = "accepted", pgettext_lazy("submission", "accepted")
    ON_TIME = "on_time", _("submitted on time")
    LATE = "late", _("submitted late")
    RETURNED = "returned", _("returned, waiting for a new submission")
    NOT_YET = "not_yet", _("not yet submitted")
    OVERDUE = "overdue", _("overdue, not submitted")
