"""Django's permissions from the cache: read once, read again after any change."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.accounts.models import User
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request loads it (no permissions read yet)."""
    return User.objects.get(pk=user.pk)


def permission_queries(user, perm):
    with CaptureQueriesContext(connection) as queries:
        answer = user.has_perm(perm)
    reads = [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
    return answer, len(reads)


def test_a_group_permission_is_read_once_then_served_from_the_cache():
    user = UserFactory()
    group = Group.objects.create(name="Biên tập thử")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)

    first, reads = permission_queries(fresh(user), "wagtailadmin.access_admin")
    assert first is True
    assert reads == 2  # the user's own and the groups' permissions

    again, reads_again = permission_queries(fresh(user), "wagtailadmin.access_admin")
    assert again is True
    assert reads_again == 0


def test_leaving_a_group_or_losing_its_permission_shows_on_the_next_page():
    user = UserFactory()
    group = Group.objects.create(name="Biên tập thử")
    permission = Permission.objects.get(codename="access_admin")
    group.permissions.add(permission)
    user.groups.add(group)
    assert fresh(user).has_perm("wagtailadmin.access_admin")

    group.permissions.remove(permission)
    assert not fresh(user).has_perm("wagtailadmin.access_admin")

    group.permissions.add(permission)
    assert fresh(user).has_perm("wagtailadmin.access_admin")
    user.groups.remove(group)
    assert not fresh(user).has_perm("wagtailadmin.access_admin")

    user.user_permissions.add(permission)
    assert fresh(user).has_perm("wagtailadmin.access_admin")
    group.delete()
    user.user_permissions.clear()
    assert not fresh(user).has_perm("wagtailadmin.access_admin")


def test_an_inactive_user_has_no_permission_even_when_cached():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert fresh(user).has_perm("wagtailadmin.access_admin")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not fresh(user).has_perm("wagtailadmin.access_admin")
