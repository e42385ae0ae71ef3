from django.db import models
from django.utils.translation import gettext_lazy as _


class CommentState(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    APPROVED = "approved", _("published")
    REJECTED = "rejected", _("rejected")
