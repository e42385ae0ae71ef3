"""The matrix cannot be escaped: every URL taking an id is covered by a ``check_matrix`` call.

This test runs last (``tests/conftest.py`` moves it there) and only when the whole suite was
selected: the matrices it counts are those the other tests ran. A targeted run
(``pytest tests/documents``, ``-k``, a node id) skips it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.permissions import COVERED

# URLs that take a value but no object of the register, with the reason.
EXEMPT = {
    # A one-time token, opened signed out on purpose (tests/accounts cover it).
    "accounts:password-reset-confirm",
    # The portal's pictures (a file path, not a record): public by design (tests/portal).
    "portal:rendition",
    # The public portal's reader endpoints, open to anonymous visitors on purpose (the matrix's
    # "anonymous → sign-in" does not apply); tests/portal covers them: an article that is not
    # live, not public or closed to comments is a 404, an unknown id counts no read.
    "portal:comment",
    "portal:comment-form",
    "portal:read",
}
# Not covered yet on this branch, each with the reason. The test also fails when one of these
# is covered (then it must leave the list), so the list cannot go stale.
PENDING: set[str] = set()  # URLs whose matrix another branch brings; empty on main
# The Django admin (superusers only), the language, and Wagtail's editor and document URLs: Wagtail
# checks its own page and collection permissions there, which danvan's grants set per portal
# section (tests/portal/test_editors.py).
SKIPPED_PREFIXES = ("quan-tri/", "i18n/", "bien-tap/", "tai-lieu/")


def urls_taking_an_id(patterns=None, prefix="", namespace=""):
    """``{URL name: route}`` of every pattern with a converter, outside the admin and i18n."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= urls_taking_an_id(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.pattern.converters and pattern.name:
            found[namespace + pattern.name] = route
    return found


def test_the_walk_finds_the_urls_that_take_an_id():
    found = urls_taking_an_id()
    assert found["documents:document-detail"] == "van-ban/<int:pk>/"
    assert found["initiatives:evidence-file"] == ("mo-hinh/<int:pk>/minh-chung/<int:evidence_id>/")
    assert "documents:document-list" not in found
    assert not any(name.startswith("admin:") for name in found)


@pytest.mark.django_db
def test_every_url_taking_an_id_is_covered_by_a_permission_matrix(request):
    if not request.config.stash.get(FULL_SUITE, False):
        pytest.skip("counts the matrices of the whole suite: run without a selection")
    routes = urls_taking_an_id()
    uncovered = sorted(set(routes) - set(COVERED) - EXEMPT - PENDING)
    assert not uncovered, "URLs taking an id that no check_matrix covers: " + ", ".join(
        f"{name} ({routes[name]})" for name in uncovered
    )
    stale = sorted((PENDING & set(COVERED)) | (PENDING - set(routes)) | (EXEMPT - set(routes)))
    assert not stale, "Covered now, or gone: remove from PENDING / EXEMPT: " + ", ".join(stale)


FULL_SUITE = pytest.StashKey[bool]()
