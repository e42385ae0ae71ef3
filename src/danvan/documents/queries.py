"""Selectors: the only way to list documents. A document is visible when its issuer is, so what
is out of scope does not exist."""

from django.db.models import Q, QuerySet

from danvan.accounts.enums import READ_ROLES
from danvan.core.folding import fold
from danvan.documents.models import Document, number_key
from danvan.organizations.models import Organization
from danvan.organizations.queries import organizations_visible_to

MAX_SEARCH_WORDS = 8


def documents_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    """Documents whose issuer is in the user's scope, by the organisations' own rule
    (``organizations_visible_to``): unit grants through the issuer's unit, organisation grants
    through the issuer's subtree, central bodies for every user who holds a grant."""
    documents = Document.objects.select_related("issuer", "issuer__unit")
    if user.is_superuser:
        return documents
    issuers = organizations_visible_to(user, roles=roles).values("pk")
    return documents.filter(issuer__in=issuers)


def search_documents(queryset: QuerySet, text: str | None) -> QuerySet:
    """Documents whose number, title or summary hold every word of ``text``, with or without
    diacritics ("ke hoach dan van"), or whose number is ``text`` in any case and spacing."""
    folded = fold(text)
    if not folded:
        return queryset
    words = Q()
    for word in folded.split()[:MAX_SEARCH_WORDS]:
        words &= Q(search_folded__contains=word)
    return queryset.filter(words | Q(number_key=number_key(text)))


def filter_documents(
    queryset: QuerySet,
    *,
    kind: str | None = None,
    year: int | None = None,
    issuer: Organization | None = None,
) -> QuerySet:
    """Narrow a list: one kind, one year of issue, documents of an organisation and the
    organisations under it."""
    if kind:
        queryset = queryset.filter(kind=kind)
    if year:
        queryset = queryset.filter(issued_on__year=year)  # a BETWEEN on the indexed date
    if issuer is not None:
        queryset = queryset.filter(issuer__path__startswith=issuer.path)
    return queryset


def document_years(queryset: QuerySet) -> list[int]:
    """The years in which the documents of ``queryset`` were issued, newest first (one query)."""
    return [day.year for day in queryset.order_by().dates("issued_on", "year", order="DESC")]


def documents_issued_by(organization: Organization) -> QuerySet:
    """Documents the organisation itself issued, newest first. The caller has already found the
    organisation through ``organizations_visible_to``: its documents are visible too."""
    return Document.objects.filter(issuer=organization).select_related("issuer", "issuer__unit")
