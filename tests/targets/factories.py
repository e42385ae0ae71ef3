"""Programmes, targets and inspections for tests, made through the services as the application
makes them.

``make_programme()`` is a programme of the Ban Dân vận of tỉnh Tuyên Quang over 2021–2025;
``make_target(programme)`` a reported target "Mô hình Dân vận khéo" of 100 models by 2025."""

from datetime import date
from decimal import Decimal
from itertools import count

from danvan.organizations.enums import OrganizationKind
from danvan.targets import services
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import dong_thap, make_organization, tuyen_quang

_numbers = count(1)

__all__ = ["dong_thap", "make_programme", "make_target", "tuyen_quang"]


def commune_of(province, n: int = 0) -> AdministrativeUnit:
    return AdministrativeUnit.objects.filter(
        era="current", level="commune", path__startswith=province.path
    ).order_by("path")[n]


def make_programme(*, owner=None, unit=None, acting_user=None, **data):
    unit = unit or tuyen_quang()
    owner = owner or make_organization(
        name=f"Ban Dân vận thử {next(_numbers)}", kind=OrganizationKind.DAN_VAN, unit=unit
    )
    fields = {
        "name": "Nghị quyết về công tác dân vận giai đoạn 2021–2025",
        "owner": owner,
        "unit": unit,
        "starts_on": date(2021, 1, 1),
        "ends_on": date(2025, 12, 31),
        **data,
    }
    return services.create_programme(data=fields, acting_user=acting_user)


def make_target(programme, *, milestones=(), unit=None, acting_user=None, **data):
    fields = {
        "number": "1",
        "name": "Mô hình “Dân vận khéo” được xây dựng",
        "unit_of_measure": "mô hình",
        "target_value": Decimal(100),
        "deadline": date(2025, 12, 31),
        **data,
    }
    return services.create_target(
        programme=programme,
        data=fields,
        milestones=milestones,
        unit=unit,
        acting_user=acting_user,
    )


def make_inspection(*, organization=None, programme=None, unit=None, acting_user=None, **data):
    unit = unit or tuyen_quang()
    fields = {
        "kind": "survey",
        "title": "Khảo sát một năm thực hiện nghị quyết",
        "organization": organization
        or make_organization(name=f"Ban Dân vận khảo sát {next(_numbers)}", unit=unit),
        "programme": programme,
        "unit": unit,
        "starts_on": date(2022, 8, 19),
        "ends_on": date(2022, 8, 19),
        **data,
    }
    return services.create_inspection(data=fields, acting_user=acting_user)
