"""What the targets' services share: the stale-edit check and the place rule."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_version(obj, version: int) -> None:
    if obj.version != version:
        raise ValidationError(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then edit again."
            )
        )


def inside(unit, area) -> bool:
    """``unit`` is ``area`` or lies in it (an old unit through the unit it became part of)."""
    return unit.path.startswith(area.path) or bool(
        unit.today_path and unit.today_path.startswith(area.path)
    )


def strictly_inside(unit, area) -> bool:
    return unit.pk != area.pk and inside(unit, area)
