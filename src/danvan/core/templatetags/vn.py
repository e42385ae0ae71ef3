"""Template filters for Vietnamese formatting: ``{{ d|vn_date }}``, ``{{ n|vn_number }}``,
``{{ amount|vn_money }}``; and ``{{ event.action|action_label }}`` for audit timelines."""

from django import template

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
