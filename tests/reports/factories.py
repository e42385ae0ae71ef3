"""Initiatives for report tests, written in bulk (hundreds per test): the report reads the
database, it does not care how rows got there. Codes are unique per test run."""

from datetime import date
from itertools import count

from danvan.core.folding import fold
from danvan.initiatives.models import Field, Initiative
from danvan.initiatives.services import place_copies
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import resolve_place

_codes = count(1)


def unit(text: str, as_of: date | None = None) -> AdministrativeUnit:
    found = resolve_place(text, as_of=as_of)
    assert found.unit is not None, (text, found.reason, found.candidates)
    return found.unit


def communes(parent: AdministrativeUnit) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(path__startswith=parent.path, level="commune").order_by(
            "path"
        )
    )


def add(
    places,
    number: int,
    *,
    year: int,
    start: date | None = None,
    subject: str = "collective",
    kind: str = "model",
    status: str = "registered",
    minority: bool = False,
    fields: list[Field] | None = None,
    owner=None,
    **extra,
) -> list[Initiative]:
    """``number`` initiatives spread over ``places`` in turn."""
    places = places if isinstance(places, list) else [places]
    items = []
    for index in range(number):
        name = f"Mô hình báo cáo {next(_codes)}"
        items.append(
            Initiative(
                code=f"R-{year}-{next(_codes):07d}",
                name=name,
                name_folded=fold(name),
                kind=kind,
                subject=subject,
                place=places[index % len(places)],
                **place_copies(places[index % len(places)]),
                year=year,
                start_date=start,
                status=status,
                ethnic_minority_area=minority,
                owner_organization=owner,
                **extra,
            )
        )
    created = Initiative.objects.bulk_create(items)
    if fields:
        through = Initiative.fields.through
        through.objects.bulk_create(
            [through(initiative_id=i.pk, field_id=f.pk) for i in created for f in fields]
        )
    return created


def recognise(initiative, *, on: date, outcome: str = "recognised", level: str = "district"):
    """A recognition decided on ``on`` (a decision document of a test organisation)."""
    from danvan.reviews.models import Recognition
    from tests.documents.factories import make_document
    from tests.factories.organizations import make_organization

    issuer = make_organization(name=f"Ban Chỉ đạo thử {next(_codes)}")
    decision = make_document(issuer=issuer, kind="quyet_dinh", issued_on=on, title="Quyết định")
    return Recognition.objects.create(
        initiative=initiative, outcome=outcome, level=level, decision=decision, decided_on=on
    )
