from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import EDIT_ROLES
from danvan.core.forms import VersionField
from danvan.followups.enums import State
from danvan.organizations.forms import OrganizationChoiceField
from danvan.organizations.queries import organizations_editable_by, organizations_visible_to
from danvan.territory.forms import VietnameseDateField

DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
)


class FollowUpForm(forms.Form):
    """Create or edit a follow-up entered directly (other apps create theirs from their own
    forms). The services check the owner and the assignee again."""

    title = forms.CharField(
        label=_("What is to be done"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what is to be done.")},
    )
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    assignee_organization = OrganizationChoiceField(
        label=_("Assigned to"),
        error_messages={
            "required": _("Choose the unit or organisation that must do it."),
            "invalid_choice": _("Choose an organisation from the list that appears as you type."),
        },
    )
    owner_organization = OrganizationChoiceField(
        label=_("Followed up and verified by"),
        error_messages={
            "required": _("Choose who follows it up and verifies it."),
            "invalid_choice": _("Choose an organisation from the list that appears as you type."),
        },
    )
    due_date = VietnameseDateField(
        label=_("Due date"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Enter the date by which it must be done.")},
    )
    source_label = forms.CharField(
        label=_("Source"),
        max_length=255,
        required=False,
        help_text=_("Where it comes from, e.g. the conclusion of a meeting."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee_organization"].queryset = organizations_visible_to(user)
        self.fields["owner_organization"].queryset = organizations_editable_by(
            user, roles=EDIT_ROLES
        )
        widget = self.fields["owner_organization"].widget
        widget.extra = {**widget.extra, "writes": "edit"}


class FollowUpEditForm(FollowUpForm):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["source_label"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Describe what was done.")},
    )
    reported_on = VietnameseDateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    files = MultipleFileField(
        label=_("Evidence (PDF, Word, Excel, photos)"),
        required=False,
        help_text=_("Several files may be chosen; each up to 20 MB."),
    )
    done = forms.BooleanField(label=_("It has been done: ask for verification"), required=False)


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=State.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to return or reopen it."),
    )


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), *State.choices]

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "state": data.get("state") or None,
            "overdue": bool(data.get("overdue")),
        }
