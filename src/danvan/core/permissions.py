"""Authorization where the data is written: a service asks the ``rules`` predicate itself.

    from danvan.core.permissions import ensure

    ensure(acting_user, "documents.change_document", document)  # raises OutOfScope

``ensure`` is for the object a service acts on: the user may not change it, so for the user it
does not exist — ``OutOfScopeMiddleware`` answers 404, as the selectors do for what is out of
scope. ``ensure_choice`` is for what a form or a row *chose* (an issuer, a parent, a unit, an
owner): the same predicate, refused as a ``ValidationError`` on that field, so that the form is
shown again with the user's input and an import names the row.

``acting_user=None`` is the system itself (demonstration data, a command run without
``--user``): it may do everything. Views always pass ``request.user``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class OutOfScope(Exception):  # noqa: N818 — a refusal (404), not a fault
    """The acting user may not do this to this object: for them it does not exist (404)."""

    def __init__(self, perm: str = "", obj=None):
        super().__init__(perm)
        self.perm = perm
        self.obj = obj

    def as_validation_error(self) -> ValidationError:
        """For an import row: the row is refused, the others go on."""
        return ValidationError(_("This record is outside your scope: you may not change it."))


def allowed(user, perm: str, obj=None) -> bool:
    return user is None or user.has_perm(perm, obj)


def ensure(user, perm: str, obj=None) -> None:
    """Raise ``OutOfScope`` unless ``user`` has ``perm`` (on ``obj``)."""
    if not allowed(user, perm, obj):
        raise OutOfScope(perm, obj)


def ensure_choice(user, perm: str, obj, *, field: str, message) -> None:
    """Raise a ``ValidationError`` on ``field`` unless ``user`` has ``perm`` on the chosen
    ``obj`` (nothing chosen: nothing to check)."""
    if obj is not None and not allowed(user, perm, obj):
        raise ValidationError({field: message})
