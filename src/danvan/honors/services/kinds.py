"""The catalogue of kinds of honour, with their eligibility rules as data."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.honors.enums import HonourForm, HonourLevel, Recipient
from danvan.honors.models import HonourKind
from danvan.honors.services.common import check_version

KIND_FIELDS = [
    "name",
    "form",
    "level",
    "conferred_by",
    "recipient",
    "once_only",
    "ethnic_minority_area",
    "active",
    "min_service_months",
    "min_service_months_women",
    "min_service_months_minority",
    "difficult_area_percent",
    "requires_current_service",
    "requires_current_position",
    "min_models",
    "min_recognitions",
    "previous_kind",
    "years_since_previous",
    "certificate_title",
    "certificate_text",
    "order",
]
MEDAL = "Kỷ niệm chương “Vì sự nghiệp Dân vận”"
CENTRAL_BAN = "Ban Dân vận Trung ương"


def _clean(kind: HonourKind, data: dict, acting_user) -> None:
    for key in KIND_FIELDS:
        if key in data:
            setattr(kind, key, data[key])
    kind.name = " ".join((kind.name or "").split())
    kind.certificate_title = (kind.certificate_title or "").strip()
    kind.certificate_text = (kind.certificate_text or "").strip()
    errors = {}
    if not kind.name:
        errors["name"] = _("Enter the name of the kind of honour.")
    if kind.form not in HonourForm.values:
        errors["form"] = _("Choose the form of the honour.")
    if kind.level not in HonourLevel.values:
        errors["level"] = _("Choose the level that confers it.")
    if kind.recipient not in Recipient.values:
        errors["recipient"] = _("Choose who receives it.")
    if not kind.conferred_by_id:
        errors["conferred_by"] = _("Choose the body that confers it.")
    if kind.difficult_area_percent is None or not 100 <= kind.difficult_area_percent <= 300:
        errors["difficult_area_percent"] = _("Enter a percentage from 100 to 300.")
    if kind.previous_kind_id and kind.pk and kind.previous_kind_id == kind.pk:
        errors["previous_kind"] = _("A kind cannot require itself.")
    if kind.years_since_previous and not kind.previous_kind_id:
        errors["years_since_previous"] = _("Choose the honour received before first.")
    duplicate = HonourKind.objects.filter(name__iexact=kind.name).exclude(pk=kind.pk)
    if kind.name and duplicate.exists():
        errors["name"] = _("A kind of honour with this name exists already.")
    if errors:
        raise ValidationError(errors)
    ensure_choice(
        acting_user,
        "honors.add_honourkind",
        kind,
        field="conferred_by",
        message=_("Choose a conferring body inside your scope."),
    )


@transaction.atomic
def create_kind(*, data: dict, acting_user) -> HonourKind:
    ensure(acting_user, "honors.add_honourkind")
    kind = HonourKind()
    _clean(kind, data, acting_user)
    kind.save()
    record_event(
        action="honors.kind.created",
        acting_user=acting_user,
        obj=kind,
        changes=diff({}, snapshot(kind, KIND_FIELDS)),
    )
    return kind


@transaction.atomic
def update_kind(*, kind: HonourKind, data: dict, version: int | None, acting_user) -> HonourKind:
    kind = HonourKind.objects.select_for_update().get(pk=kind.pk)
    ensure(acting_user, "honors.change_honourkind", kind)
    check_version(kind.version, version)
    before = snapshot(kind, KIND_FIELDS)
    _clean(kind, data, acting_user)
    changes = diff(before, snapshot(kind, KIND_FIELDS))
    if not changes:
        return kind
    kind.version += 1
    kind.save()
    record_event(action="honors.kind.updated", acting_user=acting_user, obj=kind, changes=changes)
    return kind


def seed_kinds(**_kwargs) -> str:
    """The medal of the central Ban Dân vận (idempotent): 15 years of dân vận work (women and
    ethnic-minority people 12), a month in a difficult area counting 1.5, once only. Staff
    adjust it, and add their own bằng khen and giấy khen."""
    from danvan.organizations.enums import OrganizationKind
    from danvan.organizations.models import Organization
    from danvan.organizations.services import create_organization

    if HonourKind.objects.filter(name=MEDAL).exists():
        return _("already there")
    body = Organization.objects.filter(name=CENTRAL_BAN, unit__isnull=True).first()
    if body is None:
        body = create_organization(
            data={"name": CENTRAL_BAN, "kind": OrganizationKind.DAN_VAN, "unit": None},
            acting_user=None,
        )
    create_kind(
        data={
            "name": MEDAL,
            "form": HonourForm.MEDAL,
            "level": HonourLevel.CENTRAL,
            "conferred_by": body,
            "recipient": Recipient.PERSON,
            "once_only": True,
            "min_service_months": 180,
            "min_service_months_women": 144,
            "min_service_months_minority": 144,
            "difficult_area_percent": 150,
            "certificate_title": "KỶ NIỆM CHƯƠNG",
            "certificate_text": "Vì sự nghiệp Dân vận",
            "order": 10,
        },
        acting_user=None,
    )
    return _("1 kind of honour")
