"""Audit events as officers read them: every key of ``changes`` with its Vietnamese label and
every value in words — a choice by its label, a related object by its name, a year as a year.

Values are rendered when the timeline is shown, so events written before a label existed read
right too. How one key reads is decided, in order, by:

1. what its app registered (``registry.register_history_fields`` / ``register_history_resolver``):
   keys that are not model fields (``grant``, ``files``) or need their own wording;
2. the model field of that name on the event's object: its ``verbose_name``, its choices'
   labels, a year (``year``, ``*_year``) without a thousands dot;
3. ``plain_value`` (dates dd/mm/yyyy, yes/no, numbers 1.599 and 7,50).

Services keep writing names rather than ids (``snapshot`` does it for relations); a stored
choice code or criterion id is still shown in words through the rules above."""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext

from danvan.core import registry
from danvan.core.formatting import format_date, format_number

EMPTY = "—"


def _is_year(name: str) -> bool:
    return name == "year" or name.endswith("_year")


# A Decimal as the JSON encoder stored it ("7.50"): shown "7,50".
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def _plain_date(value: str) -> str:
    try:
        return format_date(date.fromisoformat(value))
    except ValueError:
        return value


def plain_value(value: Any) -> str:
    """The default: dates dd/mm/yyyy, yes/no, numbers with the Vietnamese separators."""
    if value is None or value in ("", []):
        shown = EMPTY
    elif isinstance(value, bool):
        shown = gettext("yes") if value else gettext("no")
    elif isinstance(value, int | float):
        shown = format_number(value, 0 if isinstance(value, int) else 2)
    elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        shown = _plain_date(value)
    elif isinstance(value, str) and _DECIMAL.match(value):
        shown = format_number(Decimal(value), len(value.partition(".")[2]))
    elif isinstance(value, Decimal):
        shown = format_number(value, max(0, -value.as_tuple().exponent))
    elif isinstance(value, datetime | date):
        shown = format_date(value)
    elif isinstance(value, list):
        shown = ", ".join(plain_value(item) for item in value)
    else:
        shown = str(value)
    return shown


def _model_field(model: type[models.Model] | None, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a key of its own, or a field renamed since the event
        return None


def field_value(field, name: str, value: Any) -> str:
    """One value of a model field, in words."""
    if value is None or value == "":
        return EMPTY
    if field is not None and getattr(field, "choices", None):
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if _is_year(name) and isinstance(value, int | str) and str(value).isdigit():
        return str(value)
    return plain_value(value)


def change_rows(event) -> list[dict[str, str]]:
    """``[{"label", "before", "after"}]`` for the event's changes, in the order written."""
    model = event.content_type.model_class() if event.content_type_id else None
    target = f"{model._meta.app_label}.{model._meta.model_name}" if model else ""
    rows = []
    for name, values in (event.changes or {}).items():
        pair = list(values) if isinstance(values, list | tuple) else [None, values]
        before, after = (pair + [None, None])[:2]
        registered = registry.history_field(target, name)
        field = _model_field(model, name)
        label = (registered and registered.label) or (field and field.verbose_name) or name
        if registered and registered.format:
            shown = [
                EMPTY if v in (None, "") else str(registered.format(v)) for v in (before, after)
            ]
        else:
            shown = [field_value(field, name, v) for v in (before, after)]
        rows.append({"label": capfirst(str(label)), "before": shown[0], "after": shown[1]})
    return rows
