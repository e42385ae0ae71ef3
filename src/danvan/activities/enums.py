from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    """What kind of campaign (đợt, phong trào) it is."""

    MONTH = "month", _("Mass mobilisation month")  # Tháng Dân vận
    YEAR = "year", _("Year of government mass mobilisation")  # Năm dân vận chính quyền
    SATURDAY = "saturday", _("Mass mobilisation Saturday")  # Ngày thứ Bảy dân vận
    PEAK = "peak", _("Peak period")  # Đợt cao điểm
    MOVEMENT = "movement", _("Local movement")  # Phong trào ở địa phương
    OTHER = "other", _("Other campaign")


class Role(models.TextChoices):
    """How an organisation takes part in an activity."""

    ORGANISER = "organiser", _("organiser")
    PARTICIPANT = "participant", _("participant")
