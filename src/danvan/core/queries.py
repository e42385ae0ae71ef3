"""Reading the audit log.

Callers decide visibility: they pass an object that the user may already see."""

from django.db import models

from danvan.core.models import AuditEvent, AuditEventQuerySet


def events_for_object(obj: models.Model) -> AuditEventQuerySet:
    """The timeline of one object, newest first."""
    return AuditEvent.objects.for_object(obj).select_related("content_type")


def events_by_actor(user: models.Model) -> AuditEventQuerySet:
    """What one user did, newest first."""
    return AuditEvent.objects.filter(actor=user).select_related("content_type")


def count_events() -> int:
    return AuditEvent.objects.count()


def latest_event_id() -> int:
    """The id of the last audit event: every service write appends one, so a figure cached
    with this number in its key is recomputed after any change (one index lookup)."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def latest_event_id_of(user: models.Model) -> int:
    """The id of the last audit event ``user`` caused (0: none; one index lookup, once per
    request: kept on the user object, which a request loads afresh)."""
    known = getattr(user, "_danvan_last_event", None)
    if known is None:
        events = AuditEvent.objects.filter(actor=user).order_by("-id")
        known = events.values_list("id", flat=True).first() or 0
        user._danvan_last_event = known
    return known
