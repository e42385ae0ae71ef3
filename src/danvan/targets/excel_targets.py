"""Excel import of a programme's targets and of their units' shares.

A row names its programme by code (shown on the programme's page and in its export). A row
without "part of target No." is one of the programme's own targets: it is *the same record* as
the programme's own target with the same number. A row with it is that target's share for the
unit of the row ("Unit"): *the same record* as the share of that unit — its value is written
through the cascade (``services.cascade_target``), milestones in proportion. A second import of
the same file changes nothing; two rows for the same target (or share) are an error naming
both."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.spreadsheets import (
    Column,
    FileRows,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from danvan.targets import services
from danvan.targets.enums import Direction, Rollup
from danvan.targets.excel import parse_figure
from danvan.targets.models import Target
from danvan.targets.scopes import programmes_visible_to
from danvan.territory.queries import resolve_place, scope_units

SHEET = gettext_lazy("Targets")
COMPARED = ["name", "unit_of_measure", "baseline", "target_value", "deadline", "direction"]

COLUMNS = [
    Column(
        gettext_lazy("Programme code"),
        "programme",
        required=True,
        parse=parse_int,
        width=10,
        help=gettext_lazy("Shown on the programme's page."),
        example=1,
    ),
    Column(gettext_lazy("No."), "number", required=True, parse=parse_text, width=6, example="1"),
    Column(
        gettext_lazy("Part of target No."),
        "parent",
        parse=parse_text,
        width=10,
        help=gettext_lazy("Empty for the programme's own target; its number for a unit's share."),
    ),
    Column(
        gettext_lazy("Target"),
        "name",
        parse=parse_text,
        width=50,
        example="Mô hình “Dân vận khéo” được xây dựng",
    ),
    Column(
        gettext_lazy("Unit"),
        "place",
        parse=parse_text,
        width=30,
        help=gettext_lazy("Empty: the programme's area."),
        example="huyện Tháp Mười, tỉnh Đồng Tháp",
    ),
    Column(gettext_lazy("Unit of measure"), "unit_of_measure", parse=parse_text, example="mô hình"),
    Column(gettext_lazy("Baseline"), "baseline", parse=parse_figure),
    Column(
        gettext_lazy("Target value"), "target_value", required=True, parse=parse_figure, example=100
    ),
    Column(gettext_lazy("Deadline"), "deadline", parse=parse_date, example="31/12/2025"),
    Column(
        gettext_lazy("Met when the figure is"),
        "direction",
        parse=parse_choice(dict(Direction.choices)),
        choices=tuple(str(label) for _v, label in Direction.choices),
    ),
    Column(
        gettext_lazy("The units' figures add up as"),
        "rollup",
        parse=parse_choice(dict(Rollup.choices)),
        choices=tuple(str(label) for _v, label in Rollup.choices),
    ),
]


def _place(text, *, as_of, user):
    """A unit of today's map, else of the map on the programme's first day."""
    result = resolve_place(str(text), context=scope_units(user))
    if result.unit is None:
        result = resolve_place(str(text), as_of=as_of, context=scope_units(user))
    if result.unit is None:
        raise ValidationError({"place": _("The place “%(text)s” was not found.") % {"text": text}})
    return result.unit


def target_row_handler(user):
    programmes = programmes_visible_to(user)
    file_rows = FileRows()

    def handle(values: dict) -> str:
        programme = programmes.filter(pk=values["programme"]).first()
        if programme is None:
            raise ValidationError({"programme": _("No programme with this code in your scope.")})
        unit = (
            _place(values["place"], as_of=programme.starts_on, user=user)
            if values.get("place")
            else programme.unit
        )
        if values.get("parent"):
            return _share(programme, unit, values)
        return _own(programme, unit, values)

    def _share(programme, unit, values) -> str:
        parent = Target.objects.filter(
            programme=programme, parent__isnull=True, number=values["parent"]
        ).first()
        if parent is None:
            raise ValidationError({"parent": _("The programme has no target with this number.")})
        file_rows.claim(("share", parent.pk, unit.pk), f"{parent.name} — {unit.full_name}")
        existing = parent.children.filter(unit=unit).first()
        value = values["target_value"].quantize(Decimal("0.01"))
        if existing is not None and existing.target_value == value:
            return "unchanged"
        services.cascade_target(target=parent, shares={unit: value}, acting_user=user)
        return "updated" if existing else "created"

    def _own(programme, unit, values) -> str:
        number = values["number"]
        file_rows.claim(("target", programme.pk, number), f"{programme.name} — {number}")
        existing = Target.objects.filter(
            programme=programme, parent__isnull=True, number=number
        ).first()
        data = {key: values.get(key) for key in ["number", *COMPARED, "rollup"]}
        if existing is None:
            services.create_target(programme=programme, data=data, unit=unit, acting_user=user)
            return "created"
        data = {k: v for k, v in data.items() if v not in (None, "")}
        if "target_value" in data:
            data["target_value"] = data["target_value"].quantize(Decimal("0.01"))
        if "baseline" in data:
            data["baseline"] = data["baseline"].quantize(Decimal("0.01"))
        if all(getattr(existing, key) == value for key, value in data.items()):
            return "unchanged"
        services.update_target(
            target=existing, data=data, version=existing.version, acting_user=user
        )
        return "updated"

    handle.file_rows = file_rows
    return handle
