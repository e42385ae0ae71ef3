"""Template filters for Vietnamese formatting: ``{{ d|vn_date }}``, ``{{ n|vn_number }}``,
``{{ amount|vn_money }}``; and ``{{ event.action|action_label }}`` for audit timelines."""

import json
import re
from datetime import date

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext

from danvan.core import registry
from danvan.core.formatting import format_date, format_money, format_number, format_percent

register = template.Library()

register.filter("vn_date", format_date)
register.filter("vn_money", format_money)
register.filter("vn_percent", format_percent)


@register.filter("vn_number")
def vn_number(value, decimals=0):
    return format_number(value, int(decimals))


@register.filter("action_label")
def action_label(code: str):
    return registry.action_label(code)


@register.filter("json_attr")
def json_attr(value) -> str:
    """A value as JSON for an HTML attribute (htmx ``hx-vals``); autoescaping quotes it."""
    return json.dumps(value, ensure_ascii=False)


@register.filter("field_label")
def field_label(name: str, event) -> str:
    """The verbose name of a changed field of the event's object, for timelines."""
    model = event.content_type.model_class() if event.content_type_id else None
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:  # a field renamed since the event: show its old name
        return name


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@register.filter("audit_value")
def audit_value(value):
    """A value of an audit trail as officers read it: dates dd/mm/yyyy, yes/no, numbers 1.599."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float):
        return format_number(value, 0 if isinstance(value, int) else 2)
    if isinstance(value, str) and _ISO_DAY.match(value):
        return format_date(date.fromisoformat(value))
    return value
