"""The form renderer (``FORM_RENDERER``): Django's own, with the select box written in Python.

Django renders a ``<select>`` through a template include per option and another per option's
attributes; a filter form's year, status and organisation boxes cost a list page several
milliseconds of CPU that way (docs/dev/performance.md). ``FormRenderer`` writes the same HTML,
byte for byte, directly — as long as the templates are Django's own (no app overrides
``django/forms/widgets/select.html`` or the option's template); anything else goes through the
templates as before. ``tests/core/test_renderers.py`` compares both on every kind of select."""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
ATTRS = "django/forms/widgets/attrs.html"
# What render_value_in_context reads: autoescape on, time zone and localisation by the settings.
_OUTPUT = Context(autoescape=True)


def _text(value) -> str:
    """``{{ value }}``."""
    return render_value_in_context(value, _OUTPUT)


def _as_string(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031 — the filter's own
    return _text(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308 — safe in, safe out, as the filter


def _attrs(attrs: dict) -> str:
    """``{% include "django/forms/widgets/attrs.html" %}``."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_text(name)}")
            if value is not True:
                parts.append(f'="{_as_string(value)}"')
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    @cached_property
    def _own_templates(self) -> bool:
        """Whether the select's templates are Django's (then the Python rendering is theirs)."""
        return all(
            "/django/forms/templates/" in str(self.get_template(name).origin.name)
            for name in (SELECT, OPTION, ATTRS)
        )

    def render(self, template_name, context, request=None):
        if template_name == SELECT and self._own_templates:
            html = self._select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)

    def _select(self, widget: dict) -> str | None:
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                if option["template_name"] != OPTION:
                    return None
                parts.append(
                    f'\n  <option value="{_as_string(option["value"])}"'
                    f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts).strip()
