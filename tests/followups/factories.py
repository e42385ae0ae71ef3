"""Follow-ups for tests, made through the services as the application makes them."""

from datetime import date
from itertools import count

from danvan.accounts.models import Grant
from danvan.followups import services
from danvan.territory.models import AdministrativeUnit
from tests.factories.accounts import UserFactory
from tests.factories.organizations import dong_thap, make_organization, tuyen_quang

_numbers = count(1)

__all__ = ["binh_an", "dong_thap", "make_followup", "make_organization", "officer", "tuyen_quang"]


def binh_an() -> AdministrativeUnit:
    """Xã Bình An of tỉnh Tuyên Quang, today's map."""
    return AdministrativeUnit.objects.get(era="current", level="commune", code="02296")


def officer(role: str = "staff", *, unit=None, organization=None, **fields):
    user = UserFactory(**fields)
    Grant.objects.create(user=user, role=role, unit=unit, organization=organization)
    return user


def make_followup(*, owner=None, assignee=None, due=date(2026, 3, 31), acting_user=None, **data):
    """A follow-up owned by a Ban Dân vận of tỉnh Tuyên Quang and assigned to UBND xã Bình An,
    unless told otherwise."""
    owner = owner or make_organization(name=f"Ban Dân vận tỉnh {next(_numbers)}")
    assignee = assignee or make_organization(
        name=f"UBND xã Bình An {next(_numbers)}", unit=binh_an()
    )
    values = {
        "title": "Sửa đường vào thôn Khuổi Củng",
        "due_date": due,
        "owner_organization": owner,
        "assignee_organization": assignee,
        **data,
    }
    return services.create_followup(
        data=values, acting_user=acting_user, source_label="Đối thoại ngày 12/03/2026"
    )
