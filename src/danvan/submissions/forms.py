"""The report form, built from its template: an entry for each indicator (the service checks
the numbers, written the Vietnamese way), a text for each narrative section, and the version."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from danvan.core import measures
from danvan.core.folding import fold
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
            help_parts = [_("required")] if indicator.required else []
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


PERIOD_CHOICES = [
    (3, _("the first quarter")),
    (6, _("the first 6 months")),
    (9, _("9 months")),
    (10, _("10 months")),
    (12, _("the year")),
]


INVALID = object()


def _bound_of(text: str):
    """A bound typed the Vietnamese way ("1.000", "2,5"); None when empty, INVALID when not a
    number a bound column holds."""
    if not text:
        return None
    try:
        value = Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return INVALID
    return value if value.is_finite() and abs(value) < 10**12 else INVALID


def _measure_choices():
    return [(m.code, str(m.label)) for m in measures.measures()]


class TemplateForm(forms.Form):
    """A report template made by staff: which figures are computed, which the units enter
    (one a line: "label | at least | at most", a "?" before the label when it may be left
    empty), the narrative sections (one title a line), the periods and the deadline."""

    name = forms.CharField(label=_("Name of the report"), max_length=300)
    owner_unit = forms.ModelChoiceField(label=_("Reported to"), queryset=None)
    measures = forms.MultipleChoiceField(
        label=_("Figures computed from the records"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    end_months = forms.TypedMultipleChoiceField(
        label=_("Periods (each from 1 January)"),
        choices=PERIOD_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[6, 12],
    )
    deadline_day = forms.IntegerField(
        label=_("Deadline: day of the month after the period"),
        min_value=1,
        max_value=31,
        initial=15,
    )
    indicators = forms.CharField(
        label=_("Figures the units enter"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One a line: name | at least | at most. Put “?” before a name the unit may leave "
            "empty. Example: Số hộ được hỗ trợ | 0"
        ),
    )
    sections = forms.CharField(
        label=_("Narrative sections"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Kết quả\nHạn chế, nguyên nhân\nPhương hướng, nhiệm vụ",
        help_text=_("One title a line; the first is drafted from the figures."),
    )
    add_units = forms.BooleanField(
        label=_("Every unit directly below reports on it"), required=False, initial=True
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units
        self.fields["measures"].choices = _measure_choices()

    def clean_indicators(self) -> list[dict]:
        result, codes = [], set()
        for number, line in enumerate(self.cleaned_data["indicators"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            label = parts[0].lstrip("?").strip()[:300]
            bounds = [_bound_of(text) for text in (parts[1:3] + ["", ""])[:2]]
            if not label or len(parts) > 3 or INVALID in bounds:
                raise ValidationError(_("Line %(number)s cannot be read.") % {"number": number})
            code = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:36] or "chi_tieu"
            while code in codes:
                code = f"{code[:33]}_{number}"
            codes.add(code)
            result.append(
                {
                    "code": code,
                    "label": label,
                    "required": not parts[0].startswith("?"),
                    "min_value": bounds[0],
                    "max_value": bounds[1],
                }
            )
        return result

    def clean_sections(self) -> list[dict]:
        titles = [
            line.strip()[:300]
            for line in self.cleaned_data["sections"].splitlines()
            if line.strip()
        ]
        return [{"title": title, "drafted": index == 0} for index, title in enumerate(titles)]


class TemplateEditForm(forms.Form):
    """What may change in a template once units report on it."""

    name = TemplateForm.base_fields["name"]
    measures = TemplateForm.base_fields["measures"]
    end_months = TemplateForm.base_fields["end_months"]
    deadline_day = TemplateForm.base_fields["deadline_day"]
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = _measure_choices()
