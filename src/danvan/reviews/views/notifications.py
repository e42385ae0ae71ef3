"""The user's notifications (assignments, reminders, decisions), and the initiative page's
panel of recognitions."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from danvan.reviews import queries, services
from danvan.reviews.models import Notification


def notification_list(request: HttpRequest) -> HttpResponse:
    notices = Notification.objects.filter(user=request.user)[:100]
    return render(request, "reviews/notification_list.html", {"notices": notices})


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.mark_notifications_read(user=request.user)
    return redirect("reviews:notification-list")


def initiative_panel(request: HttpRequest, initiative) -> dict | None:
    """The recognitions of an initiative, on its page (the page found it through its own
    selector, so its recognitions are visible too)."""
    recognitions = list(queries.recognitions_of(initiative))
    can_add = request.user.has_perm("reviews.add_recognition", initiative)
    if not recognitions and not can_add:
        return None
    return {"initiative": initiative, "recognitions": recognitions, "can_add": can_add}
