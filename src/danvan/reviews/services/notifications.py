"""Notifications: in the application and by e-mail (after the commit), in Vietnamese."""

from collections import Counter
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant, User
from danvan.core.services import record_event
from danvan.reviews.enums import (
    NotificationKind,
    RoundState,
)
from danvan.reviews.models import (
    Assignment,
    Notification,
    Recognition,
    ReviewRound,
)


def notify(
    *, user: User, kind: str, text: str, url: str = "", email: str = "", review_round=None
) -> Notification:
    """An in-app notice, and the same by e-mail (after the commit) when the user has an address
    (``email`` is the body; the notice is its subject); ``review_round``: the round it is about."""
    notification = Notification.objects.create(
        user=user, kind=kind, text=text[:500], url=url, round=review_round
    )
    if email and user.email:
        address = user.email
        transaction.on_commit(
            lambda: send_mail(
                subject=f"danvan: {text}"[:200],
                message=email,
                from_email=None,
                recipient_list=[address],
            )
        )
    return notification


def notify_assigned(*, reviewer: User, review_round: ReviewRound, count: int) -> None:
    with override("vi"):
        context = {"user": reviewer, "round": review_round, "count": count}
        text = _("%(count)s models to score in “%(round)s”") % {
            "count": count,
            "round": review_round,
        }
        notify(
            user=reviewer,
            kind=NotificationKind.ASSIGNED,
            review_round=review_round,
            text=text,
            url=reverse("reviews:queue"),
            email=render_to_string("reviews/email/assigned.txt", context),
        )


def notify_decision(recognition: Recognition) -> None:
    """The decision, to the users of the organisation carrying the model out."""
    organization = recognition.initiative.owner_organization
    if organization is None:
        return
    users = User.objects.filter(
        is_active=True,
        pk__in=Grant.objects.filter(
            organization=organization, role__in=[Role.UNIT_EDITOR, Role.STAFF, Role.ADMIN]
        ).values("user_id"),
    )
    with override("vi"):
        text = _("%(initiative)s: %(outcome)s") % {
            "initiative": recognition.initiative.name[:200],
            "outcome": recognition,
        }
        for user in users:
            context = {"user": user, "recognition": recognition}
            notify(
                user=user,
                kind=NotificationKind.DECISION,
                text=text,
                url=reverse("initiatives:initiative-detail", args=[recognition.initiative_id]),
                email=render_to_string("reviews/email/decision.txt", context),
            )


REMINDER_DAYS = 3


@transaction.atomic
def send_reminders(*, today: date, days_before: int = REMINDER_DAYS) -> int:
    """Remind the reviewers who still have models to score, ``days_before`` days before the
    deadline of an open round (once per round). Returns how many reviewers were reminded."""
    reminded = 0
    rounds = ReviewRound.objects.filter(
        state=RoundState.OPEN,
        reminder_sent_on__isnull=True,
        deadline__lte=today + timedelta(days=days_before),
        deadline__gte=today,
    )
    for review_round in rounds:
        left = Counter(
            Assignment.objects.filter(round=review_round)
            .exclude(review__submitted_at__isnull=False)
            .values_list("reviewer_id", flat=True)
        )
        with override("vi"):
            for reviewer in User.objects.filter(pk__in=left, is_active=True):
                context = {"user": reviewer, "round": review_round, "count": left[reviewer.pk]}
                notify(
                    user=reviewer,
                    kind=NotificationKind.REMINDER,
                    review_round=review_round,
                    text=_("%(count)s models still to score in “%(round)s” before %(deadline)s")
                    % {
                        "count": left[reviewer.pk],
                        "round": review_round,
                        "deadline": review_round.deadline.strftime("%d/%m/%Y"),
                    },
                    url=reverse("reviews:queue"),
                    email=render_to_string("reviews/email/reminder.txt", context),
                )
                reminded += 1
        review_round.reminder_sent_on = today
        review_round.save(update_fields=["reminder_sent_on"])
        record_event(
            action="reviews.round.reminded",
            obj=review_round,
            message=_("%(count)s reviewers reminded") % {"count": len(left)},
        )
    return reminded


SCORING_NOTICES = (NotificationKind.ASSIGNED, NotificationKind.REMINDER)


def end_scoring_notices(review_round: ReviewRound) -> int:
    """The round's scoring is over (closed or decided): its unread "to score" notices are
    read — nothing is left to score (the list then says the scoring is over)."""
    return Notification.objects.filter(
        round=review_round, kind__in=SCORING_NOTICES, read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_notifications_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
