"""What the honours services share."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.organizations.models import Organization, Person


def acting(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def check_version(current: int, version: int | None) -> None:
    if version is not None and current != version:
        raise ValidationError(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then edit again."
            )
        )


def recipient_fields(recipient) -> dict:
    """``{"person": …, "organization": None, "initiative": None}`` for any recipient."""
    fields = {"person": None, "organization": None, "initiative": None}
    if isinstance(recipient, Person):
        fields["person"] = recipient
    elif isinstance(recipient, Organization):
        fields["organization"] = recipient
    else:
        fields["initiative"] = recipient
    return fields


def recipient_place(recipient, fallback=None):
    """Where an honour of ``recipient`` counts: a person's unit, a model's place, an
    organisation's unit (a central body: ``fallback``, the proposer's)."""
    if isinstance(recipient, Person):
        return recipient.unit
    if isinstance(recipient, Organization):
        return recipient.unit or fallback
    return recipient.place or fallback


def recipient_label(recipient) -> str:
    """A person's full name, an organisation's or a model's name (without its code)."""
    if isinstance(recipient, Person):
        return recipient.full_name
    return recipient.name
