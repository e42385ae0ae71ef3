"""Forms of the honours pages. They validate what was typed; the services decide."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import MANAGE_ROLES
from danvan.core.forms import VersionField
from danvan.documents.enums import DocumentKind
from danvan.documents.queries import documents_visible_to
from danvan.honors import queries
from danvan.honors.enums import HonourForm, HonourLevel, Recipient
from danvan.initiatives.forms import InitiativeChoiceField
from danvan.initiatives.queries import initiatives_visible_to
from danvan.organizations.forms import OrganizationChoiceField, PersonChoiceField
from danvan.organizations.queries import organizations_visible_to, people_visible_to
from danvan.territory.forms import PlaceChoiceField, VietnameseDateField


def _choices(enum, *, blank=None):
    choices = [(item.value, capfirst(item.label)) for item in enum]
    return [("", blank), *choices] if blank is not None else choices


def _date_input():
    return forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
    )


def _months(label, help_text=""):
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=1200, help_text=help_text
    )


class KindForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    form = forms.ChoiceField(label=_("Form"), choices=_choices(HonourForm))
    level = forms.ChoiceField(label=_("Conferred at"), choices=_choices(HonourLevel))
    conferred_by = OrganizationChoiceField(label=_("Conferring body"))
    recipient = forms.ChoiceField(label=_("Conferred on"), choices=_choices(Recipient))
    once_only = forms.BooleanField(label=_("Received once only"), required=False)
    ethnic_minority_area = forms.BooleanField(
        label=_("For ethnic-minority areas"),
        required=False,
        help_text=_("Its honours count in the reports on ethnic-minority areas."),
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    min_service_months = _months(
        _("Months of dân vận work required"), _("180 months = 15 years. Empty: no condition.")
    )
    min_service_months_women = _months(_("Months required of women"))
    min_service_months_minority = _months(_("Months required of ethnic-minority people"))
    difficult_area_percent = forms.IntegerField(
        label=_("A month in a difficult area counts as (percent)"),
        min_value=100,
        max_value=300,
        initial=100,
    )
    requires_current_service = forms.BooleanField(
        label=_("Still in dân vận work (an open service period)"), required=False
    )
    requires_current_position = forms.BooleanField(
        label=_("Holding a position (an open position in the register)"), required=False
    )
    min_models = forms.IntegerField(
        label=_("Models carried out, at least"), min_value=0, max_value=1000, initial=0
    )
    min_recognitions = forms.IntegerField(
        label=_("Recognitions of those models, at least"), min_value=0, max_value=1000, initial=0
    )
    previous_kind = forms.ModelChoiceField(
        label=_("Honour received before"), queryset=None, required=False
    )
    years_since_previous = forms.IntegerField(
        label=_("Years since that honour, at least"), min_value=0, max_value=100, required=False
    )
    certificate_title = forms.CharField(
        label=_("Title on the certificate"), max_length=300, required=False
    )
    certificate_text = forms.CharField(
        label=_("Wording of the certificate"), required=False, widget=forms.Textarea
    )
    order = forms.IntegerField(label=_("Order in lists"), min_value=0, max_value=30000, initial=100)
    version = VersionField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conferred_by"].queryset = organizations_visible_to(user, roles=MANAGE_ROLES)
        self.fields["previous_kind"].queryset = queries.honour_kinds_visible_to(user)


class _DecisionFields(forms.Form):
    decided_on = VietnameseDateField(label=_("Decided on"), widget=_date_input())
    decision = forms.ModelChoiceField(
        label=_("Quyết định cited"),
        queryset=None,
        required=False,
        help_text=_("A decision registered in Documents; else type its number below."),
    )
    decision_number = forms.CharField(
        label=_("Number of the decision"), max_length=60, required=False
    )
    signer = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    ceremony = forms.ModelChoiceField(label=_("Ceremony"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = documents_visible_to(user).filter(
            kind=DocumentKind.DECISION
        )
        self.fields["ceremony"].queryset = queries.ceremonies_visible_to(user)


class _RecipientFields(forms.Form):
    person = PersonChoiceField(label=_("Person"), required=False)
    organization = OrganizationChoiceField(label=_("Organisation"), required=False)
    initiative = InitiativeChoiceField(label=_("Model or exemplar"), required=False)

    def _set_recipients(self, user):
        self.fields["person"].queryset = people_visible_to(user, roles=MANAGE_ROLES)
        self.fields["organization"].queryset = organizations_visible_to(user, roles=MANAGE_ROLES)
        self.fields["initiative"].queryset = initiatives_visible_to(user, roles=MANAGE_ROLES)

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ("person", "organization", "initiative")]
        chosen = [value for value in chosen if value is not None]
        if len(chosen) != 1 and not self.errors:
            raise forms.ValidationError(
                _("Choose one recipient: a person, an organisation or a model.")
            )
        data["recipient"] = chosen[0] if chosen else None
        return data


class HonourRecordForm(_RecipientFields, _DecisionFields):
    kind = forms.ModelChoiceField(label=_("Kind of honour"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    field_order = ["kind", "person", "organization", "initiative"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].queryset = queries.honour_kinds_visible_to(user).filter(active=True)
        self._set_recipients(user)


class NomineeForm(_RecipientFields):
    facts = forms.CharField(
        label=_("Other supporting facts"), required=False, widget=forms.Textarea, max_length=4000
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_recipients(user)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ModelChoiceField(label=_("Kind of honour"), queryset=None)
    proposer = OrganizationChoiceField(label=_("Proposing unit"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = queries.honour_kinds_visible_to(user).filter(active=True)
        self.fields["proposer"].queryset = (
            organizations_visible_to(user, roles=MANAGE_ROLES).filter(unit__isnull=False)
            if not user.is_superuser
            else organizations_visible_to(user)
        )


class DecideForm(_DecisionFields):
    version = VersionField()


class CeremonyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    held_on = VietnameseDateField(label=_("Held on"), widget=_date_input())
    place = PlaceChoiceField(label=_("Place"), era=None)
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    campaign = forms.CharField(label=_("Campaign"), max_length=300, required=False)
    organizer = OrganizationChoiceField(label=_("Organiser"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = organizations_visible_to(user, roles=MANAGE_ROLES)


class CandidatesForm(forms.Form):
    unit = PlaceChoiceField(label=_("Area"), era=None, required=False)
    as_of = VietnameseDateField(label=_("On"), required=False, widget=_date_input())


class HonourFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    kind = forms.ModelChoiceField(label=_("Kind of honour"), queryset=None, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    place = PlaceChoiceField(label=_("Area"), era=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = queries.honour_kinds_visible_to(user)


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG, PNG or WebP)"))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


class ExclusionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    start = VietnameseDateField(label=_("From"), widget=_date_input())
    end = VietnameseDateField(label=_("To"), required=False, widget=_date_input())


class ExclusionEndForm(forms.Form):
    end = VietnameseDateField(label=_("Ends on"), widget=_date_input())
