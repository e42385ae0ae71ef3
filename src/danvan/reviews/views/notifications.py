"""The user's notifications (assignments, reminders, decisions), and the initiative page's
panel of recognitions."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from danvan.reviews import queries, services
from danvan.reviews.enums import SCORING_STATES
from danvan.reviews.models import Notification
from danvan.reviews.services.notifications import SCORING_NOTICES


def notification_list(request: HttpRequest) -> HttpResponse:
    notices = list(Notification.objects.filter(user=request.user).select_related("round")[:100])
    for notice in notices:
        # An assignment or reminder of a round whose scoring is over no longer asks to score.
        notice.scoring_over = (
            notice.kind in SCORING_NOTICES
            and notice.round is not None
            and notice.round.state not in SCORING_STATES
        )
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
