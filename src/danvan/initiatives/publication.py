"""Whether a recognised model or exemplar may be shown on the public portal's showcase.

Recognised initiatives are shown there by default (``danvan.portal.showcase``); the unit that
may edit one (its place's staff, or its owner organisation) may withhold it — a model whose
beneficiaries asked for discretion, a result still being checked — and show it again later."""

from django.db import transaction

from danvan.core.permissions import ensure
from danvan.core.services import record_event
from danvan.initiatives.models import Initiative


@transaction.atomic
def set_showcase_withheld(*, initiative: Initiative, withheld: bool, acting_user) -> Initiative:
    """Withhold the initiative from the public showcase (``withheld=True``) or show it again.
    Only those who may edit it (else ``OutOfScope``); audited when it changes."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    ensure(acting_user, "initiatives.change_initiative", locked)
    withheld = bool(withheld)
    if locked.showcase_withheld == withheld:
        return locked
    before = locked.showcase_withheld
    locked.showcase_withheld = withheld
    locked.save(update_fields=["showcase_withheld", "updated_at"])
    record_event(
        action="initiatives.initiative.withheld" if withheld else "initiatives.initiative.shown",
        acting_user=acting_user,
        obj=locked,
        changes={"showcase_withheld": [before, withheld]},
    )
    return locked
