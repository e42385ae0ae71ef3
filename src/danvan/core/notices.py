"""Notices any app sends to users: in the application (``Notice``, listed on
``/thong-bao-cong-viec/`` with the unread count in the page header) and by e-mail after the
commit when the user has an address. The caller says who is told and words it in Vietnamese."""

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.models import Notice


def notify(users: Iterable, *, text: str, url: str = "", topic: str = "", email: str = "") -> int:
    """A notice to each active user of ``users`` (once each); the same by e-mail to those with
    an address (``email`` is the body, the link appended; the notice is its subject).
    Returns how many were told."""
    text = " ".join(text.split())[:500]
    seen, notices, addresses = set(), [], []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notices.append(Notice(user=user, topic=topic[:60], text=text, url=url[:300]))
        if user.email:
            addresses.append(user.email)
    Notice.objects.bulk_create(notices)
    if addresses:
        body = email or text
        if url:
            body += "\n\n" + _("See: %(url)s") % {"url": url}
        for address in addresses:
            transaction.on_commit(
                lambda address=address: send_mail(
                    subject=f"danvan: {text}"[:200],
                    message=body,
                    from_email=None,
                    recipient_list=[address],
                )
            )
    return len(notices)


def notices_of(user) -> QuerySet:
    """The user's own notices, newest first (nobody reads another's)."""
    return Notice.objects.filter(user=user)


def unread_notices(user) -> QuerySet:
    if not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(user=user, read_at__isnull=True)


@transaction.atomic
def mark_notices_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notices read (all of them without ``ids``)."""
    notices = Notice.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=list(ids))
    return notices.update(read_at=timezone.now())
