"""Template filters for Vietnamese formatting: ``{{ d|vn_date }}``, ``{{ n|vn_number }}``,
``{{ amount|vn_money }}``; ``{{ event.action|action_label }}`` for audit timelines; and
``{{ row|choice_label:"status" }}`` for a coded field's words in a table's rows."""

import json

from django import template
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

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


# A model field's choices by value (keys only: the labels stay lazy, translated when shown).
_CHOICES: dict = {}


@register.filter("choice_label")
def choice_label(obj, name: str):
    """``obj.get_<name>_display()``, for the rows of a list: Django's rebuilds the field's
    choices on every call and translates every label of the field to hash them (docs/dev/
    performance.md); this reads them once per field and translates only the one shown."""
    field = obj._meta.get_field(name)
    choices = _CHOICES.get(field)
    if choices is None:
        choices = _CHOICES[field] = {make_hashable(v): label for v, label in field.flatchoices}
    value = getattr(obj, field.attname)
    return force_str(choices.get(make_hashable(value), value), strings_only=True)


@register.filter("json_attr")
def json_attr(value) -> str:
    """A value as JSON for an HTML attribute (htmx ``hx-vals``); autoescaping quotes it."""
    return json.dumps(value, ensure_ascii=False)


@register.simple_tag
def history_changes(event) -> list[dict[str, str]]:
    """``{% history_changes event as rows %}``: the event's changes in words (core.history)."""
    return change_rows(event)
