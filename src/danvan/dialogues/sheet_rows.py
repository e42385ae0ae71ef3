"""What the dialogues' two Excel imports (petitions, a dialogue's opinions) share: finding an
organisation by its name within the importer's scope, and the row function the importer calls."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.folding import fold


def organization_named(bodies, text: str, *, field: str):
    """The one organisation of ``bodies`` (the user's visible ones) named ``text``, accents and
    case aside; none or several is an error on ``field``."""
    matches = list(bodies.filter(name_folded=fold(text))[:2])
    if len(matches) != 1:
        message = (
            _("No organisation named “%(name)s” in your scope.")
            if not matches
            else _("Several organisations are named “%(name)s”.")
        )
        raise ValidationError({field: message % {"name": text}})
    return matches[0]


def as_function(handler):
    """The importer calls a function per row and reads ``file_rows`` from it."""

    def handle(values: dict) -> str:
        return handler(values)

    handle.file_rows = handler.file_rows
    return handle
