"""Helpers shared by the tests of the initiatives' pages (test_views_pages,
test_views_forms; the ``pair`` fixture is in conftest.py)."""

import re

from django.test import Client

from danvan.accounts.enums import Role
from tests.initiatives.factories import tuyen_quang
from tests.permissions import user_with_role


def text_of(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def client_for(role: str = Role.STAFF, *, unit=None, organization=None) -> Client:
    client = Client()
    if unit is None and organization is None:
        unit = tuyen_quang()
    client.force_login(user_with_role(role, unit=unit, organization=organization))
    return client
