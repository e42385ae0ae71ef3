"""Forms of the targets pages. They validate what was typed; the services decide."""

import re
from datetime import datetime

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import MANAGE_ROLES
from danvan.accounts.queries import NOTHING, grants_of
from danvan.core import measures
from danvan.core.forms import RecordsChoiceField, VersionField
from danvan.documents.queries import documents_visible_to
from danvan.initiatives.forms import VietnameseDecimalField
from danvan.organizations.forms import OrganizationChoiceField, PersonChoiceField
from danvan.organizations.queries import (
    organizations_editable_by,
    organizations_visible_to,
    people_visible_to,
)
from danvan.targets import queries
from danvan.targets.enums import Direction, InspectionKind, Measurement, ReviewKind, Rollup
from danvan.territory.forms import PlaceChoiceField, VietnameseDateField
from danvan.territory.models import AdministrativeUnit

MILESTONE_LINE = re.compile(r"^\s*(\d{1,2}/\d{1,2}/\d{4})\s*[:=\-–]\s*(\S+)\s*$")
MAX_MILESTONES = 40


def _choices(enum, *, blank=None):
    choices = [(item.value, capfirst(item.label)) for item in enum]
    return [("", blank), *choices] if blank is not None else choices


def _date_input():
    return forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
    )


def units_managed_by(user):
    """Units inside one of the user's managing unit grants (of either map)."""
    units = AdministrativeUnit.objects.all()
    if user.is_superuser:
        return units
    condition = NOTHING
    for grant in grants_of(user):
        if grant.role in MANAGE_ROLES and grant.unit_id:
            condition |= Q(path__startswith=grant.unit.path)
            condition |= Q(today_path__startswith=grant.unit.path)
    return units.filter(condition)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name of the resolution, programme or project"), max_length=300)
    document = forms.ModelChoiceField(
        label=_("Document"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a document you may see.")},
    )
    owner = OrganizationChoiceField(label=_("Organisation in charge"))
    unit = PlaceChoiceField(
        label=_("Area covered"),
        era=None,
        error_messages={"invalid_choice": _("Choose an area inside your scope.")},
    )
    starts_on = VietnameseDateField(label=_("From"), widget=_date_input())
    ends_on = VietnameseDateField(label=_("Until"), widget=_date_input())
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents_visible_to(user).order_by("-issued_on", "id")
        self.fields["owner"].queryset = organizations_editable_by(user, roles=MANAGE_ROLES)
        widget = self.fields["owner"].widget
        widget.extra = {**widget.extra, "writes": "manage"}
        self.fields["unit"].queryset = units_managed_by(user)


def parse_milestones(text: str) -> list:
    """Milestones typed one a line, ``31/12/2023: 50``."""
    result = []
    parse = VietnameseDecimalField().to_python
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = MILESTONE_LINE.match(line)
        try:
            if not match:
                raise ValueError
            due = datetime.strptime(match.group(1), "%d/%m/%Y").date()  # noqa: DTZ007 — a date
            value = parse(match.group(2))
            if value is None or not value.is_finite() or abs(value) > 10**12:
                raise ValueError
        except (ValueError, forms.ValidationError):
            raise forms.ValidationError(
                _("Line %(line)s: write a milestone as 31/12/2023: 50."), params={"line": number}
            ) from None
        result.append((due, value))
    if len(result) > MAX_MILESTONES:
        raise forms.ValidationError(_("Too many milestones."))
    return result


def measure_choices():
    return [("", "—")] + [
        (m.code, f"{measures.get_source(m.source).label} — {m.label}") for m in measures.measures()
    ]


def filter_choices():
    return [(f.code, capfirst(f.label)) for f in measures.filters()]


def where_choices():
    """ "Only the records of": every coded value of the registered dimensions (not the area
    flags, which are "only in", nor a status judged on a day), as ``code=value``."""
    from danvan.initiatives.models import Field

    choices = []
    for dimension in measures.dimensions():
        if dimension.flag or dimension.as_of is not None or dimension.code == measures.UNIT:
            continue
        if dimension.labels is not None:
            values = dimension.labels().items()
        elif dimension.code == "field":
            values = Field.objects.order_by("name").values_list("pk", "name")
        else:
            continue
        choices += [
            (f"{dimension.code}={value}", f"{capfirst(dimension.label)}: {label}")
            for value, label in values
        ]
    return choices


def parse_where(chosen) -> dict:
    where = {}
    for item in chosen or ():
        code, _sep, value = item.partition("=")
        if code in where:
            raise forms.ValidationError(_("Choose one value of each."))
        where[code] = value
    return where


class TargetForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    name = forms.CharField(label=_("Target"), max_length=300)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=40)
    baseline = VietnameseDecimalField(
        label=_("Baseline"), required=False, max_digits=14, decimal_places=2
    )
    target_value = VietnameseDecimalField(label=_("Target value"), max_digits=14, decimal_places=2)
    deadline = VietnameseDateField(label=_("Deadline"), required=False, widget=_date_input())
    direction = forms.ChoiceField(label=_("Met when the figure is"), choices=_choices(Direction))
    rollup = forms.ChoiceField(label=_("The units' figures add up as"), choices=_choices(Rollup))
    measurement = forms.ChoiceField(label=_("Measured"), choices=_choices(Measurement))
    measure = forms.ChoiceField(label=_("Measure (when computed)"), required=False)
    measure_filters = forms.MultipleChoiceField(
        label=_("Only in"), required=False, widget=forms.CheckboxSelectMultiple
    )
    measure_where = forms.MultipleChoiceField(
        label=_("Only the records of"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    per_commune_at_least = forms.IntegerField(
        label=_("Count instead the share (%) of communes with at least"),
        required=False,
        min_value=1,
        max_value=100000,
    )
    milestones = forms.CharField(
        label=_("Milestones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: 31/12/2023: 50"),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32000, required=False)
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measure_choices()
        self.fields["measure_filters"].choices = filter_choices()
        self.fields["measure_where"].choices = where_choices()

    def clean_measure_where(self):
        return parse_where(self.cleaned_data.get("measure_where"))

    def clean_milestones(self):
        return parse_milestones(self.cleaned_data.get("milestones"))


class ValueForm(forms.Form):
    as_of = VietnameseDateField(label=_("As of"), widget=_date_input())
    value = VietnameseDecimalField(label=_("Figure"), max_digits=14, decimal_places=2)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(label=_("Evidence (PDF, Word, Excel, photo)"), required=False)


class CascadeForm(forms.Form):
    """One figure per unit below: typed by hand, or shared out proportionally."""

    MODES = [("hand", _("As typed")), ("proportional", _("Proportionally"))]
    mode = forms.ChoiceField(label=_("Split"), choices=MODES, initial="hand")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"share_{unit.pk}"] = VietnameseDecimalField(
                label=unit.full_name, required=False, max_digits=14, decimal_places=2, min_value=0
            )

    def chosen(self) -> dict:
        """The units with a figure typed (hand), or every unit ticked by a figure or none."""
        return {
            unit: value
            for unit in self.units
            if (value := self.cleaned_data.get(f"share_{unit.pk}")) is not None
        }


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(InspectionKind))
    title = forms.CharField(label=_("Title"), max_length=300)
    subject = forms.CharField(
        label=_("Subject"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    organization = OrganizationChoiceField(label=_("Conducted by"))
    programme = forms.ModelChoiceField(
        label=_("Programme looked at"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a programme you may see.")},
    )
    targets = RecordsChoiceField(
        label=_("Targets looked at"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unit = PlaceChoiceField(
        label=_("Area covered"),
        era=None,
        error_messages={"invalid_choice": _("Choose an area inside your scope.")},
    )
    starts_on = VietnameseDateField(label=_("From"), widget=_date_input())
    ends_on = VietnameseDateField(label=_("Until"), widget=_date_input())
    leader = forms.CharField(label=_("Team leader"), max_length=200, required=False)
    findings = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    version = VersionField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_editable_by(user, roles=MANAGE_ROLES)
        widget = self.fields["organization"].widget
        widget.extra = {**widget.extra, "writes": "manage"}
        self.fields["programme"].queryset = queries.programmes_visible_to(user).order_by("name")
        self.fields["targets"].queryset = (
            queries.targets_visible_to(user).filter(parent__isnull=True).select_related("programme")
        )
        self.fields["targets"].label_from_instance = lambda t: f"{t.programme} — {t.name}"
        self.fields["unit"].queryset = units_managed_by(user)


class MemberForm(forms.Form):
    person = PersonChoiceField(label=_("A person on file"), required=False)
    name = forms.CharField(label=_("Or a name"), max_length=200, required=False)
    organization = OrganizationChoiceField(label=_("Organisation"), required=False)
    role = forms.CharField(label=_("Role in the team"), max_length=100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_visible_to(user)
        self.fields["organization"].queryset = organizations_visible_to(user)


class SessionForm(forms.Form):
    unit = PlaceChoiceField(label=_("Unit visited"), era=None)
    held_on = VietnameseDateField(label=_("Date"), widget=_date_input())
    place = forms.CharField(label=_("Venue"), max_length=300, required=False)
    received_by = forms.CharField(label=_("Received by"), max_length=500, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Recommendation"), max_length=300)
    text = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    organization = OrganizationChoiceField(label=_("Addressed to"))
    due = VietnameseDateField(label=_("Due"), widget=_date_input())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_visible_to(user)


class ReviewDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Review"), choices=_choices(ReviewKind))
    as_of = VietnameseDateField(label=_("Figures up to"), widget=_date_input())
    format = forms.ChoiceField(
        label=_("File"), choices=[("docx", "Word (.docx)"), ("pdf", "PDF")], initial="docx"
    )
