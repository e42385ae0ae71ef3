"""Anonymous portal pages are cached whole; publishing anything starts a new generation."""

from django.core.cache import cache

GENERATION_KEY = "portal:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, timeout=None)
    return value


def purge() -> None:
    """Every cached anonymous page is stale from now on (its key carries the old generation)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
