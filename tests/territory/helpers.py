from danvan.territory.enums import Era, Level
from danvan.territory.models import AdministrativeUnit


def unit(era: str, level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(era=era, level=level, code=code)


def legacy_commune(code: str) -> AdministrativeUnit:
    return unit(Era.LEGACY, Level.COMMUNE, code)


def current_commune(code: str) -> AdministrativeUnit:
    return unit(Era.CURRENT, Level.COMMUNE, code)
