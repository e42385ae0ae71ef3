"""Form fields shared by the apps, and the reading of numbers typed into a query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

# A version counter lives in an integer column; a larger number is not a version.
MAX_VERSION = 2**31 - 1


class VersionField(forms.IntegerField):
    """The hidden version of the record an edit form was opened on (for the stale-edit check).

    A browser sends back what the page held; anything else means the page was altered or damaged,
    and the officer is told so in words, not "enter a whole number" about a field they cannot
    see. Templates that lay out fields one by one must show ``form.hidden_fields`` errors."""

    widget = forms.HiddenInput
    default_error_messages = dict.fromkeys(
        ("required", "invalid", "min_value", "max_value"),
        _("This form was damaged on its way back. Reload the page and try again."),
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_VERSION)
        super().__init__(**kwargs)


# The largest id a bigint column holds; a larger number names no record.
MAX_ID = 2**63 - 1


def parse_int(value, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``value`` (from a query string or a posted field) as a whole number between ``minimum``
    and ``maximum``, or None when it is not one: not written in ASCII digits ("abc", "-1", "²",
    "1e3"), or out of range (beyond any integer column)."""
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_id(value) -> int | None:
    """``value`` as a record id (a positive whole number an id column can hold), or None."""
    return parse_int(value, minimum=1)


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """Ticked records, chosen by id. A value that is not an id an id column can hold is an
    invalid choice here: Django would send it to the database, where SQLite cannot even bind
    it (a 500)."""

    def _check_values(self, value):
        for pk in value or ():
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
