"""Counting an article's reads without cookies and without slowing its page.

The article page (cached whole) sends a beacon after it is shown (``portal.js``): browsers
without JavaScript and robots send none, and robots that do run scripts are told apart by their
user agent. The beacon's view only adds one to a cache counter per article and day, once an hour
for the same visitor (a keyed hash of address and user agent: nothing stored points back to
them). The counters reach the database (``ArticleDayViews``) in batches:

- each web process hands the counts it gathered to a task (``write_counts``) every
  ``FLUSH_SECONDS`` or ``FLUSH_THRESHOLD`` reads — with a per-process cache (locmem) the task
  worker could not read them itself;
- the scheduled ``manage.py portal flush-reads`` (every few minutes) writes whatever a shared
  cache (Redis) holds for the live articles.

A counter is taken by reading it and subtracting what was read, so reads counted meanwhile stay.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import date, timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_tasks import task

from danvan.core.audit_context import request_client_ip
from danvan.portal import cache as portal_cache

SEEN_SECONDS = 3600  # the same visitor counts once an hour per article
FLUSH_SECONDS = 120
FLUSH_THRESHOLD = 500
ROBOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|fetch|scan|monitor|preview|headless|phantom|"
    r"lighthouse|curl|wget|python|java/|go-http|okhttp|axios|node-fetch|libwww|httpclient|"
    r"facebookexternalhit|whatsapp|zalo.*link|embedly|bing|yandex|baidu|semrush|ahrefs",
    re.I,
)

_lock = threading.Lock()
_pending: dict[str, float] = {"reads": 0, "since": time.monotonic()}
_keys: set[str] = set()


def is_robot(user_agent: str) -> bool:
    return not user_agent or bool(ROBOTS.search(user_agent))


def counter_key(article_id: int, day: date) -> str:
    return f"portal:reads:{day.isoformat()}:{article_id}"


def _live_ids() -> frozenset[int]:
    """The live articles' ids, cached until the next publication (a beacon for any other id
    counts nothing)."""
    key = f"portal:live-ids:{portal_cache.generation()}"
    ids = cache.get(key)
    if ids is None:
        from danvan.portal.models import ArticlePage

        ids = frozenset(ArticlePage.objects.live().public().values_list("pk", flat=True))
        cache.set(key, ids, 3600)
    return ids


def visitor(request) -> str:
    address = request_client_ip(request) or "unknown"
    agent = request.headers.get("User-Agent", "")[:300]
    return salted_hmac("danvan.portal.reader", f"{address}|{agent}").hexdigest()


def record(request, article_id: int) -> bool:
    """Count one read of ``article_id`` from this request; False when it does not count (a
    robot, an unknown article, or the same visitor within the hour)."""
    if is_robot(request.headers.get("User-Agent", "")) or article_id not in _live_ids():
        return False
    if not cache.add(f"portal:seen:{article_id}:{visitor(request)}", 1, SEEN_SECONDS):
        return False
    key = counter_key(article_id, timezone.localdate())
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=None)
    with _lock:
        _keys.add(key)
        _pending["reads"] += 1
        due = (
            _pending["reads"] >= FLUSH_THRESHOLD
            or time.monotonic() - _pending["since"] >= FLUSH_SECONDS
        )
    if due:
        flush_local()
    return True


def take(keys) -> list[list]:
    """Read and empty the counters ``keys``: ``[[article_id, "yyyy-mm-dd", reads], …]``."""
    taken = []
    for key, value in cache.get_many(list(keys)).items():
        if not value:
            continue
        try:
            cache.decr(key, value)
        except ValueError:
            continue
        day, article_id = key.rsplit(":", 2)[-2:]
        taken.append([int(article_id), day, int(value)])
    return taken


def flush_local() -> int:
    """Hand the counts this process gathered to the task that writes them."""
    with _lock:
        keys = list(_keys)
        _keys.clear()
        _pending["reads"] = 0
        _pending["since"] = time.monotonic()
    counts = take(keys)
    if counts:
        write_counts.enqueue(counts)
    return sum(count for *_, count in counts)


def flush_shared(*, days: int = 2) -> int:
    """Write the counters a shared cache holds for every live article (today and the days
    before): the scheduled flush."""
    today = timezone.localdate()
    keys = [
        counter_key(article_id, today - timedelta(days=back))
        for article_id in _live_ids()
        for back in range(days)
    ]
    written = 0
    for start in range(0, len(keys), 500):
        counts = take(keys[start : start + 500])
        written += write(counts)
    return written


@transaction.atomic
def write(counts) -> int:
    """Add ``counts`` to ``ArticleDayViews`` (one transaction); returns the reads written."""
    from danvan.portal.models import ArticleDayViews, ArticlePage

    existing = set(
        ArticlePage.objects.filter(pk__in={row[0] for row in counts}).values_list("pk", flat=True)
    )
    written = 0
    for article_id, day, reads in counts:
        if article_id not in existing or reads <= 0:
            continue
        rows = ArticleDayViews.objects.filter(article_id=article_id, day=day)
        if not rows.update(views=F("views") + reads):
            try:
                with transaction.atomic():
                    ArticleDayViews.objects.create(article_id=article_id, day=day, views=reads)
            except IntegrityError:  # written meanwhile by another flush
                rows.update(views=F("views") + reads)
        written += reads
    return written


@task()
def write_counts(counts: list[list]) -> int:
    return write(counts)
