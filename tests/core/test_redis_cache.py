"""The Redis cache (``DANVAN_REDIS_URL``, the ``redis`` extra) for real, when a Redis server
answers on 127.0.0.1:6379 (it does on the development and CI machines); skipped otherwise."""

import socket
import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.settings import require_extra
from danvan.initiatives import tasks
from danvan.initiatives.models import ImportJob
from tests.core.test_settings import run_manage
from tests.factories.organizations import unit
from tests.permissions import user_with_role

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/0"


def _redis_answers() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not _redis_answers(),
    reason=f"no Redis server answers on {REDIS_HOST}:{REDIS_PORT} (apt-get install redis-server)",
)


@pytest.fixture
def redis_cache(settings):
    """Django's RedisCache on the local server, under a prefix of this test only; the keys it
    wrote are removed afterwards (other programs may share the server)."""
    prefix = f"danvan-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    import redis

    raw = redis.Redis.from_url(REDIS_URL)
    yield raw, prefix
    keys = list(raw.scan_iter(match=f"{prefix}:*"))
    if keys:
        raw.delete(*keys)
    raw.close()


def test_set_and_get_round_trip_through_redis(redis_cache):
    raw, prefix = redis_cache
    cache.set("danvan:khoa", {"tên": "Dân vận khéo", "số": 1599}, 60)
    assert cache.get("danvan:khoa") == {"tên": "Dân vận khéo", "số": 1599}
    # It is in Redis, where another process (the task worker) would find it.
    assert raw.exists(f"{prefix}:1:danvan:khoa") == 1
    cache.delete("danvan:khoa")
    assert cache.get("danvan:khoa") is None


@pytest.mark.django_db
def test_import_progress_goes_through_redis_to_the_status_page(redis_cache, client):
    raw, prefix = redis_cache
    user = user_with_role("staff", unit=unit("25"))
    job = ImportJob.objects.create(
        user=user,
        file="imports/2026/12/tep.xlsx",
        original_name="tep.xlsx",
        status=ImportJob.State.RUNNING,
        total=1000,
    )
    progress = tasks._Progress(job.pk)
    progress(400)  # what the worker writes every 200 rows
    progress.close()
    # Stored in Redis itself, shared by the web server and the worker.
    assert raw.get(f"{prefix}:1:{tasks.progress_key(job.pk)}") == b"400"
    client.force_login(user)
    page = client.get(reverse("initiatives:initiative-import-status", args=[job.pk]))
    assert 'value="400"' in page.content.decode()
    tasks._finish(job.pk, status=ImportJob.State.DONE)
    assert raw.exists(f"{prefix}:1:{tasks.progress_key(job.pk)}") == 0


def test_the_settings_configure_redis_from_the_environment(tmp_path):
    code = (
        "from django.core.cache import cache; from django.conf import settings; "
        "cache.set('danvan-settings-probe', 'co', 30); "
        "print(settings.CACHES['default']['BACKEND'], cache.get('danvan-settings-probe')); "
        "cache.delete('danvan-settings-probe')"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        env_extra={"DANVAN_REDIS_URL": REDIS_URL, "DANVAN_CACHE_PREFIX": "danvan-test-settings"},
        tmp_path=tmp_path,
    )
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "co"], (
        result.stderr
    )


def test_a_setting_whose_extra_is_missing_stops_the_start_with_the_way_out():
    with pytest.raises(ImproperlyConfigured, match=r"pip install 'danvan\[redis\]'"):
        require_extra("danvan_no_such_module", extra="redis", setting="DANVAN_REDIS_URL")
