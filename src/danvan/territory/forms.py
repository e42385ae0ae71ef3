from django import forms
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import VersionField, parse_id
from danvan.territory.enums import HAMLET_TYPES, TYPE_LEVEL, Level, SuccessionKind, UnitType
from danvan.territory.models import AdministrativeUnit

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class VietnameseDateField(forms.DateField):
    """A date typed the Vietnamese way, dd/mm/yyyy."""

    widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy, for example 01/07/2025.")}

    def __init__(self, **kwargs):
        super().__init__(input_formats=DATE_FORMATS, **kwargs)


class PickerWidget(forms.Widget):
    """A search box that asks the server for matching records as the user types (htmx) and
    keeps the chosen record's id in a hidden input. Subclasses name the model, the URL of the
    options view and how a chosen record is labelled; ``extra`` is sent with every search."""

    template_name = "territory/widgets/place_picker.html"
    model = None
    url_name = ""

    def __init__(self, *, attrs=None, **extra):
        super().__init__(attrs)
        self.extra = {key: value or "" for key, value in extra.items()}

    def label(self, obj) -> str:
        return str(obj)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = None
        if (chosen_id := parse_id(value)) is not None:
            # Within the field's queryset: a chosen id out of the user's scope shows no name.
            allowed = getattr(getattr(self, "choices", None), "queryset", None)
            chosen = (
                (allowed if allowed is not None else self.model.objects)
                .filter(pk=chosen_id)
                .first()
            )
        context["widget"].update(
            {
                "chosen_id": chosen.pk if chosen else "",
                "chosen_label": self.label(chosen) if chosen else "",
                "picker_url": reverse_lazy(self.url_name),
                "extra": {**self.extra, "field": name},
            }
        )
        return context


class PlacePickerWidget(PickerWidget):
    model = AdministrativeUnit
    url_name = "territory:unit-picker"

    def __init__(self, *, level: str | None = None, era: str | None = None, attrs=None):
        super().__init__(attrs=attrs, level=level, era=era)

    @property
    def level(self):
        return self.extra.get("level")

    @level.setter
    def level(self, value):
        self.extra["level"] = value or ""

    @property
    def era(self):
        return self.extra.get("era")

    @era.setter
    def era(self, value):
        self.extra["era"] = value or ""

    def label(self, obj) -> str:
        return obj.full_name


class PlaceChoiceField(forms.ModelChoiceField):
    def __init__(self, *, level: str | None = None, era: str | None = None, **kwargs):
        kwargs.setdefault("queryset", AdministrativeUnit.objects.all())
        kwargs.setdefault("widget", PlacePickerWidget(level=level, era=era))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Choose a unit from the list that appears as you type.")},
        )
        super().__init__(**kwargs)


class HamletForm(forms.Form):
    unit_type = forms.ChoiceField(
        label=_("Type"), choices=[(t.value, capfirst(t.label)) for t in HAMLET_TYPES]
    )
    name = forms.CharField(label=_("Name"), max_length=150)
    code = forms.CharField(label=_("Code (if any)"), max_length=16, required=False)
    valid_from = VietnameseDateField(label=_("Valid from"), required=False)
    valid_to = VietnameseDateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty while the unit still exists."),
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=8, max_value=24)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=102, max_value=118)


class FormerUnitForm(forms.Form):
    """A unit that had disappeared before 1/7/2025 (a commune merged in 2019)."""

    unit_type = forms.ChoiceField(label=_("Type"))
    name = forms.CharField(label=_("Name"), max_length=150)
    code = forms.CharField(label=_("Official code (if known)"), max_length=16, required=False)
    valid_from = VietnameseDateField(label=_("Valid from"), required=False)
    valid_to = VietnameseDateField(label=_("Ended on"))
    successor = PlaceChoiceField(label=_("Became part of"), level=Level.COMMUNE)
    kind = forms.ChoiceField(
        label=_("How"),
        choices=[(k.value, k.label) for k in (SuccessionKind.MERGED, SuccessionKind.RENAMED)],
    )

    def __init__(self, *args, child_level: str, era: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].widget.era = era
        types = [t for t in UnitType if t not in HAMLET_TYPES]

        self.fields["unit_type"].choices = [
            (t.value, capfirst(t.label)) for t in types if TYPE_LEVEL[t] == child_level
        ]
        self.fields["successor"].widget.level = child_level


class UnitEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    code = forms.CharField(label=_("Code (if any)"), max_length=16, required=False)
    valid_from = VietnameseDateField(label=_("Valid from"), required=False)
    valid_to = VietnameseDateField(label=_("Valid until"), required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=8, max_value=24)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=102, max_value=118)
    version = VersionField()
