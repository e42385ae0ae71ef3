"""Selectors: the only way to list organisations and people. Out of scope does not exist."""

from django.db.models import Q, QuerySet

from danvan.accounts.enums import PEOPLE_READ_ROLES, READ_ROLES
from danvan.accounts.queries import covers, grants_of, organization_scope_q, unit_scope_q
from danvan.core.folding import fold
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.models import Membership, Organization, Person, Position, ServicePeriod

MAX_SEARCH_WORDS = 8  # a longer search names nobody, and each word is one more condition


def organizations_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    """Organisations in the user's scope: attached to a unit of a unit grant, or inside an
    organisation grant. Central bodies (no unit) are visible to every user who holds a grant."""
    organizations = Organization.objects.select_related("unit", "parent")
    if user.is_superuser:
        return organizations
    condition = unit_scope_q(user, roles=roles, field="unit") | organization_scope_q(
        user, roles=roles
    )
    if any(grant.role in roles for grant in grants_of(user)):
        condition |= Q(unit__isnull=True)
    return organizations.filter(condition)


def organizations_editable_by(user, *, roles) -> QuerySet:
    """The organisations a form may offer for writing with ``roles`` (a parent to place under,
    an issuer, an owner): those in scope, central bodies only for system administrators —
    whatever is placed under or issued by a central body could be changed by nobody else."""
    organizations = organizations_visible_to(user, roles=roles)
    if user.is_superuser:
        return organizations
    return organizations.filter(unit__isnull=False)


def organization_in_scope(user, organization: Organization, *, roles=READ_ROLES) -> bool:
    if organization.unit_id is None:
        return user.is_superuser or any(grant.role in roles for grant in grants_of(user))
    return covers(user, roles=roles, units=[organization.unit], organizations=[organization])


def _people_condition(user, roles) -> Q:
    orgs = organization_scope_q(user, roles=roles, field="organization") | unit_scope_q(
        user, roles=roles, field="organization__unit"
    )
    return (
        unit_scope_q(user, roles=roles, field="unit")
        | Q(pk__in=Position.objects.filter(orgs).values("person_id"))
        | Q(pk__in=Membership.objects.filter(orgs).values("person_id"))
        | Q(pk__in=ServicePeriod.objects.filter(orgs).values("person_id"))
    )


def people_visible_to(user, *, roles=PEOPLE_READ_ROLES) -> QuerySet:
    """People placed in the user's units, or holding a position, membership or service period at
    an organisation in scope. Reviewers do not see the people register."""
    people = Person.objects.select_related("unit")
    if user.is_superuser:
        return people
    return people.filter(_people_condition(user, roles))


def search_organizations(queryset: QuerySet, text: str) -> QuerySet:
    folded = fold(text)
    if not folded:
        return queryset
    return queryset.filter(Q(name_folded__contains=folded) | Q(short_name__iexact=text.strip()))


def search_people(queryset: QuerySet, text: str) -> QuerySet:
    """People whose name holds every typed word: "hoang dao" finds "Hoàng Thị Đào"."""
    for word in fold(text).split()[:MAX_SEARCH_WORDS]:
        queryset = queryset.filter(name_folded__contains=word)
    return queryset


def ancestors(organization: Organization) -> list[Organization]:
    segments = organization.path.strip(".").split(".")
    paths = [".".join(segments[:end]) + "." for end in range(1, len(segments))]
    return list(Organization.objects.filter(path__in=paths).order_by("path"))


def history(organization: Organization) -> dict:
    """Predecessors (merged into this one) and the successor, for the organisation's page."""
    return {
        "predecessors": list(organization.predecessors.select_related("unit").order_by("name")),
        "successor": organization.successor,
    }


def organization_kind_labels() -> dict[str, str]:
    return dict(OrganizationKind.choices)


def organization_by_text(queryset: QuerySet, text: str) -> Organization | None:
    """The organisation named exactly so (ignoring case and diacritics), else the only one whose
    name contains the text; None when there is no such single organisation."""
    folded = fold(text)
    if not folded:
        return None
    exact = list(queryset.filter(name_folded=folded)[:2])
    if len(exact) == 1:
        return exact[0]
    found = list(search_organizations(queryset, text)[:2])
    return found[0] if len(found) == 1 else None


def all_organizations() -> QuerySet:
    """Every organisation, for the system itself (command line without ``--user``)."""
    return Organization.objects.select_related("unit", "parent")
