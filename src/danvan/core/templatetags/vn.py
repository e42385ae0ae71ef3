"""Template filters for Vietnamese formatting: ``{{ d|vn_date }}``, ``{{ n|vn_number }}``,
``{{ amount|vn_money }}``; and ``{{ event.action|action_label }}`` for audit timelines."""

import json

from django import template

from danvan.core import registry
from danvan.core.formatting import format_date, format_money, format_number, format_percent
from danvan.core.history import change_rows

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


@register.simple_tag
def history_changes(event) -> list[dict[str, str]]:
    """``{% history_changes event as rows %}``: the event's changes in words (core.history)."""
    return change_rows(event)
