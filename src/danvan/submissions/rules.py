"""Who may do what with periodic reports. The services ask these themselves.

- A report is **submitted** only by the reporting unit's own staff: an editing grant (admin,
  staff, registering unit) on that very unit or organisation — not one above it: the level
  above reviews, it does not report for its units.
- It is **returned or accepted** only by the level it reports to: a managing grant (admin,
  staff) covering the receiving unit or organisation.
- Templates and obligations are made by the managing staff of the template's unit (of the
  receiving level for an obligation)."""

import rules

from danvan.accounts.enums import EDIT_ROLES, MANAGE_ROLES
from danvan.accounts.queries import covers, grants_of


def own_staff(user, obligation) -> bool:
    if obligation is None:
        return False
    for grant in grants_of(user):
        if grant.role not in EDIT_ROLES:
            continue
        if obligation.unit_id and grant.unit_id == obligation.unit_id:
            return True
        if obligation.organization_id and grant.organization_id == obligation.organization_id:
            return True
    return False


@rules.predicate
def submits_for(user, obligation) -> bool:
    return own_staff(user, obligation)


@rules.predicate
def receives_from(user, obligation) -> bool:
    """A managing grant on the receiving level (or above it)."""
    if obligation is None or (
        obligation.receiver_unit_id is None and not obligation.receiver_organization_id
    ):
        return False
    return covers(
        user,
        roles=MANAGE_ROLES,
        units=[obligation.receiver_unit] if obligation.receiver_unit_id else [],
        organizations=(
            [obligation.receiver_organization] if obligation.receiver_organization_id else []
        ),
    )


@rules.predicate
def manages_template(user, template) -> bool:
    if template is None:
        return False
    if template.owner_unit_id is None:
        return False  # a central template: superusers only
    return covers(user, roles=MANAGE_ROLES, units=[template.owner_unit])


rules.add_perm("submissions.submit_submission", rules.is_superuser | submits_for)
rules.add_perm("submissions.review_submission", rules.is_superuser | receives_from)
rules.add_perm("submissions.add_obligation", rules.is_superuser | receives_from)
rules.add_perm("submissions.change_reporttemplate", rules.is_superuser | manages_template)
