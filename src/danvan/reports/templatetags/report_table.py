"""A report table's figure cell written in Python: a table has a cell per unit and measure
(hundreds), and the same cell as template tags cost most of the builder's page."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from danvan.core.formatting import format_number, format_percent

register = template.Library()


@register.simple_tag
def figure_cell(figure, total=False):
    """``<td>`` with the figure and, when either period has one, its change from the previous
    period (coloured by direction, except in the total row)."""
    value = format_number(figure.value)
    if not (figure.value or figure.previous):
        return format_html('<td class="num">{}</td>', value)
    if total:
        css = "change"
    else:
        direction = "up" if figure.change > 0 else "down" if figure.change < 0 else "same"
        css = f"change change--{direction}"
    sign = "+" if figure.change > 0 else ""
    percent = ""
    if figure.percent is not None:
        percent = format_html(" ({}{})", sign, format_percent(figure.percent))
    return format_html(
        '<td class="num">{}<small class="{}" title="{}: {}">{}{}{}</small></td>',
        value,
        css,
        _("Previous period"),
        format_number(figure.previous),
        sign,
        format_number(figure.change),
        percent,
    )
