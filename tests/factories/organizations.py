from danvan.organizations import services
from danvan.organizations.enums import OrganizationKind
from danvan.territory.models import AdministrativeUnit


def unit(code: str, *, era: str = "current", level: str = "province") -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(era=era, level=level, code=code)


def tuyen_quang() -> AdministrativeUnit:
    return unit("08")


def dong_thap() -> AdministrativeUnit:
    return unit("82")


_counter = iter(range(1, 10**9))


_DEFAULT = object()


def make_organization(
    *,
    name: str | None = None,
    kind: str = OrganizationKind.DAN_VAN,
    unit=_DEFAULT,
    parent=None,
    **extra,
):
    """An organisation created through the service, as the application would."""
    data = {
        "name": name or f"Tổ chức thử nghiệm {next(_counter)}",
        "kind": kind,
        # No unit given: the parent's, else tỉnh Tuyên Quang; ``unit=None``: a central body.
        "unit": (parent.unit if parent else tuyen_quang()) if unit is _DEFAULT else unit,
        "parent": parent,
        **extra,
    }
    return services.create_organization(data=data, acting_user=None)


def make_person(*, full_name: str | None = None, unit=None, **extra):
    data = {
        "full_name": full_name or f"Nguyễn Thị Thử {next(_counter)}",
        "unit": unit or tuyen_quang(),
        **extra,
    }
    return services.create_person(data=data, acting_user=None)
