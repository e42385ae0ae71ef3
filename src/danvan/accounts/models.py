from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A danvan account. Vietnamese names are written whole ("Nguyễn Thị Hoa"), so one
    ``full_name`` replaces Django's first/last name. Accounts are deactivated, never deleted."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        # The given name comes last in a Vietnamese name: "Nguyễn Thị Hoa" → "Hoa".
        return self.full_name.split()[-1] if self.full_name.strip() else self.username
