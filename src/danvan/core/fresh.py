"""Figures that are costly to count (the home page's, the dashboard's), kept in the cache for
a short while and counted again sooner when the reader has written something since.

A figure cached under the audit log's last id was counted again after *any* write anywhere:
with officers at work, that is on nearly every page view, and each process of the server counted
it again for itself. Here a value is served while it is younger than ``seconds`` and the user has
written nothing since it was counted (their own last audit event is older than the value): what
the user just did shows at once, what colleagues did shows within ``seconds``. The pages say the
time the figures were counted."""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from danvan.core.queries import latest_event_id, latest_event_id_of

# How long a figure may lag behind colleagues' writes.
FRESH_SECONDS = 120


@dataclass(frozen=True)
class Counted:
    value: object
    counted_at: datetime


def counted(key: str, user, compute, *, seconds: int = FRESH_SECONDS) -> Counted:
    """``compute()`` as of at most ``seconds`` ago and after ``user``'s own last write."""
    entry = cache.get(key)
    if entry is not None:
        value, seen, counted_at = entry
        if user is None or not user.is_authenticated or latest_event_id_of(user) <= seen:
            return Counted(value, counted_at)
    seen = latest_event_id()
    value = compute()
    now = timezone.now()
    cache.set(key, (value, seen, now), seconds)
    return Counted(value, now)
