"""The report form, built from its template: an entry for each indicator (the service checks
the numbers, written the Vietnamese way), a text for each narrative section, and the version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.formatting import format_number
from danvan.core.forms import VersionField

INDICATOR_PREFIX = "indicator_"
SECTION_PREFIX = "section_"


def _bound(value) -> str:
    return format_number(int(value) if value == value.to_integral_value() else value)


class SubmissionForm(forms.Form):
    version = VersionField(required=False)

    def __init__(self, *args, template, initial_indicators=None, initial_sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.indicators = list(template.indicators.all())
        self.sections = list(template.sections.all())
        for indicator in self.indicators:
            help_parts = []
            if indicator.min_value is not None:
                help_parts.append(_("at least %(min)s") % {"min": _bound(indicator.min_value)})
            if indicator.max_value is not None:
                help_parts.append(_("at most %(max)s") % {"max": _bound(indicator.max_value)})
            self.fields[f"{INDICATOR_PREFIX}{indicator.code}"] = forms.CharField(
                label=indicator.label,
                required=False,
                max_length=40,
                initial=(initial_indicators or {}).get(indicator.code, ""),
                help_text=", ".join(str(p) for p in help_parts),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.fields[f"{INDICATOR_PREFIX}{indicator.code}"].required_mark = indicator.required
        for section in self.sections:
            self.fields[f"{SECTION_PREFIX}{section.pk}"] = forms.CharField(
                label=section.title,
                required=False,
                max_length=20_000,
                initial=(initial_sections or {}).get(str(section.pk), ""),
                help_text=section.guidance,
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    def indicator_fields(self):
        return [self[f"{INDICATOR_PREFIX}{i.code}"] for i in self.indicators]

    def section_fields(self):
        return [self[f"{SECTION_PREFIX}{s.pk}"] for s in self.sections]

    def entered(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        indicators = {i.code: data.get(f"{INDICATOR_PREFIX}{i.code}", "") for i in self.indicators}
        sections = {str(s.pk): data.get(f"{SECTION_PREFIX}{s.pk}", "") for s in self.sections}
        return indicators, sections


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = VersionField(required=False)
