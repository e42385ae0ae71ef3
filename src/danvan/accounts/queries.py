"""Reading accounts and grants, and the scope machinery every app's selector is built on.

A grant on a unit covers the units whose ``path`` starts with the unit's path (its subtree) and,
for a unit of today, the old units whose ``today_path`` does (what became part of it). A grant on
an organisation covers the organisations whose ``path`` starts with its path. Nothing else:
never above, never beside. Superusers see everything."""

import hashlib
from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.accounts.enums import MANAGE_ROLES, Role
from danvan.accounts.models import Grant, User

NOTHING = Q(pk__in=[])


def count_active_users() -> int:
    return User.objects.filter(is_active=True).count()


def grants_of(user) -> list[Grant]:
    """The user's grants, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_danvan_grants", None)
    if cached is None:
        cached = list(
            Grant.objects.filter(user=user).select_related("unit", "organization").order_by("id")
        )
        user._danvan_grants = cached
    return cached


def reader_signature(user) -> str:
    """A short text that differs between two readers who may see different records (the user,
    whether an administrator of everything, the grants): the cache key of what they are shown."""
    grants = sorted((g.role, g.unit_id or 0, g.organization_id or 0) for g in grants_of(user))
    text = repr((user.pk, bool(user.is_superuser), grants))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def forget_grants(user) -> None:
    user.__dict__.pop("_danvan_grants", None)


def has_any_role(user, roles: Iterable[str]) -> bool:
    roles = set(roles)
    return user.is_superuser or any(grant.role in roles for grant in grants_of(user))


def unit_scope_q(user, *, roles: Iterable[str], field: str) -> Q:
    """Rows whose administrative unit (reached by the lookup ``field``) is in the user's unit
    grants with one of ``roles``."""
    roles = set(roles)
    condition = NOTHING
    for grant in grants_of(user):
        if grant.role in roles and grant.unit_id:
            condition |= Q(**{f"{field}__path__startswith": grant.unit.path})
            condition |= Q(**{f"{field}__today_path__startswith": grant.unit.path})
    return condition


def organization_scope_q(user, *, roles: Iterable[str], field: str = "") -> Q:
    """Rows whose organisation (reached by ``field``; "" for an Organization itself) is in the
    user's organisation grants with one of ``roles``."""
    roles = set(roles)
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    condition = NOTHING
    for grant in grants_of(user):
        if grant.role in roles and grant.organization_id:
            condition |= Q(**{lookup: grant.organization.path})
    return condition


def covers(user, *, roles: Iterable[str], units=(), organizations=()) -> bool:
    """Whether one of the user's grants with ``roles`` covers any of these units or
    organisations (the same rule as the ``*_scope_q`` filters, for one object)."""
    if user.is_superuser:
        return True
    roles = set(roles)
    units = [unit for unit in units if unit is not None]
    organizations = [org for org in organizations if org is not None]
    for grant in grants_of(user):
        if grant.role not in roles:
            continue
        if grant.unit_id:
            prefix = grant.unit.path
            if any(u.path.startswith(prefix) or u.today_path.startswith(prefix) for u in units):
                return True
        elif any(org.path.startswith(grant.organization.path) for org in organizations):
            return True
    return False


def grantable_roles(user) -> list[str]:
    """Roles the user may give to others: an administrator any, staff any but administrator."""
    if user.is_superuser or has_any_role(user, {Role.ADMIN}):
        return list(Role.values)
    if has_any_role(user, {Role.STAFF}):
        return [role for role in Role.values if role != Role.ADMIN]
    return []


def users_visible_to(user):
    """Accounts the user manages: those holding a grant inside the user's managing scope."""
    if user.is_superuser:
        return User.objects.all()
    inside = Grant.objects.filter(
        unit_scope_q(user, roles=MANAGE_ROLES, field="unit")
        | organization_scope_q(user, roles=MANAGE_ROLES, field="organization")
    )
    return User.objects.filter(pk__in=inside.values("user_id"))


def scope_labels(user: User) -> list[str]:
    """What the user may see and do, in words, for the user menu."""
    if user.is_superuser:
        return [_("Whole country — system administrator")]
    labels = [
        f"{grant.get_role_display().capitalize()} — {grant.unit or grant.organization}"
        for grant in grants_of(user)
    ]
    return labels or [_("No scope granted yet — ask your administrator")]
