from django.core.paginator import Paginator

from danvan.core.views import attach_errors

__all__ = ["attach_errors", "paginate"]


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
