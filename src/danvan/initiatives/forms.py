from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import EDIT_ROLES
from danvan.core.forms import RecordsChoiceField, VersionField
from danvan.initiatives.enums import Kind, Status, Subject
from danvan.initiatives.models import Field, Initiative
from danvan.initiatives.queries import (
    carried_out_under,
    in_unit,
    initiatives_visible_to,
    search_initiatives,
)
from danvan.organizations.forms import OrganizationChoiceField, PersonChoiceField
from danvan.organizations.models import Organization, Person
from danvan.organizations.queries import (
    organizations_editable_by,
    organizations_visible_to,
    people_visible_to,
)
from danvan.territory.enums import Level
from danvan.territory.forms import PickerWidget, PlaceChoiceField, VietnameseDateField

FIRST_YEAR = 2009  # the "Dân vận khéo" emulation movement began in 2009

SORTS = [
    ("year", _("Newest year first")),
    ("name", _("Name (A to Z)")),
    ("code", _("Code")),
    ("newest", _("Last registered first")),
]
ORDERINGS = {
    "year": ["-year", "name_folded", "id"],
    "name": ["name_folded", "id"],
    "code": ["code"],
    "newest": ["-created_at", "-id"],
}


def _choices(enum, empty_label) -> list[tuple[str, str]]:
    return [("", empty_label)] + [(item.value, capfirst(item.label)) for item in enum]


