import os

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from danvan.territory.loading import load_units
from tests.factories.accounts import AdminFactory, UserFactory

# The suite draws the same examples every run (CI must not fail on a new random find that the
# change under test did not cause); `HYPOTHESIS_PROFILE=explore make test` draws new ones, to
# hunt for inputs the fixed examples miss.
hypothesis_settings.register_profile("suite", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the real administrative units of both maps (loaded once per
    session, ~3 s): territory code is tested against the data officers use."""
    with django_db_blocker.unblock():
        load_units()


def pytest_runtest_setup(item):
    """Every test starts in Vietnamese, the default language of danvan (a hook, not a fixture,
    so that hypothesis tests need no function-scoped fixture)."""
    translation.activate("vi")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: ids are reused after a rolled-back test, and a
    figure cached by the last test must not be read by the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def admin_user(db):
    return AdminFactory()


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin_user):
    # Its own client, so that a test may use user_client and admin_client side by side.
    client = Client()
    client.force_login(admin_user)
    return client


def pytest_terminal_summary(terminalreporter):
    """Say how large the permission matrix was (URLs × roles × in/out of scope)."""
    from tests.permissions import MATRIX_SIZE

    if MATRIX_SIZE:
        total = sum(MATRIX_SIZE.values())
        detail = ", ".join(f"{method.upper()} {n}" for method, n in sorted(MATRIX_SIZE.items()))
        terminalreporter.write_line(f"permission matrix: {total} requests checked ({detail})")


@pytest.fixture
def media_dir(tmp_path, settings):
    """Media on a real ``FileSystemStorage`` in a fresh folder (the test settings keep files in
    memory): what is on disk after a test is what production would have left."""
    root = tmp_path / "media"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": "/media/"},
        },
    }
    return root


def files_under(root) -> list[str]:
    """The files under ``root``, as storage names (``documents/2026/54-kh-hu_x.pdf``)."""
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering
def pytest_collection_modifyitems(session, config, items):
    """The URL walk (``tests/test_url_matrix.py``) runs last, after every matrix."""
    last = [item for item in items if item.nodeid.startswith("tests/test_url_matrix.py")]
    items[:] = [item for item in items if item not in last] + last


def pytest_collection_finish(session):
    """Whether the whole suite was selected (no -k, no node ids, every test module), so that
    the URL walk may require every URL taking an id to be covered."""
    from pathlib import Path

    from tests.test_url_matrix import FULL_SUITE

    config = session.config
    root = Path(__file__).parent
    modules = {
        path for path in root.rglob("test_*.py") if "e2e" not in path.relative_to(root).parts
    }
    collected = {Path(item.path) for item in session.items}
    full = (
        not config.option.keyword
        and not any("::" in arg for arg in config.args)
        and modules <= collected
    )
    config.stash[FULL_SUITE] = full
