from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    STAFF = "staff", _("mass mobilisation staff")
    UNIT_EDITOR = "unit_editor", _("registering unit")
    REVIEWER = "reviewer", _("reviewer")
    VIEWER = "viewer", _("leader (read only)")
    # The public portal's editors (danvan.portal.editors): they write and submit articles in the
    # portal sections of their organisation subtree; moderators also approve and publish. Neither
    # reads the work registers by this grant.
    PORTAL_EDITOR = "portal_editor", _("portal editor")
    PORTAL_MODERATOR = "portal_moderator", _("portal moderator")


# Who may read the registers of organisations and documents, people, and who may change them.
PORTAL_ROLES = frozenset({Role.PORTAL_EDITOR, Role.PORTAL_MODERATOR})
READ_ROLES = frozenset(Role.values) - PORTAL_ROLES
PEOPLE_READ_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.UNIT_EDITOR, Role.VIEWER})
MANAGE_ROLES = frozenset({Role.ADMIN, Role.STAFF})
EDIT_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.UNIT_EDITOR})
