"""The request address of the current request, for audit events written by services.

Services take ``acting_user`` but not the request; the middleware sets the client address here so
that ``record_event`` can store it without every service passing it along.
"""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("danvan_current_ip", default=None)


def client_ip(meta: dict, *, behind_proxy: bool) -> str | None:
    """The client address. ``X-Forwarded-For`` is believed only behind our own proxy (nginx sets
    it); otherwise any client could write a false address into the audit log."""
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "") if behind_proxy else ""
    candidate = forwarded.split(",")[0].strip() if forwarded else meta.get("REMOTE_ADDR")
    return candidate or None
