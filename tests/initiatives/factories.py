"""Initiatives for tests, made through the services as the application makes them.

Call ``seed()`` first (the catalogues are not in the test database); then
``make_initiative(name="Dân vận khéo ở xã Bình An")`` registers a model at xã Bình An of tỉnh
Tuyên Quang in 2023 (code 08-2023-00001 for the first one of a test).
"""

from itertools import count

from danvan.initiatives.enums import Kind, Status, Subject
from danvan.initiatives.models import Field, QuantityType
from danvan.initiatives.services import register_initiative, seed_catalogues, transition
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import dong_thap, make_organization, tuyen_quang

_numbers = count(1)

__all__ = [
    "binh_an",
    "dong_thap",
    "field",
    "make_initiative",
    "make_organization",
    "quantity_type",
    "seed",
    "thap_muoi",
    "tuyen_quang",
]


def seed() -> None:
    """The fields of work and kinds of result (idempotent)."""
    seed_catalogues()


def binh_an() -> AdministrativeUnit:
    """Xã Bình An of tỉnh Tuyên Quang, today's map (code 02296)."""
    return AdministrativeUnit.objects.get(era="current", level="commune", code="02296")


def thap_muoi() -> AdministrativeUnit:
    """A commune of tỉnh Đồng Tháp, today's map: out of a Tuyên Quang scope."""
    return (
        AdministrativeUnit.objects.filter(era="current", level="commune", path__startswith="C.82.")
        .order_by("path")
        .first()
    )


def field(name: str) -> Field:
    return Field.objects.get(name=name)


def quantity_type(code: str) -> QuantityType:
    return QuantityType.objects.get(code=code)


def make_initiative(
    *,
    name: str | None = None,
    place=None,
    owner_organization=None,
    year: int = 2023,
    fields=None,
    status: str = Status.REGISTERED,
    acting_user=None,
    **extra,
):
    """A collective model registered in ``year`` at ``place`` (xã Bình An unless told), carried
    out by ``owner_organization`` (a new organisation of the place's province unless told).
    ``status`` beyond registered is reached through the transitions."""
    place = place or binh_an()
    if owner_organization is None:
        today_path = place.today_path or place.path  # "C.08.02296.": tỉnh Tuyên Quang
        province = AdministrativeUnit.objects.get(
            era="current", level="province", code=today_path.split(".")[1]
        )
        owner_organization = make_organization(
            name=f"Ban Dân vận thử nghiệm {next(_numbers)}", unit=province
        )
    data = {
        "name": name or f"Mô hình dân vận khéo thử nghiệm {next(_numbers)}",
        "kind": Kind.MODEL,
        "subject": Subject.COLLECTIVE,
        "owner_organization": owner_organization,
        "place": place,
        "year": year,
        **extra,
    }
    initial = status if status in {Status.DRAFT, Status.REGISTERED} else Status.REGISTERED
    initiative = register_initiative(
        data=data, fields=fields, status=initial, acting_user=acting_user
    )
    path = {
        Status.ACTIVE: [Status.ACTIVE],
        Status.SUSPENDED: [Status.ACTIVE, Status.SUSPENDED],
        Status.ENDED: [Status.ACTIVE, Status.ENDED],
        Status.WITHDRAWN: [Status.WITHDRAWN],
    }.get(status, [])
    for step in path:
        initiative = transition(
            initiative=initiative, to_status=step, reason="Thử nghiệm", acting_user=acting_user
        )
    return initiative
