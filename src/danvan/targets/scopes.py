"""The selectors of programmes, targets and inspections — the only way to list them; read
through ``queries`` (which re-exports them) by views, and by the services, which may not import
``queries`` (the layers contract).

- A **programme** is seen by the users whose scope covers its area or its organisation, and by
  those of a unit it has a target for (a district sees the province's resolution it carries out).
- A **target** is seen with its programme's area, or in its own unit's scope; a unit that sees a
  programme also sees the programme's own (top) targets, so a district reads its share against
  the province's whole.
- An **inspection** is seen by the conducting organisation's scope and by the units it looked at.
"""

from django.db.models import Q, QuerySet

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import organization_scope_q, unit_scope_q
from danvan.targets.models import Inspection, Programme, Target


def _programme_q(user, roles, prefix: str = "") -> Q:
    return unit_scope_q(user, roles=roles, field=f"{prefix}unit") | organization_scope_q(
        user, roles=roles, field=f"{prefix}owner"
    )


def programmes_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    programmes = Programme.objects.all()
    if user is None or user.is_superuser:
        return programmes
    through_targets = Target.objects.filter(unit_scope_q(user, roles=roles, field="unit"))
    return programmes.filter(
        _programme_q(user, roles) | Q(pk__in=through_targets.values("programme_id"))
    )


def targets_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    targets = Target.objects.all()
    if user is None or user.is_superuser:
        return targets
    own_unit = unit_scope_q(user, roles=roles, field="unit")
    seen_programmes = Target.objects.filter(own_unit).values("programme_id")
    return targets.filter(
        own_unit
        | _programme_q(user, roles, prefix="programme__")
        | Q(parent__isnull=True, programme_id__in=seen_programmes)
    )


def inspections_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    inspections = Inspection.objects.all()
    if user is None or user.is_superuser:
        return inspections
    return inspections.filter(
        unit_scope_q(user, roles=roles, field="organization__unit")
        | organization_scope_q(user, roles=roles, field="organization")
        | unit_scope_q(user, roles=roles, field="unit")
    )
