"""Writing audit events. Every service in danvan calls ``record_event``."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from danvan.core.audit_context import current_ip, history_time
from danvan.core.bulk_insert import insert_values
from danvan.core.models import AuditEvent


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj`` as the audit log stores them, for people to read:
    a related object by its name, a choice by its label, anything else as it is."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        raw = getattr(obj, field.attname)
        if field.is_relation and raw is not None:
            values[name] = str(getattr(obj, name))
        elif field.choices and raw:
            values[name] = str(getattr(obj, f"get_{name}_display")())
        else:
            values[name] = raw
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {
        key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)
    }


def event_values(
    *,
    action: str,
    acting_user: Any = None,
    obj: models.Model | None = None,
    changes: Mapping[str, list[Any]] | None = None,
    message: str = "",
) -> dict[str, Any]:
    """The fields of one event: who (``acting_user``, None for the system), what (``action``, a
    namespaced code such as ``accounts.user.password_changed``), on which object, what changed
    (``{field: [before, after]}``) and from which address (taken from the current request).
    ``record_event`` writes one, ``record_events`` many at once."""
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    values = {
        "action": action,
        "actor_id": actor.pk if actor else None,
        "actor_label": (actor.get_full_name() or actor.get_username()) if actor else "",
        "changes": dict(changes or {}),
        "message": message[:500],
        "ip_address": current_ip.get(),
    }
    if (when := history_time.get()) is not None:
        values["occurred_at"] = when
    if obj is not None:
        values["content_type_id"] = ContentType.objects.get_for_model(obj).pk
        values["object_id"] = str(obj.pk)
        values["object_label"] = str(obj)[:255]
    return values


def record_event(
    *,
    action: str,
    acting_user: Any = None,
    obj: models.Model | None = None,
    changes: Mapping[str, list[Any]] | None = None,
    message: str = "",
) -> AuditEvent:
    """Append one event (see ``event_values``)."""
    event = AuditEvent(
        **event_values(
            action=action, acting_user=acting_user, obj=obj, changes=changes, message=message
        )
    )
    event.save()
    return event


def record_events(events: Sequence[Mapping[str, Any]]) -> None:
    """Append many events, each given by ``event_values``, in a few INSERTs (bulk
    registrations); they all get the same time. The log stays append-only: nothing here
    updates or deletes."""
    insert_values(AuditEvent, events)
