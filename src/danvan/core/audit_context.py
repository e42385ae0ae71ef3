"""The client address of a request, and of the current request for audit events written by
services; and the time of a replayed past, for demonstration data.

Services take ``acting_user`` but not the request; the middleware sets the client address here so
that ``record_event`` can store it without every service passing it along. The login lock-out
(django-axes, ``AXES_CLIENT_IP_CALLABLE``) asks ``request_client_ip`` too: one answer for both.
"""

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

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


def moment_of(day: date, hour: int = 8) -> datetime:
    """A moment of ``day`` in the office's time zone, never after now: the time demonstration
    data records for something dated ``day``."""
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())


def _address(value: str | None) -> str | None:
    """``value`` as a normalised IP address, or None when it is not one (a forged header may hold
    anything; the address columns accept only addresses)."""
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.9:443"
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(meta, *, trusted_proxies: int) -> str | None:
    """The client address seen through ``trusted_proxies`` reverse proxies of our own.

    Each proxy appends the address it received the request from to ``X-Forwarded-For``
    (nginx: ``$proxy_add_x_forwarded_for``), so the entries on the right were written by our
    proxies and everything to their left by the client, who may write anything. With N trusted
    proxies the client is the N-th entry from the right; the left-most entry is never believed.
    Without proxies, or when the header is shorter than the chain, the TCP peer (``REMOTE_ADDR``)
    is the client."""
    remote = _address(meta.get("REMOTE_ADDR"))
    if trusted_proxies <= 0:
        return remote
    entries = [entry.strip() for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < trusted_proxies:
        return remote
    return _address(entries[-trusted_proxies]) or remote


def request_client_ip(request) -> str | None:
    """The client address of ``request`` under the configured proxies
    (``DANVAN_TRUSTED_PROXIES``): for the audit log and the login lock-out alike."""
    return client_ip(request.META, trusted_proxies=settings.DANVAN_TRUSTED_PROXIES)
