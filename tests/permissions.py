"""The permission matrix: for one URL, every role × an object in scope and one out of scope.

    from tests.permissions import check_matrix, ALL_ROLES

    check_matrix(
        url_for=lambda org: f"/to-chuc/{org.pk}/",
        inside=org_in_tuyen_quang,
        outside=org_in_dong_thap,
        scope_unit=tuyen_quang,                 # every role's grant is on this unit
        expect={"viewer": (200, 404), "reviewer": (200, 404), ...},  # (inside, outside)
    )

Roles not named in ``expect`` default to ``DEFAULT`` (404 both ways: what one may not see does
not exist). Anonymous visitors must be sent to the sign-in page (the ``Location`` is checked,
not only the 302) — on a public page, ``anonymous=(inside, outside)`` gives their statuses; a
superuser reaches both objects. Every mismatch is collected and reported
together, and the number of checks is added to ``MATRIX_SIZE`` so that the suite can say how
large the matrix is.

For a POST, ``data`` may be a function of the object (fresh values, the current version), and
``snapshot=lambda obj: ...`` reads what the POST may change (from the database, e.g. a
``.values()`` row): after each refused request (a status of 400 or more, and every anonymous
one) the snapshot must be the same as before, after each allowed one (below 400) it must differ.

Each call records the URL name it covered (``COVERED``, per method); ``tests/test_url_matrix.py``
fails the full suite for any URL taking an id that no matrix covered.
"""

from collections import Counter, defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import resolve

from danvan.accounts.enums import PORTAL_ROLES, Role
from danvan.accounts.models import Grant
from tests.factories.accounts import AdminFactory, UserFactory

ALL_ROLES = list(Role.values)
# The roles that read the work registers: all but the portal's editors and moderators, whose
# grants open the portal's sections only (danvan.portal.editors).
READER_ROLES = [role for role in Role.values if role not in PORTAL_ROLES]
DEFAULT = (404, 404)
MATRIX_SIZE: Counter = Counter()
COVERED: defaultdict[str, set[str]] = defaultdict(set)  # URL name → methods checked


def user_with_role(role: str, *, unit=None, organization=None, **fields):
    user = UserFactory(**fields)
    Grant.objects.create(user=user, role=role, unit=unit, organization=organization)
    return user


def _request(client: Client, method: str, url: str, data):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def _goes_to_login(response) -> bool:
    if response.status_code != 302:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


def check_matrix(
    *,
    url_for,
    inside,
    outside,
    expect: dict[str, tuple[int, int]],
    scope_unit=None,
    scope_organization=None,
    method: str = "get",
    data=None,
    snapshot=None,
    superuser: tuple[int, int] = (200, 200),
    anonymous: tuple[int, int] | None = None,
) -> int:
    """Request ``url_for(inside)`` and ``url_for(outside)`` as every role; assert the statuses
    (and, with ``snapshot``, that refused requests changed nothing and allowed ones did)."""
    mismatches = []
    checks = 0

    def attempt(client, target, want, who):
        nonlocal checks
        before = snapshot(target) if snapshot else None
        payload = data(target) if callable(data) else data
        response = _request(client, method, url_for(target), payload)
        checks += 1
        where = "inside" if target is inside else "outside"
        if want == "login":
            if not _goes_to_login(response):
                location = response.get("Location", "")
                mismatches.append(
                    f"{who} {where}: got {response.status_code} {location}, expected the login page"
                )
            allowed = False
        else:
            if response.status_code != want:
                mismatches.append(f"{who} {where}: got {response.status_code}, expected {want}")
            allowed = want < 400
        if snapshot is not None:
            after = snapshot(target)
            if allowed and after == before:
                mismatches.append(f"{who} {where}: allowed, but nothing changed")
            if not allowed and after != before:
                mismatches.append(f"{who} {where}: refused, but the object changed")

    table = {role: expect.get(role, DEFAULT) for role in ALL_ROLES}
    for role, (want_in, want_out) in table.items():
        for target, want in ((inside, want_in), (outside, want_out)):
            # A fresh user per request: a POST that succeeds must not change the next check.
            client = Client()
            client.force_login(
                user_with_role(role, unit=scope_unit, organization=scope_organization)
            )
            attempt(client, target, want, role)
    visitor = Client()
    # Public pages (the portal's) answer visitors themselves: ``anonymous`` gives the statuses.
    for target, want in zip((inside, outside), anonymous or ("login", "login"), strict=True):
        attempt(visitor, target, want, "anonymous")
    admin = Client()
    admin.force_login(AdminFactory())
    for target, want in zip((inside, outside), superuser, strict=True):
        attempt(admin, target, want, "superuser")
    assert not mismatches, f"{method.upper()} {url_for(inside)}: " + "; ".join(mismatches)
    for target in (inside, outside):
        COVERED[resolve(urlsplit(url_for(target)).path).view_name].add(method)
    MATRIX_SIZE[method] += checks
    return checks
