"""The Excel round trip of campaign plans: one row a participating unit of a campaign, the
same columns in the template, the export (from the campaign's page) and the import.

A row is *the same plan line* as the campaign's line for the same unit (a campaign has one
line a unit): importing it again changes nothing; a changed figure changes the line. The
campaign is named in each row (as written in danvan), so one file may hold the plans of
several campaigns; the officer must manage each campaign (``services.set_plan_line`` asks)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.activities import queries, services
from danvan.activities.catalogues import WORK_KINDS
from danvan.activities.excel import parse_quantity, place_label
from danvan.activities.models import Campaign, WorkKind
from danvan.core.folding import fold
from danvan.core.spreadsheets import Column, FileRows, parse_date, parse_int, parse_text
from danvan.territory.queries import ancestors_of_many, resolve_place

SHEET = gettext_lazy("Plan")

COLUMNS = [
    Column(
        gettext_lazy("Campaign"),
        "campaign",
        required=True,
        parse=parse_text,
        width=36,
        example="Tháng Dân vận năm 2018",
        help=gettext_lazy("The name of the campaign, as written in danvan."),
    ),
    Column(
        gettext_lazy("Participating unit"),
        "unit",
        required=True,
        parse=parse_text,
        width=40,
        example="huyện Yên Thế, tỉnh Bắc Giang",
    ),
    Column(gettext_lazy("Activities planned"), "planned_activities", parse=parse_int, width=12),
    Column(gettext_lazy("To be done by"), "due_date", parse=parse_date, width=14),
    Column(gettext_lazy("What it will do"), "description", parse=parse_text, width=50),
    *(
        Column(f"{name} ({unit})", f"work_{code}", parse=parse_quantity, width=14)
        for code, name, unit, _money in WORK_KINDS
    ),
]


def row_handler(user):
    campaigns = Campaign.objects.all() if user is None else queries.campaigns_visible_to(user)
    works = {w.code: w for w in WorkKind.objects.all()}
    file_rows = FileRows()

    def handle(values: dict) -> str:
        matches = list(campaigns.filter(name_folded=fold(values["campaign"]))[:2])
        if len(matches) != 1:
            message = (
                _("No campaign named “%(name)s” in your scope.")
                if not matches
                else _("Several campaigns are named “%(name)s”.")
            )
            raise ValidationError({"campaign": message % {"name": values["campaign"]}})
        campaign = matches[0]
        found = resolve_place(values["unit"], as_of=campaign.start_date)
        if found.unit is None:
            raise ValidationError(
                {"unit": _("No single unit fits “%(place)s”.") % {"place": values["unit"]}}
            )
        file_rows.claim((campaign.pk, found.unit.pk), f"{campaign.name} — {found.unit.full_name}")
        line = services.set_plan_line(
            campaign=campaign,
            unit=found.unit,
            planned_activities=values.get("planned_activities") or 0,
            due_date=values.get("due_date"),
            description=values.get("description") or "",
            works={
                works[code]: values[f"work_{code}"]
                for code, _name, _unit, _money in WORK_KINDS
                if values.get(f"work_{code}") and code in works
            },
            acting_user=user,
        )
        return line.outcome

    handle.file_rows = file_rows
    return handle


def export_rows(campaign: Campaign):
    lines = list(campaign.plan_lines.select_related("unit").prefetch_related("works__kind"))
    chains = ancestors_of_many([line.unit for line in lines])
    for line in lines:
        row = {
            "campaign": campaign.name,
            "unit": place_label(line.unit, chains[line.unit.pk]),
            "planned_activities": line.planned_activities,
            "due_date": line.due_date,
            "description": line.description,
        }
        for work in line.works.all():
            quantity = work.quantity
            row[f"work_{work.kind.code}"] = (
                int(quantity) if quantity == quantity.to_integral_value() else float(quantity)
            )
        yield row
