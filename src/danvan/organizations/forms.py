from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import Role
from danvan.core.forms import VersionField
from danvan.organizations.enums import EthnicGroup, Gender, OrganizationKind, Religion
from danvan.organizations.models import Organization, Person
from danvan.territory.forms import PickerWidget, PlaceChoiceField, VietnameseDateField


class OrganizationPickerWidget(PickerWidget):
    model = Organization
    url_name = "organizations:organization-picker"

    def label(self, obj) -> str:
        return obj.name


class OrganizationChoiceField(forms.ModelChoiceField):
    """An organisation chosen with the htmx picker, among those ``queryset`` allows."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organization.objects.all())
        kwargs.setdefault("widget", OrganizationPickerWidget())
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Choose an organisation from the list that appears as you type.")},
        )
        super().__init__(**kwargs)


def person_label(person: Person) -> str:
    """A person as pickers show them: the name and where they live or work."""
    return f"{person.full_name} ({person.unit.inline_name})"


class PersonPickerWidget(PickerWidget):
    model = Person
    url_name = "organizations:person-picker"

    def label(self, obj) -> str:
        return person_label(obj)


class PersonChoiceField(forms.ModelChoiceField):
    """A person chosen with the htmx picker, among those ``queryset`` allows."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Person.objects.all())
        kwargs.setdefault("widget", PersonPickerWidget())
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Choose a person from the list that appears as you type.")},
        )
        super().__init__(**kwargs)


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Abbreviation"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    parent = OrganizationChoiceField(label=_("Belongs to"), required=False)
    unit = PlaceChoiceField(
        label=_("Administrative unit"),
        required=False,
        help_text=_("Leave empty only for central bodies."),
    )
    valid_from = VietnameseDateField(label=_("Established on"), required=False)
    valid_to = VietnameseDateField(label=_("Ended on"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = VersionField(required=False)


class EndOrganizationForm(forms.Form):
    ended_on = VietnameseDateField(label=_("Ended on"))
    successor = OrganizationChoiceField(
        label=_("Merged into"),
        required=False,
        help_text=_("Leave empty when the organisation was dissolved without a successor."),
    )


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    ethnicity = forms.ChoiceField(
        label=_("Ethnic group"), choices=[("", "—"), *EthnicGroup.choices], required=False
    )
    religion = forms.ChoiceField(label=_("Religion"), choices=Religion.choices, required=False)
    unit = PlaceChoiceField(label=_("Lives or works in"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = VersionField(required=False)


class LinkForm(forms.Form):
    organization = OrganizationChoiceField(label=_("Organisation"))
    start = VietnameseDateField(label=_("From"), required=False)
    end = VietnameseDateField(
        label=_("To"), required=False, help_text=_("Leave empty: to this day.")
    )


class PositionForm(LinkForm):
    title = forms.CharField(label=_("Position"), max_length=200)
    field_order = ["title", "organization", "start", "end"]


class MembershipForm(LinkForm):
    role = forms.CharField(label=_("As"), max_length=100, required=False)


class ServicePeriodForm(LinkForm):
    full_time = forms.BooleanField(label=_("Full-time"), required=False, initial=True)
    difficult_area = forms.BooleanField(label=_("In a difficult area"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


LINK_FORMS = {
    "position": PositionForm,
    "membership": MembershipForm,
    "service_period": ServicePeriodForm,
}


LEAST_POWERFUL_FIRST = (Role.VIEWER, Role.REVIEWER, Role.UNIT_EDITOR, Role.STAFF, Role.ADMIN)


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    unit = PlaceChoiceField(label=_("On the administrative unit"), required=False)
    organization = OrganizationChoiceField(label=_("Or on the organisation"), required=False)

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        # The least powerful role is offered first-hand: a hurried click grants too little,
        # never too much.
        for role in LEAST_POWERFUL_FIRST:
            if any(value == role for value, _label in roles):
                self.fields["role"].initial = role
                break


class InviteForm(GrantForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The link to set a password is sent here.")
    )
    field_order = ["username", "full_name", "email", "role", "unit", "organization"]
