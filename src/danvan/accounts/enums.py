from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    STAFF = "staff", _("mass mobilisation staff")
    UNIT_EDITOR = "unit_editor", _("registering unit")
    REVIEWER = "reviewer", _("reviewer")
    VIEWER = "viewer", _("leader (read only)")


# Who may read the registers of organisations and documents, people, and who may change them.
READ_ROLES = frozenset(Role.values)
PEOPLE_READ_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.UNIT_EDITOR, Role.VIEWER})
MANAGE_ROLES = frozenset({Role.ADMIN, Role.STAFF})
EDIT_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.UNIT_EDITOR})
