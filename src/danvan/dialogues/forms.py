from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import VersionField
from danvan.dialogues.enums import (
    AttentionLevel,
    DialogueKind,
    Group,
    OpinionField,
    PetitionSource,
    PetitionState,
)
from danvan.dialogues.models import PetitionCategory
from danvan.organizations.forms import OrganizationChoiceField, PersonChoiceField
from danvan.organizations.queries import organizations_visible_to, people_visible_to
from danvan.territory.forms import PlaceChoiceField, VietnameseDateField

DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
)


def choices(enum, empty_label=None) -> list[tuple[str, str]]:
    items = [(item.value, capfirst(item.label)) for item in enum]
    return [("", empty_label), *items] if empty_label else items


class DialogueForm(forms.Form):
    """Record or edit a dialogue; the services check the place, organiser and chair again."""

    kind = forms.ChoiceField(label=_("Kind"), choices=choices(DialogueKind))
    held_on = VietnameseDateField(
        label=_("Held on"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Enter the date it was held.")},
    )
    place = PlaceChoiceField(
        label=_("Place"),
        help_text=_("The commune or ward, or a hamlet of it."),
        error_messages={
            "required": _("Choose the commune or ward where it was held."),
            "invalid_choice": _("Choose a unit from the list that appears as you type."),
        },
    )
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    organizer = OrganizationChoiceField(label=_("Held by"), required=False)
    chair_person = PersonChoiceField(
        label=_("Chaired by (from the list of people)"), required=False
    )
    chair_name = forms.CharField(
        label=_("Chaired by"),
        max_length=255,
        required=False,
        help_text=_("Filled from the person chosen above when left empty."),
    )
    chair_position = forms.CharField(
        label=_("Position of the chair"),
        max_length=255,
        error_messages={
            "required": _("Enter the position of who chaired it, e.g. Chủ tịch UBND xã.")
        },
    )
    present = forms.CharField(
        label=_("Units and organisations present"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    topics = forms.CharField(
        label=_("Topics"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = organizations_visible_to(user)
        self.fields["chair_person"].queryset = people_visible_to(user)
        for group in Group:
            self.fields[f"attendance_{group.value}"] = forms.IntegerField(
                label=_("People attending: %(group)s") % {"group": group.label},
                required=False,
                min_value=0,
                max_value=1_000_000,
            )

    def split(self) -> tuple[dict, dict]:
        """The dialogue's fields, and ``{group: people}``."""
        data = dict(self.cleaned_data)
        attendance = {group.value: data.pop(f"attendance_{group.value}") or 0 for group in Group}
        data.pop("version", None)
        return data, attendance


class DialogueEditForm(DialogueForm):
    version = VersionField()


class OpinionForm(forms.Form):
    group = forms.ChoiceField(label=_("Raised by (group)"), choices=choices(Group))
    speaker_name = forms.CharField(
        label=_("Name of the speaker (only if given)"), max_length=255, required=False
    )
    field = forms.ChoiceField(label=_("Field"), choices=choices(OpinionField))
    content = forms.CharField(
        label=_("Question or opinion"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down the question or opinion.")},
    )
    answer = forms.CharField(
        label=_("Answer given on the spot"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    answered_by = forms.CharField(label=_("Answered by"), max_length=255, required=False)
    commit = forms.BooleanField(label=_("A commitment to follow up"), required=False)
    commitment_title = forms.CharField(label=_("What was promised"), max_length=500, required=False)
    assignee_organization = OrganizationChoiceField(label=_("Who must do it"), required=False)
    due_date = VietnameseDateField(label=_("Due date"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee_organization"].queryset = organizations_visible_to(user)

    def clean(self):
        data = super().clean()
        if data.get("commit"):
            if not data.get("assignee_organization"):
                self.add_error(
                    "assignee_organization", _("Choose who must carry out the commitment.")
                )
            if not data.get("due_date"):
                self.add_error("due_date", _("Enter the date by which it must be done."))
        return data

    def split(self) -> tuple[dict, dict | None]:
        data = dict(self.cleaned_data)
        commitment = None
        if data.pop("commit"):
            commitment = {
                "title": data.pop("commitment_title"),
                "assignee_organization": data.pop("assignee_organization"),
                "due_date": data.pop("due_date"),
            }
        return data, commitment


class DialogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = choices(DialogueKind, _("All kinds"))
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "kind": data.get("kind") or None,
            "year": data.get("year"),
        }


# ---- petitions -----------------------------------------------------------------------------------


class PetitionForm(forms.Form):
    source = forms.ChoiceField(label=_("Received"), choices=choices(PetitionSource))
    received_on = VietnameseDateField(
        label=_("Received on"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Enter the date it was received.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=PetitionCategory.objects.filter(active=True),
        error_messages={
            "required": _("Choose the category."),
            "invalid_choice": _("Choose a category from the list."),
        },
    )
    field = forms.ChoiceField(label=_("Field"), choices=choices(OpinionField))
    summary = forms.CharField(
        label=_("What is asked or reported"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write down what is asked or reported.")},
    )
    place = PlaceChoiceField(
        label=_("Place"),
        help_text=_("The commune or ward it is about."),
        error_messages={
            "required": _("Choose the commune or ward it is about."),
            "invalid_choice": _("Choose a unit from the list that appears as you type."),
        },
    )
    responsible = OrganizationChoiceField(
        label=_("Unit responsible for answering"),
        error_messages={
            "required": _("Choose the unit responsible for answering."),
            "invalid_choice": _("Choose an organisation from the list that appears as you type."),
        },
    )
    citizen_name = forms.CharField(
        label=_("Citizen's name"),
        max_length=255,
        required=False,
        help_text=_("Seen only by the responsible unit's staff; never on the public page."),
    )
    citizen_contact = forms.CharField(
        label=_("Citizen's address or telephone"), max_length=255, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = organizations_visible_to(user)


class TransferForm(forms.Form):
    to = OrganizationChoiceField(
        label=_("Transfer to"),
        error_messages={
            "required": _("Choose another unit."),
            "invalid_choice": _("Choose an organisation from the list that appears as you type."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the transfer.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = organizations_visible_to(user)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write down the answer given.")},
    )
    day = VietnameseDateField(label=_("Answered on"), required=False, widget=DATE_WIDGET)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for reopening.")},
    )
    by_citizen = forms.BooleanField(label=_("At the citizen's request"), required=False)


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Who asked for it, and when"),
        max_length=2000,
        error_messages={"required": _("Say who asked for it and when.")},
    )


class PetitionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=PetitionCategory.objects.all()
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = choices(PetitionState, _("All states"))
        self.fields["category"].empty_label = _("All categories")

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "state": data.get("state") or None,
            "category": data.get("category"),
            "overdue": bool(data.get("overdue")),
        }


class StatusLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        error_messages={"required": _("Enter the tracking code you were given.")},
    )


# ---- the people's opinion --------------------------------------------------------------------


class OpinionNoteForm(forms.Form):
    noted_on = VietnameseDateField(
        label=_("Noted on"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Enter the date of the note, not in the future.")},
    )
    place = PlaceChoiceField(
        label=_("Place"),
        help_text=_("The commune or ward it is about."),
        error_messages={
            "required": _("Choose the commune or ward it is about."),
            "invalid_choice": _("Choose a unit from the list that appears as you type."),
        },
    )
    reporter = OrganizationChoiceField(label=_("Reported by"), required=False)
    field = forms.ChoiceField(label=_("Field"), choices=choices(OpinionField))
    topic = forms.CharField(
        label=_("Topic"),
        max_length=255,
        error_messages={"required": _("Say what the concern is about.")},
    )
    level = forms.ChoiceField(
        label=_("Level of attention"), choices=choices(AttentionLevel), widget=forms.RadioSelect
    )
    content = forms.CharField(
        label=_("What the people think and say"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = organizations_visible_to(user)


class SpotFilterForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Notes of the last"),
        required=False,
        coerce=int,
        empty_value=6,
        choices=[(3, _("3 months")), (6, _("6 months")), (12, _("12 months"))],
    )
    level = forms.ChoiceField(label=_("Level of attention"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = choices(AttentionLevel, _("All levels"))

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"months": data.get("months") or 6, "level": data.get("level") or None}


class HotSpotFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Periods"),
        required=False,
        choices=[("quarter", _("the last 4 quarters")), ("month", _("the last 6 months"))],
    )

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"period": data.get("period") or "quarter"}


class CitizenReopenForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    reason = forms.CharField(
        label=_("Why are you not satisfied with the answer?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Do not write your name, address or telephone here."),
    )
