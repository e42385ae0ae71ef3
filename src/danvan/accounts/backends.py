"""Django's permissions (the groups Wagtail's editors are in, the admin's user permissions),
read once and kept in the cache rather than read from the database on every page.

Every page asks a few of them (the menu's entries); Django's ``ModelBackend`` reads them from
the database once per request — two queries on every page. Here a user's set is kept in the
cache under a version that any change of groups, of a group's permissions or of a user's own
permissions moves on, so a change shows on the next page."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "danvan:perms:version"
KEEP_SECONDS = 600


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        value = 1
        cache.add(VERSION_KEY, value, timeout=None)
    return value


def changed(**_kwargs) -> None:
    """Any user's Django permissions may have changed: read them again."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


class CachedModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"danvan:perms:{version()}:{user_obj.pk}:{int(user_obj.is_superuser)}"
            permissions = cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, permissions, KEEP_SECONDS)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache


def connect() -> None:
    user_model = get_user_model()
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"danvan.perms.{through}")
    for model in (Group, Permission):
        post_delete.connect(changed, sender=model, dispatch_uid=f"danvan.perms.del.{model}")
        post_save.connect(changed, sender=model, dispatch_uid=f"danvan.perms.save.{model}")
