from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import Role


class User(AbstractUser):
    """A danvan account. Vietnamese names are written whole ("Nguyễn Thị Hoa"), so one
    ``full_name`` replaces Django's first/last name. Accounts are deactivated, never deleted."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )

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


class Grant(models.Model):
    """A role on a scope: an administrative-unit subtree or an organisation subtree.

    A grant covers everything below its unit or organisation, never above or beside it. A grant
    on a unit of today also covers records placed in the old units that became part of it
    (through the units' ``today_path``)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(organization__isnull=True))
                | (Q(unit__isnull=True) & Q(organization__isnull=False)),
                name="accounts_grant_one_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit", "organization"], name="accounts_grant_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.unit or self.organization}"
