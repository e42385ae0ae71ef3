from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import EDIT_ROLES
from danvan.core.forms import VersionField
from danvan.documents.enums import DocumentKind
from danvan.documents.services import normalize_number
from danvan.organizations.queries import organizations_editable_by
from danvan.territory.forms import VietnameseDateField


def kind_choices(empty_label) -> list[tuple[str, str]]:
    return [("", empty_label)] + [(kind.value, capfirst(kind.label)) for kind in DocumentKind]


class IssuerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        if obj.unit_id is None:
            return str(obj)
        return f"{obj} — {obj.unit.inline_name}"


class DocumentForm(forms.Form):
    """Register or edit a document. The issuer is one of the organisations the user may edit
    documents for; the file is checked by the service (by content, not by name)."""

    issuer = IssuerChoiceField(
        label=_("Issued by"),
        queryset=None,
        error_messages={
            "required": _("Choose the organisation that issued the document."),
            "invalid_choice": _("Choose an organisation from the list."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        help_text=_(
            "Leave it to be told from the number (KH: plan, HD: guidance, NQ: resolution…)."
        ),
    )
    number = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        required=False,
        help_text=_("As written on the document, e.g. 54-KH/HU or 123/QĐ-UBND; empty if none."),
    )
    issued_on = VietnameseDateField(
        label=_("Issued on"),
        # Shown back as typed, dd/mm/yyyy (a bare text input would show 2021-09-10).
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
        error_messages={"required": _("Enter the date the document was issued.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        error_messages={"required": _("Enter the title of the document.")},
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    public = forms.BooleanField(
        label=_("The file may be downloaded from the public portal"),
        required=False,
        help_text=_(
            "Only for documents published to everyone; the portal always shows the "
            "number, date, issuer, title and summary of a document an article cites."
        ),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word (.docx), JPEG or PNG, up to 20 MB."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = organizations_editable_by(user, roles=EDIT_ROLES)
        self.fields["kind"].choices = kind_choices(_("Tell from the number"))

    def clean_number(self) -> str:
        return normalize_number(self.cleaned_data.get("number"))


class DocumentEditForm(DocumentForm):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Choose a file only to replace the current one. PDF, Word (.docx), JPEG or PNG, "
            "up to 20 MB."
        )


class DocumentFilterForm(forms.Form):
    """The register's filters, read from the query string; a bad value is ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(_("All kinds"))
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("number, title or words of the summary"), "autocomplete": "off"}
        )

    def values(self) -> dict:
        """The valid filters: the ones that were given and make sense."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "kind": data.get("kind") or None,
            "year": data.get("year"),
        }