def _years(empty_label) -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    # No year to come: nothing has been registered in it yet.
    return [("", empty_label)] + [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


class InitiativePickerWidget(PickerWidget):
    model = Initiative
    url_name = "initiatives:initiative-picker"

    def label(self, obj) -> str:
        return f"{obj.code} — {obj.name}"


class InitiativeChoiceField(forms.ModelChoiceField):
    """A model chosen with the htmx picker, among the initiatives ``queryset`` allows."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Initiative.objects.none())
        kwargs.setdefault("widget", InitiativePickerWidget())
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Choose a model from the list that appears as you type.")},
        )
        super().__init__(**kwargs)


class VietnameseDecimalField(forms.DecimalField):
    """A figure typed the Vietnamese way: 1.500.000 or 2,5 (also 1500000 and 2.5)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Enter a number, for example 1.500.000 or 2,5.")}

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(" ", "").replace("\u00a0", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif text.count(".") > 1 or (
                text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 3 and text[0] != "0"
            ):
                text = text.replace(".", "")
            value = text
        if value in self.empty_values:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class InitiativeFilterForm(forms.Form):
    """The list's filters, read from the query string; a bad value is ignored."""

    q = forms.CharField(
        label=_("Search (with or without diacritics)"), required=False, max_length=200
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    year_from = forms.TypedChoiceField(
        label=_("Registered from"), required=False, coerce=int, empty_value=None
    )
    year_to = forms.TypedChoiceField(
        label=_("Registered until"), required=False, coerce=int, empty_value=None
    )
    field = forms.ModelChoiceField(
        label=_("Field of work"),
        queryset=Field.objects.all(),
        required=False,
        empty_label=_("All fields of work"),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    subject = forms.ChoiceField(label=_("Carried out by"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = PlaceChoiceField(label=_("In the administrative unit"), required=False)
    organization = OrganizationChoiceField(
        label=_("Carried out by the organisation"), required=False
    )
    ethnic_minority_area = forms.BooleanField(label=_("Ethnic-minority area"), required=False)
    religious_area = forms.BooleanField(label=_("Religious area"), required=False)
    border_area = forms.BooleanField(label=_("Border area"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _(
            "words of the name or content, e.g. binh an"
        )
        for name in ("year", "year_from", "year_to"):
            self.fields[name].choices = _years(_("Any year"))
        self.fields["kind"].choices = _choices(Kind, _("All kinds"))
        self.fields["subject"].choices = _choices(Subject, _("Collective and individual"))
        self.fields["status"].choices = _choices(Status, _("All statuses"))
        self.fields["organization"].queryset = organizations_visible_to(user)

    def values(self) -> dict:
        """The valid filters: those that were given and make sense."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields}

    def filter(self, initiatives):
        """The initiatives that pass every filter but the status (the view counts them by
        status first, then filters on it)."""
        values = self.values()
        if values["year"]:
            initiatives = initiatives.filter(year=values["year"])
        if values["year_from"]:
            initiatives = initiatives.filter(year__gte=values["year_from"])
        if values["year_to"]:
            initiatives = initiatives.filter(year__lte=values["year_to"])
        if values["field"]:
            initiatives = initiatives.filter(fields=values["field"])
        for name in ("kind", "subject"):
            if values[name]:
                initiatives = initiatives.filter(**{name: values[name]})
        if unit := values["unit"]:
            initiatives = in_unit(initiatives, unit)
        if organization := values["organization"]:
            initiatives = carried_out_under(initiatives, organization)
        for flag in ("ethnic_minority_area", "religious_area", "border_area"):
            if values[flag]:
                initiatives = initiatives.filter(**{flag: True})
        if query := (values["q"] or "").strip():
            initiatives = search_initiatives(initiatives, query)
        return initiatives

    def ordering(self) -> list[str]:
        return ORDERINGS.get(self.values()["sort"] or "year", ORDERINGS["year"])

    def is_filtered(self) -> bool:
        values = self.values()
        return any(value for name, value in values.items() if name != "sort")


class InitiativeForm(forms.Form):
    """Register or edit a model or exemplar; the service checks the rest."""

    name = forms.CharField(
        label=_("Name of the model or exemplar"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    subject = forms.ChoiceField(
        label=_("Carried out by"), choices=Subject.choices, widget=forms.RadioSelect
    )
    owner_organization = OrganizationChoiceField(
        label=_("Organisation carrying it out"), required=False
    )
    owner_person = PersonChoiceField(
        label=_("Person carrying it out"),
        required=False,
        help_text=_("Needed for an individual model or exemplar. Type words of the name."),
    )
    fields_of_work = RecordsChoiceField(
        label=_("Fields of work"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place = PlaceChoiceField(
        label=_("Place"),
        required=False,
        help_text=_(
            "The commune or ward as it was when the model or exemplar was registered: for a "
            "registration before 1/7/2025, choose the unit of the old map."
        ),
    )
    hamlet = PlaceChoiceField(
        label=_("Hamlet, village or residential group"), level=Level.HAMLET, required=False
    )
    ethnic_minority_area = forms.BooleanField(label=_("Ethnic-minority area"), required=False)
    religious_area = forms.BooleanField(label=_("Religious area"), required=False)
    border_area = forms.BooleanField(label=_("Border area"), required=False)
    year = forms.IntegerField(label=_("Year registered"), required=False)
    start_date = VietnameseDateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )
    content = forms.CharField(
        label=_("Content and method"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    partners = forms.CharField(
        label=_("Partner forces"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_results = forms.CharField(
        label=_("Expected results"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    results_text = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    replicated_from = InitiativeChoiceField(
        label=_("Replicates the model"),
        required=False,
        help_text=_("Type the code or words of the name of the model it replicates, if any."),
    )
    version = VersionField(required=False)

    def __init__(self, *args, user, current=None, **kwargs):
        """``current``: the initiative being edited; its owner, fields and source stay
        choosable even where the editor could not choose them anew."""
        super().__init__(*args, **kwargs)
        organizations = organizations_editable_by(user, roles=EDIT_ROLES)
        models = initiatives_visible_to(user).filter(kind=Kind.MODEL)
        current_fields = []
        if current is not None:
            organizations = Organization.objects.filter(
                Q(pk__in=organizations.values("pk")) | Q(pk=current.owner_organization_id)
            )
            models = Initiative.objects.filter(
                Q(pk__in=models.values("pk")) | Q(pk=current.replicated_from_id)
            ).exclude(pk=current.pk)
            current_fields = list(current.fields.values_list("pk", flat=True))
        self.fields["owner_organization"].queryset = organizations
        widget = self.fields["owner_organization"].widget
        widget.extra = {**widget.extra, "writes": "edit"}  # a copy: widgets share the dict
        self.fields["replicated_from"].queryset = models
        self.fields["fields_of_work"].queryset = Field.objects.filter(
            Q(active=True) | Q(pk__in=current_fields)
        )
        self._limit_people(user, current.owner_person if current is not None else None)
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "inputmode": "numeric"})

    def _limit_people(self, user, current_person) -> None:
        """Any visible person is accepted (and the current one, kept when editing)."""
        people = people_visible_to(user)
        if current_person is not None:
            people = Person.objects.filter(Q(pk__in=people.values("pk")) | Q(pk=current_person.pk))
        self.fields["owner_person"].queryset = people

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("fields_of_work", "version"):
            data.pop(key, None)
        return data


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to suspend, end or withdraw."),
    )

    def __init__(self, *args, allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.show_only(allowed)

    def show_only(self, allowed) -> None:
        """Offer only the statuses that may follow. A bound form validated before this accepts
        any status, so that the service says clearly why a change is refused."""
        self.fields["to_status"].choices = [
            (status.value, capfirst(status.label)) for status in Status if status in allowed
        ]


class ProgressForm(forms.Form):
    date = VietnameseDateField(
        label=_("Date"),
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, quantity_types, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.quantity_types = list(quantity_types)
        for quantity_type in self.quantity_types:
            self.fields[self.quantity_field(quantity_type)] = VietnameseDecimalField(
                label=f"{quantity_type.name} ({quantity_type.unit})",
                required=False,
                min_value=0,
                max_digits=18,
                decimal_places=2,
            )

    @staticmethod
    def quantity_field(quantity_type) -> str:
        return f"quantity_{quantity_type.code}"

    def quantities(self) -> dict:
        values = {}
        for quantity_type in self.quantity_types:
            value = self.cleaned_data.get(self.quantity_field(quantity_type))
            if value is not None:
                values[quantity_type] = value
        return values
