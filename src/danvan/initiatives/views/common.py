from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from danvan.core.formatting import format_money, format_number
from danvan.initiatives import queries
from danvan.initiatives.models import Initiative

PAGE_SIZE = 50


def visible_initiative(request: HttpRequest, pk: int) -> Initiative:
    """One initiative through the selector: out of scope, it does not exist (404)."""
    initiatives = queries.initiatives_visible_to(request.user).select_related(
        "place",
        "place_today",
        "hamlet",
        "owner_organization",
        "owner_person",
        "replicated_from",
        "created_by",
    )
    return get_object_or_404(initiatives, pk=pk)


def editable_initiative(request: HttpRequest, pk: int) -> Initiative:
    """Visible (else 404) and changeable by the user (else 403)."""
    initiative = visible_initiative(request, pk)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        raise PermissionDenied
    return initiative


def quantity_text(quantity_type, value) -> str:
    """'97.000.000 đ', '1.250 m', '2,50 ha' — money without decimals, others as needed."""
    if value is None:
        return ""
    if quantity_type.is_money:
        return format_money(value)
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{format_number(value, decimals)} {quantity_type.unit}"
