from django.core.exceptions import ValidationError
from django.core.paginator import Paginator


def attach_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form, next to the field it names when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
