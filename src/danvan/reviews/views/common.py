"""What the review pages share: fetching through the selectors (out of scope: 404), and the
services' own refusals (``core.permissions.OutOfScope``) answered with the same 404."""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from danvan.core.forms import MAX_VERSION, parse_id, parse_int
from danvan.core.permissions import OutOfScope
from danvan.reviews import queries
from danvan.reviews.models import Assignment, ReviewRound


def visible_round(request: HttpRequest, pk: int) -> ReviewRound:
    return get_object_or_404(queries.review_rounds_visible_to(request.user), pk=pk)


def managed_round(request: HttpRequest, pk: int) -> ReviewRound:
    """Visible (else 404) and run by the user (else 403)."""
    review_round = visible_round(request, pk)
    if not request.user.has_perm("reviews.change_reviewround", review_round):
        raise PermissionDenied
    return review_round


def own_assignment(request: HttpRequest, pk: int) -> Assignment:
    """One of the user's own assignments; anyone else's does not exist (404)."""
    return get_object_or_404(queries.assignments_for(request.user), pk=pk)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def add_form_errors(form, error: ValidationError) -> None:
    """Put a service's errors on the form's fields (or on the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def out_of_scope_404(view):
    """A service found the object out of the user's scope: the page answers 404, as if it did
    not exist — never a success message (the project's middleware does the same for every
    page; this keeps the review pages right on their own)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OutOfScope as error:
            raise Http404 from error

    return wrapper


def posted_ids(values) -> list[int]:
    """The ids among ``values`` (ticked boxes): anything else is ignored, never a 500."""
    return [number for value in values if (number := parse_id(value))]


def posted_int(value) -> int:
    """A hidden version field as posted; 0 (nothing seen) when missing or garbled."""
    return parse_int(value, maximum=MAX_VERSION) or 0
