"""What the honours pages share: the services' errors on the form, paging."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 50


def add_form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def paginate(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))
