"""Forms of the review pages. They validate what was typed; the services decide."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danvan.core.formatting import format_number
from danvan.core.forms import RecordsChoiceField, VersionField
from danvan.documents.enums import DocumentKind
from danvan.documents.queries import documents_visible_to
from danvan.initiatives.forms import InitiativeChoiceField, VietnameseDecimalField
from danvan.reviews import queries
from danvan.reviews.enums import RecognitionLevel, RecognitionOutcome
from danvan.reviews.models import CriteriaSet
from danvan.territory.forms import PlaceChoiceField, VietnameseDateField


def _choices(enum, *, blank=None):
    choices = [(item.value, capfirst(item.label)) for item in enum]
    return [("", blank), *choices] if blank is not None else choices


def _date_input():
    """A date shown as it was typed, dd/mm/yyyy (the field reads it the same way)."""
    return forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name of the round"), max_length=300)
    committee = forms.ModelChoiceField(
        label=_("Steering committee"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a steering committee in your scope.")},
    )
    scope_unit = PlaceChoiceField(
        label=_("Area (its models are eligible)"),
        required=False,
        era=None,
        error_messages={"invalid_choice": _("Choose an area inside your scope.")},
    )
    scope_organization = forms.ModelChoiceField(
        label=_("Only the models of this organisation and those under it"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose an organisation inside your scope.")},
    )
    period_start = VietnameseDateField(label=_("Period from"), widget=_date_input())
    period_end = VietnameseDateField(label=_("Period to"), widget=_date_input())
    deadline = VietnameseDateField(label=_("Scoring deadline"), widget=_date_input())
    criteria_set = forms.ModelChoiceField(
        label=_("Criteria"), queryset=CriteriaSet.objects.all(), empty_label=None
    )
    reviewers_per_initiative = forms.IntegerField(
        label=_("Reviewers per model"), min_value=1, max_value=15, initial=3
    )
    reviewers = RecordsChoiceField(
        label=_("Reviewers of the round"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Accounts with the reviewer role in your scope."),
        error_messages={"invalid_choice": _("Choose reviewers from your own scope.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the user manages is offered; the services check the same rules again.
        self.fields["committee"].queryset = queries.committees_managed_by(user)
        self.fields["scope_unit"].queryset = queries.areas_managed_by(user)
        self.fields["scope_organization"].queryset = queries.organizations_managed_by(user)
        self.fields["reviewers"].queryset = queries.reviewers_assignable_by(user)


class AddInitiativeForm(forms.Form):
    initiative = InitiativeChoiceField(label=_("Add a model or exemplar by hand"))

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives


class AssignForm(forms.Form):
    initiative = forms.ModelChoiceField(label=_("Model or exemplar"), queryset=None)
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, initiatives, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["initiative"].label_from_instance = lambda i: f"{i.code} — {i.name}"[:120]
        self.fields["reviewer"].queryset = reviewers


class ReviewForm(forms.Form):
    """One score per criterion of the round's set, a comment and a recommendation."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        required=False,
        choices=_choices(RecognitionOutcome, blank=_("— not yet —")),
    )
    version = VersionField(required=False)

    def __init__(self, *args, criteria_set, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scores = {}
        for criterion in criteria:
            name = f"score_{criterion.pk}"
            scores[name] = VietnameseDecimalField(
                label=criterion.name,
                required=False,
                min_value=criteria_set.scale_min,
                max_value=criteria_set.scale_max,
                decimal_places=2,
                help_text=_("weight %(weight)s")
                % {
                    "weight": format_number(criterion.weight, 0 if criterion.weight % 1 == 0 else 2)
                },
            )
        self.fields = {**scores, **self.fields}

    def score_fields(self):
        return [self[f"score_{criterion.pk}"] for criterion in self.criteria]

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


class TableFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=200)
    min_mean = VietnameseDecimalField(label=_("Mean at least"), required=False)
    recommendation = forms.ChoiceField(
        label=_("Most reviewers recommend"),
        required=False,
        choices=_choices(RecognitionOutcome, blank=_("any")),
    )
    decided = forms.ChoiceField(
        label=_("Decision taken"),
        required=False,
        choices=[("", _("any")), ("yes", _("taken")), ("no", _("not yet"))],
    )
    complete = forms.ChoiceField(
        label=_("Scores"),
        required=False,
        choices=[("", _("any")), ("yes", _("all submitted")), ("no", _("some missing"))],
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("any")), *((name, name) for name in tags)]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome of the decision"), choices=_choices(RecognitionOutcome)
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=_choices(RecognitionLevel, blank=_("— for recognised or outstanding —")),
    )
    decision = forms.ModelChoiceField(label=_("Quyết định cited"), queryset=None)
    decided_on = VietnameseDateField(
        label=_("Decided on"),
        required=False,
        help_text=_("Left empty: the day the quyết định was issued."),
        widget=_date_input(),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = documents_visible_to(user).filter(
            kind=DocumentKind.DECISION
        )

    def clean(self):
        data = super().clean()
        # A recognition is dated by its quyết định (the service refuses another day).
        if not data.get("decided_on") and data.get("decision") is not None:
            data["decided_on"] = data["decision"].issued_on
        return data


class RecognitionForm(DecisionForm):
    """A recognition entered on its own, outside a round."""
