"""The report builder's form: scope, period (a preset or any dates), grouping, hierarchy and
area filters. The screen, the files rendered in the background and the tests all turn it into
a ``ReportSpec`` with ``spec()``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.queries import grants_of
from danvan.core import measures
from danvan.organizations.forms import OrganizationChoiceField
from danvan.organizations.queries import organizations_visible_to
from danvan.reports.periods import PRESETS, Period
from danvan.reports.queries import ReportSpec, Scope, scope_refusal, whole_scope
from danvan.territory.forms import PlaceChoiceField, VietnameseDateField


def _dimension_choices() -> list[tuple[str, str]]:
    """Every dimension the registered measures can be grouped by."""
    return [("", _("(nothing)")), *((d.code, d.label) for d in measures.dimensions())]


class ReportForm(forms.Form):
    scope = PlaceChoiceField(label=_("Scope (empty: everything you may see)"), required=False)
    organization = OrganizationChoiceField(
        label=_("Or an organisation (and those under it)"), required=False
    )
    preset = forms.ChoiceField(
        label=_("Period"), choices=[(code, label) for code, label, _m in PRESETS], initial="year"
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(
        label=_("Last year (several years)"), min_value=2000, max_value=2100, required=False
    )
    start = VietnameseDateField(label=_("From"), required=False)
    end = VietnameseDateField(label=_("To"), required=False)
    by = forms.ChoiceField(label=_("Group by"), choices=_dimension_choices, required=False)
    then_by = forms.ChoiceField(label=_("Then by"), choices=_dimension_choices, required=False)
    remap = forms.BooleanField(label=_("Remap to today's units"), required=False)
    areas = forms.MultipleChoiceField(
        label=_("Only in"),
        choices=lambda: [(f.code, f.label) for f in measures.filters()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].initial = timezone.localdate().year
        # Only organisations the user may see can be a scope (their names appear in the report).
        self.fields["organization"].queryset = organizations_visible_to(user)

    def clean(self):
        data = super().clean()
        preset = data.get("preset")
        if preset == "custom":
            if not data.get("start") or not data.get("end"):
                raise forms.ValidationError(_("Enter both dates of the period."))
            if data["end"] < data["start"]:
                self.add_error("end", _("The period must end after it starts."))
        elif preset == "years":
            last = data.get("last_year")
            if last is None or (data.get("year") and last < data["year"]):
                self.add_error("last_year", _("Enter the last year of the period."))
        if data.get("scope") and data.get("organization"):
            self.add_error("organization", _("Choose a unit or an organisation, not both."))
        self._check_scope(data)
        if data.get("then_by") and data.get("then_by") == data.get("by"):
            self.add_error("then_by", _("Choose another grouping, or nothing."))
        return data

    def _check_scope(self, data) -> None:
        """A name typed but not chosen is not "everything" (the report would silently fall
        back to the whole scope), and a scope outside the user's grants is refused."""
        for name in ("scope", "organization"):
            typed = (self.data.get(f"{name}__search") or "").strip()
            if typed and not data.get(name) and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["invalid_choice"])
        if data.get("scope") and not self.errors.get("scope"):
            refusal = scope_refusal(Scope(unit=data["scope"]), user=self.user)
            if refusal:
                self.add_error("scope", refusal)

    def period(self) -> Period:
        data = self.cleaned_data
        if data["preset"] == "custom":
            return Period(data["start"], data["end"])
        return Period.preset(data["preset"], data["year"], last_year=data.get("last_year"))

    def spec(self) -> ReportSpec:
        data = self.cleaned_data
        by = tuple(code for code in (data.get("by"), data.get("then_by")) if code)
        return ReportSpec(
            period=self.period(),
            scope=(
                Scope(unit=data["scope"])
                if data.get("scope")
                else Scope(organization=data["organization"])
                if data.get("organization")
                else whole_scope(self.user)
            ),
            by=by,
            remap=data.get("remap", False),
            areas=tuple(data.get("areas") or ()),
        )


def initial_params(user) -> dict:
    """What the builder shows first: the user's first unit, this year, by the level below."""
    unit = next((grant.unit for grant in grants_of(user) if grant.unit_id), None)
    return {
        "scope": unit.pk if unit else "",
        "preset": "year",
        "year": timezone.localdate().year,
        "by": measures.UNIT,
    }
