"""Excel of a programme's targets and their figures.

- **Out**: every target of a programme the user may see (its own and its units'), with the
  latest figure and where it stands — the dashboard as a sheet.
- **In**: the units' reported figures. A row is *the same record* as a figure already kept when
  it names the same target (its code, filled in by the export) and the same date ("as of"): a
  second import of the same file changes nothing; a row with another figure for that date
  corrects it (the audit log keeps both). Two rows of one file for the same target and date are
  an error naming both. Computed targets are refused (nobody reports them).

The export has the import's columns, so an officer exports, types the figures of a new date
and imports the same sheet."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.spreadsheets import Column, FileRows, parse_date, parse_int, parse_text
from danvan.targets import services
from danvan.targets.enums import ValueSource
from danvan.targets.models import TargetValue
from danvan.targets.scopes import targets_visible_to

SHEET = gettext_lazy("Target figures")


def parse_figure(value) -> Decimal:
    """A figure as Excel gives it (a number) or as typed (1.500 or 2,5)."""
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1 or (
            text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 3 and text[0] != "0"
        ):
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("Enter a number, for example 1.500 or 2,5.")) from None
    if not number.is_finite() or abs(number) > Decimal("999999999999"):
        raise ValueError(_("Enter a number, for example 1.500 or 2,5."))
    return number


VALUE_COLUMNS = [
    Column(
        gettext_lazy("Target code"),
        "target",
        required=True,
        parse=parse_int,
        width=10,
        help=gettext_lazy("Filled in by the export of the programme's targets."),
        example=12,
    ),
    Column(gettext_lazy("As of"), "as_of", required=True, parse=parse_date, example="30/06/2024"),
    Column(gettext_lazy("Figure"), "value", required=True, parse=parse_figure, example="45"),
    Column(gettext_lazy("Note"), "note", parse=parse_text, width=40),
]
EXPORT_COLUMNS = [
    VALUE_COLUMNS[0],
    Column(gettext_lazy("No."), "number", width=6),
    Column(gettext_lazy("Target"), "name", width=50),
    Column(gettext_lazy("Unit"), "unit", width=30),
    Column(gettext_lazy("Unit of measure"), "unit_of_measure", width=14),
    Column(gettext_lazy("Baseline"), "baseline", width=12),
    Column(gettext_lazy("Target value"), "target_value", width=12),
    Column(gettext_lazy("Deadline"), "deadline", width=12),
    Column(gettext_lazy("Measured"), "measurement", width=18),
    Column(gettext_lazy("Latest figure"), "current_value", width=12),
    Column(gettext_lazy("Latest figure as of"), "current_as_of", width=14),
    Column(gettext_lazy("Standing"), "standing", width=18),
    *VALUE_COLUMNS[1:],
]


def _plain(value):
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def export_rows(targets):
    for target in targets:
        yield {
            "target": target.pk,
            "number": target.number,
            "name": target.name,
            "unit": target.unit.full_name,
            "unit_of_measure": target.unit_of_measure,
            "baseline": _plain(target.baseline),
            "target_value": _plain(target.target_value),
            "deadline": target.deadline,
            "measurement": capfirst(target.get_measurement_display()),
            "current_value": _plain(target.current_value),
            "current_as_of": target.current_as_of,
            "standing": capfirst(target.get_standing_display()),
            "as_of": None,
            "value": None,
            "note": "",
        }


def value_row_handler(user):
    visible = targets_visible_to(user).select_related("programme", "unit")
    file_rows = FileRows()

    def handle(values: dict) -> str:
        target = visible.filter(pk=values["target"]).first()
        if target is None:
            raise ValidationError({"target": _("No target with this code in your scope.")})
        file_rows.claim(
            ("figure", target.pk, values["as_of"]), f"{target} — {values['as_of']:%d/%m/%Y}"
        )
        note = values.get("note") or ""
        existing = TargetValue.objects.filter(
            target=target, as_of=values["as_of"], source=ValueSource.REPORTED
        ).first()
        if (
            existing is not None
            and existing.value == values["value"].quantize(Decimal("0.01"))
            and (existing.note == note)
        ):
            return "unchanged"
        services.record_value(
            target=target,
            as_of=values["as_of"],
            value=values["value"],
            note=note,
            acting_user=user,
        )
        return "updated" if existing else "created"

    handle.file_rows = file_rows
    return handle
