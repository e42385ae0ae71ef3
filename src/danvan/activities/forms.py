"""Forms of activities and campaigns: they read what was typed, the services decide. The
activity form is laid out for a phone: what, when, where first; the organisations with their
head-counts, the people and the works after, each in a section that folds."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import EDIT_ROLES, MANAGE_ROLES
from danvan.activities.enums import CampaignKind, Role
from danvan.activities.models import Activity, ActivityKind, Campaign
from danvan.activities.queries import (
    ActivityFilters,
    activity_kinds,
    campaigns_visible_to,
    participant_categories,
    work_kinds,
)
from danvan.core.forms import VersionField
from danvan.documents.models import number_key
from danvan.documents.queries import documents_visible_to
from danvan.initiatives.forms import VietnameseDecimalField
from danvan.initiatives.queries import initiatives_visible_to
from danvan.organizations.forms import OrganizationChoiceField, PersonChoiceField
from danvan.organizations.models import Organization
from danvan.organizations.queries import (
    organizations_editable_by,
    organizations_visible_to,
    people_visible_to,
)
from danvan.territory.forms import PlaceChoiceField, VietnameseDateField

DATE_WIDGET = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}}
SEPARATORS = re.compile(r"[;,\n]+")
MAX_REFERENCES = 20
ORG_ROWS, PERSON_ROWS, PLACE_ROWS = 3, 3, 3


def date_field(label, **kwargs) -> VietnameseDateField:
    return VietnameseDateField(label=label, widget=forms.DateInput(**DATE_WIDGET), **kwargs)


def count_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )


class CampaignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.start_date:%d/%m/%Y} – {obj.end_date:%d/%m/%Y})"


class ActivityForm(forms.Form):
    """Record or change an activity. Rows of organisations (each with its head-count by
    category), people and other places; one quantity field per kind of work; the documents
    and models by their numbers and codes, typed."""

    title = forms.CharField(
        label=_("Name of the activity"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In a few words, e.g. Giúp Nhân dân thôn Tống Pu làm đường bê tông."),
    )
    kind = forms.ModelChoiceField(
        label=_("Kind of activity"),
        queryset=ActivityKind.objects.none(),
        required=False,
        empty_label=_("Choose…"),
    )
    start_date = date_field(_("Day"), required=False)
    end_date = date_field(
        _("Last day"), required=False, help_text=_("Only for an activity of several days.")
    )
    campaign = CampaignChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("Not part of a campaign"),
    )
    place = PlaceChoiceField(
        label=_("Place"),
        required=False,
        help_text=_(
            "The commune, ward or hamlet as it was on the day: before 1/7/2025, a unit of the "
            "old map."
        ),
    )
    reached = count_field(_("People reached (lượt người dân)"))
    description = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    documents = forms.CharField(
        label=_("Documents it carries out"),
        required=False,
        max_length=1000,
        help_text=_("Their numbers, separated by commas, e.g. 54-KH/HU, 02-HD/BDVTU."),
    )
    initiatives = forms.CharField(
        label=_("Models it serves"),
        required=False,
        max_length=1000,
        help_text=_("Their codes, separated by commas, e.g. 08-2023-00012."),
    )
    version = VersionField(required=False)

    def __init__(self, *args, user, current: Activity | None = None, initial=None, **kwargs):
        self.user = user
        initial = dict(initial or {})
        links, people, places = [], [], []
        if current is not None:
            links = list(current.organizations.select_related("organization"))
            people = [link.person for link in current.people.select_related("person")]
            places = [link.unit for link in current.places.select_related("unit")]
            initial.update(self._initial_of(current, links, people, places))
        super().__init__(*args, initial=initial, **kwargs)
        self.categories = list(participant_categories())
        self.work_kinds = list(work_kinds())
        self.org_rows = max(ORG_ROWS, len(links) + 1)
        self.person_rows = max(PERSON_ROWS, len(people) + 1)
        self.place_rows = max(PLACE_ROWS, len(places) + 1)
        self.fields["kind"].queryset = activity_kinds(
            include=[current.kind_id] if current is not None else []
        )
        campaigns = campaigns_visible_to(user)
        if current is not None and current.campaign_id:
            campaigns = Campaign.objects.filter(
                Q(pk__in=campaigns.values("pk")) | Q(pk=current.campaign_id)
            )
        self.fields["campaign"].queryset = campaigns.order_by("-start_date", "name_folded")
        organizers = organizations_editable_by(user, roles=EDIT_ROLES)
        visible = organizations_visible_to(user)
        if current is not None:
            mine = [link.organization_id for link in links]
            organizers = Organization.objects.filter(
                Q(pk__in=organizers.values("pk")) | Q(pk__in=mine)
            )
            visible = Organization.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=mine))
        for i in range(1, self.place_rows + 1):
            self.fields[f"place_{i}"] = PlaceChoiceField(
                label=_("Other place %(number)s") % {"number": i}, required=False
            )
        for i in range(1, self.org_rows + 1):
            self.fields[f"org_{i}"] = OrganizationChoiceField(
                label=_("Organisation %(number)s") % {"number": i},
                queryset=visible,
                required=False,
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Its part"),
                choices=[(role.value, capfirst(role.label)) for role in Role],
                required=False,
                initial=Role.ORGANISER if i == 1 else Role.PARTICIPANT,
            )
            for category in self.categories:
                self.fields[f"count_{i}_{category.pk}"] = count_field(category.name)
        self.organizers = organizers
        people_allowed = people_visible_to(user)
        if people:
            people_allowed = people_allowed.model.objects.filter(
                Q(pk__in=people_allowed.values("pk")) | Q(pk__in=[p.pk for p in people])
            )
        for i in range(1, self.person_rows + 1):
            self.fields[f"person_{i}"] = PersonChoiceField(
                label=_("Person %(number)s") % {"number": i},
                queryset=people_allowed,
                required=False,
            )
        for kind in self.work_kinds:
            self.fields[f"work_{kind.pk}"] = VietnameseDecimalField(
                label=f"{kind.name} ({kind.unit})",
                required=False,
                min_value=0,
                max_digits=18,
                decimal_places=2,
            )
        if current is None:
            self.fields["start_date"].initial = timezone.localdate()

    @staticmethod
    def _initial_of(current, links, people, places) -> dict:
        initial = {
            "title": current.title,
            "kind": current.kind_id,
            "start_date": current.start_date,
            "end_date": current.end_date,
            "campaign": current.campaign_id,
            "place": current.place_id,
            "reached": current.reached or None,
            "description": current.description,
            "documents": ", ".join(d.number for d in current.documents.all() if d.number),
            "initiatives": ", ".join(i.code for i in current.initiatives.all()),
            "version": current.version,
        }
        counts = {}
        for link in links:
            for count in link.counts.all():
                counts[(link.pk, count.category_id)] = count.count
        for i, link in enumerate(links, start=1):
            initial[f"org_{i}"] = link.organization_id
            initial[f"role_{i}"] = link.role
            for (link_pk, category_pk), number in counts.items():
                if link_pk == link.pk:
                    initial[f"count_{i}_{category_pk}"] = number
        for i, person in enumerate(people, start=1):
            initial[f"person_{i}"] = person.pk
        for i, unit in enumerate(places, start=1):
            initial[f"place_{i}"] = unit.pk
        for work in current.works.all():
            initial[f"work_{work.kind_id}"] = work.quantity
        return initial

    # ---- the sections, for the template -----------------------------------------------------

    def org_sections(self) -> list[dict]:
        return [
            {
                "number": i,
                "organization": self[f"org_{i}"],
                "role": self[f"role_{i}"],
                "counts": [self[f"count_{i}_{c.pk}"] for c in self.categories],
            }
            for i in range(1, self.org_rows + 1)
        ]

    def people_fields(self) -> list:
        return [self[f"person_{i}"] for i in range(1, self.person_rows + 1)]

    def place_fields(self) -> list:
        return [self[f"place_{i}"] for i in range(1, self.place_rows + 1)]

    def work_fields(self) -> list:
        return [self[f"work_{kind.pk}"] for kind in self.work_kinds]

    # ---- cleaning ---------------------------------------------------------------------------

    def clean_documents(self):
        found = []
        for text in _references(self.cleaned_data.get("documents")):
            matches = list(documents_visible_to(self.user).filter(number_key=number_key(text))[:2])
            if not matches:
                raise ValidationError(
                    _("No document numbered %(number)s in your scope.") % {"number": text}
                )
            if len(matches) > 1:
                raise ValidationError(
                    _("Several documents in your scope are numbered %(number)s.") % {"number": text}
                )
            found.append(matches[0])
        return found

    def clean_initiatives(self):
        found = []
        for text in _references(self.cleaned_data.get("initiatives")):
            match = initiatives_visible_to(self.user).filter(code=text.upper()).first()
            if match is None:
                raise ValidationError(
                    _("No model with the code %(code)s in your scope.") % {"code": text}
                )
            found.append(match)
        return found

    def clean(self):
        cleaned = super().clean()
        for i in range(1, self.org_rows + 1):
            counted = any(cleaned.get(f"count_{i}_{c.pk}") for c in self.categories)
            if counted and not cleaned.get(f"org_{i}"):
                self.add_error(f"org_{i}", _("Choose the organisation these people came with."))
        return cleaned

    def for_service(self) -> dict:
        """The keyword arguments of ``record_activity`` / ``update_activity``."""
        data = self.cleaned_data
        organizations = []
        for i in range(1, self.org_rows + 1):
            if data.get(f"org_{i}") is None:
                continue
            organizations.append(
                {
                    "organization": data[f"org_{i}"],
                    "role": data.get(f"role_{i}") or Role.PARTICIPANT,
                    "counts": {
                        c: data.get(f"count_{i}_{c.pk}")
                        for c in self.categories
                        if data.get(f"count_{i}_{c.pk}")
                    },
                }
            )
        fields = ("title", "kind", "start_date", "end_date", "campaign", "place", "description")
        values = {key: data.get(key) for key in fields}
        values["reached"] = data.get("reached") or 0
        return {
            "data": values,
            "places": [
                data[f"place_{i}"] for i in range(1, self.place_rows + 1) if data.get(f"place_{i}")
            ],
            "organizations": organizations,
            "people": [
                data[f"person_{i}"]
                for i in range(1, self.person_rows + 1)
                if data.get(f"person_{i}")
            ],
            "works": {
                kind: data[f"work_{kind.pk}"]
                for kind in self.work_kinds
                if data.get(f"work_{kind.pk}")
            },
            "documents": data.get("documents") or [],
            "initiatives": data.get("initiatives") or [],
        }


def _references(text) -> list[str]:
    parts = [part.strip() for part in SEPARATORS.split(text or "")]
    parts = list(dict.fromkeys(part for part in parts if part))
    if len(parts) > MAX_REFERENCES:
        raise ValidationError(_("Name at most 20, separated by commas."))
    return parts


class ActivityFilterForm(forms.Form):
    """The list's and the calendar's filters, read from the query string; a bad value is
    ignored."""

    q = forms.CharField(
        label=_("Search (with or without diacritics)"), required=False, max_length=200
    )
    start = date_field(_("From"), required=False)
    end = date_field(_("Until"), required=False)
    unit = PlaceChoiceField(label=_("In the administrative unit"), required=False)
    organization = OrganizationChoiceField(label=_("With the organisation"), required=False)
    campaign = CampaignChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("All campaigns"),
    )
    kind = forms.ModelChoiceField(
        label=_("Kind of activity"),
        queryset=ActivityKind.objects.all(),
        required=False,
        empty_label=_("All kinds"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _(
            "words of the title or place, e.g. tong pu"
        )
        self.fields["organization"].queryset = organizations_visible_to(user)
        self.fields["campaign"].queryset = campaigns_visible_to(user).order_by("-start_date")

    def values(self) -> ActivityFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ActivityFilters(
            start=data.get("start"),
            end=data.get("end"),
            unit=data.get("unit"),
            organization=data.get("organization"),
            campaign=data.get("campaign"),
            kind=data.get("kind"),
            text=(data.get("q") or "").strip(),
        )

    def is_filtered(self) -> bool:
        values = self.values()
        return any(
            [
                values.start,
                values.end,
                values.unit,
                values.organization,
                values.campaign,
                values.kind,
                values.text,
            ]
        )


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name of the campaign"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Choose…")), *CampaignKind.choices], required=False
    )
    start_date = date_field(_("From"), required=False)
    end_date = date_field(_("Until"), required=False)
    organiser = OrganizationChoiceField(label=_("Organised by"), required=False)
    scope_unit = PlaceChoiceField(
        label=_("Territory covered"),
        required=False,
        help_text=_("Leave it empty for the organiser's own territory."),
    )
    documents = forms.CharField(
        label=_("Documents that launched and guide it"),
        required=False,
        max_length=1000,
        help_text=_("Their numbers, separated by commas, e.g. 54-KH/HU, 02-HD/BDVTU."),
    )
    slogans = forms.CharField(
        label=_("Slogans"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One slogan a line."),
    )
    description = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = VersionField(required=False)

    def __init__(self, *args, user, current: Campaign | None = None, **kwargs):
        self.user = user
        if current is not None:
            kwargs["initial"] = {
                **{
                    key: getattr(current, key)
                    for key in ("name", "kind", "start_date", "end_date", "slogans", "description")
                },
                "organiser": current.organiser_id,
                "scope_unit": current.scope_unit_id,
                "documents": ", ".join(d.number for d in current.documents.all() if d.number),
                "version": current.version,
            }
        super().__init__(*args, **kwargs)
        organisers = organizations_editable_by(user, roles=MANAGE_ROLES)
        if current is not None:
            organisers = Organization.objects.filter(
                Q(pk__in=organisers.values("pk")) | Q(pk=current.organiser_id)
            )
        self.fields["organiser"].queryset = organisers
        widget = self.fields["organiser"].widget
        widget.extra = {**widget.extra, "writes": "manage"}

    clean_documents = ActivityForm.clean_documents

    def for_service(self) -> dict:
        data = dict(self.cleaned_data)
        documents = data.pop("documents") or []
        data.pop("version", None)
        return {"data": data, "documents": documents}


class PlanLineForm(forms.Form):
    unit = PlaceChoiceField(label=_("Participating unit"), required=False)
    planned_activities = count_field(_("Activities planned"))
    due_date = date_field(_("To be done by"), required=False)
    description = forms.CharField(
        label=_("What it will do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.work_kinds = list(work_kinds())
        for kind in self.work_kinds:
            self.fields[f"work_{kind.pk}"] = VietnameseDecimalField(
                label=f"{kind.name} ({kind.unit})",
                required=False,
                min_value=0,
                max_digits=18,
                decimal_places=2,
            )

    def work_fields(self) -> list:
        return [self[f"work_{kind.pk}"] for kind in self.work_kinds]

    def for_service(self) -> dict:
        data = self.cleaned_data
        return {
            "unit": data.get("unit"),
            "planned_activities": data.get("planned_activities") or 0,
            "due_date": data.get("due_date"),
            "description": data.get("description") or "",
            "works": {
                kind: data[f"work_{kind.pk}"]
                for kind in self.work_kinds
                if data.get(f"work_{kind.pk}")
            },
        }


class CatalogueEntryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    unit = forms.CharField(label=_("Unit of measure"), max_length=30, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=30000, required=False)
