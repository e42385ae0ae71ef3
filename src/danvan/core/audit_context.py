"""The request address of the current request, for audit events written by services; and the
time of a replayed past, for demonstration data.

Services take ``acting_user`` but not the request; the middleware sets the client address here so
that ``record_event`` can store it without every service passing it along.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

current_ip: ContextVar[str | None] = ContextVar("danvan_current_ip", default=None)
history_time: ContextVar[datetime | None] = ContextVar("danvan_history_time", default=None)


@contextmanager
def recorded_as_of(when: datetime) -> Iterator[None]:
    """Audit events written inside carry ``when`` as their time. Only for demonstration data
    that replays a past year through the services (a 2023 round's timeline says 2023, not the
    day of the install); nothing a user does runs inside it."""
    token = history_time.set(when)
    try:
        yield
    finally:
        history_time.reset(token)


def client_ip(meta: dict, *, behind_proxy: bool) -> str | None:
    """The client address. ``X-Forwarded-For`` is believed only behind our own proxy (nginx sets
    it); otherwise any client could write a false address into the audit log."""
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "") if behind_proxy else ""
    candidate = forwarded.split(",")[0].strip() if forwarded else meta.get("REMOTE_ADDR")
    return candidate or None
