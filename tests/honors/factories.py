"""Kinds, people with service periods, proposals and honours for the honours tests, made through
the services as the application makes them.

The world: tỉnh Tuyên Quang (today's map: commune → province, no district) with its Ban Dân vận
and the Ban Dân vận of xã Bình An; the central Ban Dân vận that confers the medal; officers of
each level, and one of tỉnh Đồng Tháp (out of scope)."""

from datetime import date
from itertools import count

from danvan.accounts.enums import Role
from danvan.honors import services
from danvan.honors.enums import HonourForm, HonourLevel, Recipient
from danvan.honors.models import HonourKind
from danvan.honors.services.kinds import CENTRAL_BAN, MEDAL
from danvan.organizations.models import Organization
from danvan.organizations.services import add_person_link
from tests.factories.organizations import dong_thap, make_organization, make_person, tuyen_quang
from tests.initiatives.factories import binh_an, thap_muoi
from tests.permissions import user_with_role

_numbers = count(1)

__all__ = [
    "binh_an",
    "central_ban",
    "dong_thap",
    "make_kind",
    "make_person",
    "medal",
    "person_with_service",
    "thap_muoi",
    "tuyen_quang",
]


def medal() -> HonourKind:
    services.seed_kinds()
    return HonourKind.objects.get(name=MEDAL)


def central_ban() -> Organization:
    medal()
    return Organization.objects.get(name=CENTRAL_BAN)


def province_ban(unit=None) -> Organization:
    unit = unit or tuyen_quang()
    found = Organization.objects.filter(name=f"Ban Dân vận Tỉnh ủy {unit.name}").first()
    return found or make_organization(name=f"Ban Dân vận Tỉnh ủy {unit.name}", unit=unit)


def commune_ban(unit=None) -> Organization:
    unit = unit or binh_an()
    name = f"Ban Dân vận Đảng ủy xã {unit.name}"
    found = Organization.objects.filter(name=name, unit=unit).first()
    return found or make_organization(name=name, unit=unit, parent=province_ban())


def make_kind(**data) -> HonourKind:
    values = {
        "name": f"Bằng khen thử nghiệm {next(_numbers)}",
        "form": HonourForm.MERIT,
        "level": HonourLevel.PROVINCE,
        "conferred_by": province_ban(),
        "recipient": Recipient.PERSON,
        **data,
    }
    return services.create_kind(data=values, acting_user=None)


def person_with_service(
    *periods, full_name=None, unit=None, organization=None, difficult=False, **extra
):
    """A person of ``unit`` (xã Bình An) with service periods ``(start, end)`` at
    ``organization`` (the commune's Ban Dân vận)."""
    person = make_person(full_name=full_name, unit=unit or binh_an(), **extra)
    organization = organization or commune_ban()
    for start, end in periods:
        add_person_link(
            person=person,
            kind="service_period",
            data={
                "organization": organization,
                "start": start,
                "end": end,
                "difficult_area": difficult,
            },
            acting_user=None,
        )
    return person


def officer(role=Role.STAFF, *, unit=None, organization=None, **fields):
    return user_with_role(role, unit=unit, organization=organization, **fields)


def officers() -> dict:
    return {
        "commune": officer(unit=binh_an()),
        "province": officer(unit=tuyen_quang()),
        "central": officer(organization=central_ban()),
        "other": officer(unit=dong_thap()),
    }


AS_OF = date(2026, 6, 1)
