"""What the public showcase reads: the recognised models and exemplars, and the public pages of
the activities and documents articles cite.

Only what is safe to publish leaves this module. An initiative is shown when a recognition
decision recognised it (công nhận or tiêu biểu, ``reviews.enums.LEVELLED_OUTCOMES``), it is not a
draft or withdrawn, and its owner unit has not withheld it (``Initiative.showcase_withheld``).
Its page shows its name, kind, place (the commune and province of today), fields of work, year,
content and results, the organisation carrying it out and its recognitions; of people, only an
exemplar's own name and position. An activity is public once a published article cites it
(title, date, places, organisations, head-count totals, people reached: never names of people);
a document once an article cites it or it is marked public (its file only when marked public)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404

from danvan.core.forms import parse_id, parse_int
from danvan.initiatives.enums import Kind, Status, Subject
from danvan.initiatives.models import Field, Initiative
from danvan.reviews.enums import LEVELLED_OUTCOMES
from danvan.reviews.models import Recognition
from danvan.territory.enums import Era
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import provinces

SHOWN_STATUSES = (Status.REGISTERED, Status.ACTIVE, Status.SUSPENDED, Status.ENDED)
PER_PAGE = 24


def _recognitions():
    return Recognition.objects.filter(outcome__in=LEVELLED_OUTCOMES)


def showcased_initiatives() -> QuerySet:
    """The initiatives the public may see: recognised, registered, not withheld."""
    return Initiative.objects.filter(
        status__in=SHOWN_STATUSES,
        showcase_withheld=False,
        pk__in=_recognitions().values("initiative_id"),
    )


def showcased_ids(ids) -> set[int]:
    """Which of these initiatives have a public page (one query)."""
    return set(showcased_initiatives().filter(pk__in=list(ids)).values_list("pk", flat=True))


@dataclass(frozen=True)
class ShowcaseFilters:
    province: AdministrativeUnit | None = None
    field: Field | None = None
    year: int | None = None

    def query(self) -> dict:
        """The filters as the list's address writes them (``?tinh=…&linh-vuc=…&nam=…``)."""
        found = {}
        if self.province:
            found["tinh"] = self.province.pk
        if self.field:
            found["linh-vuc"] = self.field.pk
        if self.year:
            found["nam"] = self.year
        return found


def today_provinces() -> list[AdministrativeUnit]:
    return list(provinces(era=Era.CURRENT))


def parse_filters(params) -> ShowcaseFilters:
    """The visitor's filters; anything unknown or malformed is simply not applied."""
    province = field = None
    if (pk := parse_id(params.get("tinh"))) is not None:
        province = provinces(era=Era.CURRENT).filter(pk=pk).first()
    if (pk := parse_id(params.get("linh-vuc"))) is not None:
        field = Field.objects.filter(pk=pk).first()
    year = parse_int(params.get("nam"))
    if year is not None and not 1990 <= year <= 2100:
        year = None
    return ShowcaseFilters(province=province, field=field, year=year)


def filtered(filters: ShowcaseFilters) -> QuerySet:
    initiatives = showcased_initiatives()
    if filters.province is not None:
        initiatives = initiatives.filter(place_province=filters.province.path)
    if filters.field is not None:
        initiatives = initiatives.filter(fields=filters.field)
    if filters.year is not None:
        initiatives = initiatives.filter(year=filters.year)
    return initiatives.select_related("place", "owner_organization").prefetch_related(
        Prefetch("fields", queryset=Field.objects.only("name"))
    )


def years() -> list[int]:
    return sorted(
        set(showcased_initiatives().values_list("year", flat=True).distinct()), reverse=True
    )


def fields_of_work() -> list[Field]:
    return list(Field.objects.filter(active=True))


def province_of(initiative: Initiative) -> AdministrativeUnit | None:
    if not initiative.place_province:
        return None
    return AdministrativeUnit.objects.filter(path=initiative.place_province).first()


def place_today(initiative: Initiative) -> AdministrativeUnit | None:
    """The unit of today the model counts for (the override, else its place's rollup)."""
    if initiative.place_today_id:
        return initiative.place_today
    if initiative.place is None:
        return None
    if initiative.place.era == Era.CURRENT:
        return initiative.place
    return AdministrativeUnit.objects.filter(path=initiative.place.today_path).first()


def exemplar_person(initiative: Initiative) -> dict | None:
    """An exemplar's own name and current position — nothing else about the person."""
    person = initiative.owner_person
    if initiative.kind != Kind.EXEMPLAR or initiative.subject != Subject.INDIVIDUAL:
        return None
    if person is None:
        return None
    position = person.positions.filter(end__isnull=True).select_related("organization").first()
    return {
        "name": person.full_name,
        "position": f"{position.title}, {position.organization.name}" if position else "",
    }


def initiative_page(pk: int) -> dict:
    initiative = (
        showcased_initiatives()
        .select_related("place", "place_today", "owner_organization", "owner_person")
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404
    recognitions = list(
        _recognitions()
        .filter(initiative=initiative)
        .select_related("decision", "decision__issuer")
        .order_by("-decided_on")
    )
    today = place_today(initiative)
    return {
        "initiative": initiative,
        "fields": [field.name for field in initiative.fields.all()],
        "place_today": today,
        "province": province_of(initiative),
        "place_changed": today is not None and today.pk != initiative.place_id,
        "person": exemplar_person(initiative),
        "recognitions": recognitions,
    }


# ---- activities and documents that articles cite -----------------------------------------------


def _cited(relation: str) -> QuerySet:
    """The ids of records the live, public articles cite through ``relation``."""
    from danvan.portal.models import ArticlePage

    return ArticlePage.objects.live().public().values(relation)


def public_activity(pk: int) -> dict:
    from danvan.activities.enums import Role
    from danvan.activities.models import Activity, Headcount
    from danvan.activities.queries import place_label

    activity = (
        Activity.objects.filter(pk=pk, pk__in=_cited("activities"))
        .select_related("place", "kind", "campaign")
        .first()
    )
    if activity is None:
        raise Http404
    links = list(activity.organizations.select_related("organization").order_by("role", "id"))
    by_category = (
        Headcount.objects.filter(activity=activity)
        .values("category__name", "category__order")
        .annotate(total=Sum("count"))
        .order_by("category__order", "category__name")
    )
    counts = [(row["category__name"], row["total"]) for row in by_category]
    return {
        "activity": activity,
        "place_label": place_label(activity.place),
        "places": [link.unit for link in activity.places.select_related("unit")],
        "organisers": [link.organization for link in links if link.role == Role.ORGANISER],
        "participants": [link.organization for link in links if link.role == Role.PARTICIPANT],
        "counts": counts,
        "participants_total": sum(total for _name, total in counts),
        "works": list(activity.works.select_related("kind")),
        "documents": list(_public_documents().filter(pk__in=activity.documents.values("pk"))),
    }


def _public_documents() -> QuerySet:
    from danvan.documents.models import Document

    return Document.objects.filter(Q(public=True) | Q(pk__in=_cited("documents"))).select_related(
        "issuer"
    )


def public_document(pk: int):
    document = _public_documents().filter(pk=pk).first()
    if document is None:
        raise Http404
    return document
