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
not exist). Anonymous visitors are always sent to the login page; a superuser reaches both
objects. Every mismatch is collected and reported together, and the number of checks is added
to ``MATRIX_SIZE`` so that the suite can say how large the matrix is.
"""

from collections import Counter

from django.test import Client

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant
from tests.factories.accounts import AdminFactory, UserFactory

ALL_ROLES = list(Role.values)
DEFAULT = (404, 404)
MATRIX_SIZE: Counter = Counter()


def user_with_role(role: str, *, unit=None, organization=None, **fields):
    user = UserFactory(**fields)
    Grant.objects.create(user=user, role=role, unit=unit, organization=organization)
    return user


def _status(client: Client, method: str, url: str, data) -> int:
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


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
    superuser: tuple[int, int] = (200, 200),
) -> int:
    """Request ``url_for(inside)`` and ``url_for(outside)`` as every role; assert the statuses."""
    mismatches = []
    checks = 0
    table = {role: expect.get(role, DEFAULT) for role in ALL_ROLES}
    for role, (want_in, want_out) in table.items():
        for target, want in ((inside, want_in), (outside, want_out)):
            # A fresh user per request: a POST that succeeds must not change the next check.
            user = user_with_role(role, unit=scope_unit, organization=scope_organization)
            client = Client()
            client.force_login(user)
            got = _status(client, method, url_for(target), data)
            checks += 1
            if got != want:
                where = "inside" if target is inside else "outside"
                mismatches.append(f"{role} {where}: got {got}, expected {want}")
    anonymous = Client()
    for target in (inside, outside):
        got = _status(anonymous, method, url_for(target), data)
        checks += 1
        if got != 302:
            mismatches.append(f"anonymous: got {got}, expected 302 to the login page")
    admin = Client()
    admin.force_login(AdminFactory())
    for target, want in zip((inside, outside), superuser, strict=True):
        got = _status(admin, method, url_for(target), data)
        checks += 1
        if got != want:
            mismatches.append(f"superuser: got {got}, expected {want}")
    assert not mismatches, f"{method.upper()} {url_for(inside)}: " + "; ".join(mismatches)
    MATRIX_SIZE[method] += checks
    return checks
