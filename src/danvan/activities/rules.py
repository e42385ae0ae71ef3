"""Who may record and change activities and campaigns. Who may *see* them is the selectors'
business (``queries``): views fetch through them, so what is out of scope is a 404 before any
of these rules is asked. The services call these rules themselves (``core.permissions``).

- An activity belongs where it happened (its main place) and to the organisations that
  organised it: staff, administrators and registering units of that territory record and
  change it, and so does a registering unit (organisation grant) for its own organisations.
- A campaign belongs to its territory (or organisation subtree) and its organiser: only the
  managing roles (admin, staff) there create and change it and its plan."""

import rules

from danvan.accounts.enums import EDIT_ROLES, MANAGE_ROLES, READ_ROLES
from danvan.accounts.queries import covers, has_any_role
from danvan.activities.enums import Role


def _activity_covered(user, activity, roles, *, organisers_only: bool) -> bool:
    """Its place in a grant with ``roles``, or one of its organisations (its organisers only,
    for changes) in an organisation grant. An unsaved activity carries the organisations it is
    about to get as ``_organisations`` [(organisation, role)]."""
    links = getattr(activity, "_organisations", None)
    if links is None:
        links = (
            [(link.organization, link.role) for link in activity.organizations.all()]
            if activity.pk
            else []
        )
    organizations = [org for org, role in links if role == Role.ORGANISER or not organisers_only]
    return covers(
        user,
        roles=roles,
        units=[activity.place] if activity.place_id else [],
        organizations=organizations,
    )


@rules.predicate
def edits_activity(user, activity) -> bool:
    return activity is not None and _activity_covered(
        user, activity, EDIT_ROLES, organisers_only=True
    )


@rules.predicate
def reads_activity(user, activity) -> bool:
    return activity is not None and _activity_covered(
        user, activity, READ_ROLES, organisers_only=False
    )


@rules.predicate
def records_activity(user, activity=None) -> bool:
    """Without an object: edits somewhere. With a new (or moved) activity: where it would be."""
    if activity is None:
        return has_any_role(user, EDIT_ROLES)
    return edits_activity(user, activity)


@rules.predicate
def organises_for(user, organization) -> bool:
    """An organisation the user may name as an activity's organiser: in the user's editing
    scope, never a central body."""
    if organization is None or organization.unit_id is None:
        return False
    return covers(user, roles=EDIT_ROLES, units=[organization.unit], organizations=[organization])


def _campaign_covered(user, campaign, roles) -> bool:
    return covers(
        user,
        roles=roles,
        units=[u for u in (campaign.scope_unit, campaign.organiser.unit) if u is not None],
        organizations=[o for o in (campaign.scope_organization, campaign.organiser) if o],
    )


@rules.predicate
def manages_campaign(user, campaign) -> bool:
    return campaign is not None and _campaign_covered(user, campaign, MANAGE_ROLES)


@rules.predicate
def creates_campaign(user, campaign=None) -> bool:
    if campaign is None:
        return has_any_role(user, MANAGE_ROLES)
    return manages_campaign(user, campaign)


@rules.predicate
def manages_catalogues(user) -> bool:
    return has_any_role(user, MANAGE_ROLES)


rules.add_perm("activities.view_activity", rules.is_superuser | reads_activity)
rules.add_perm("activities.add_activity", rules.is_superuser | records_activity)
rules.add_perm("activities.change_activity", rules.is_superuser | edits_activity)
rules.add_perm("activities.organise_activity", rules.is_superuser | organises_for)
rules.add_perm("activities.add_campaign", rules.is_superuser | creates_campaign)
rules.add_perm("activities.change_campaign", rules.is_superuser | manages_campaign)
rules.add_perm("activities.change_catalogue", rules.is_superuser | manages_catalogues)
