"""Readers' comments: the rules for sending one and for moderating it.

A comment is pre-moderated: it is saved as pending and shows on the article only once a moderator
of the article's section (or a superuser) approved it. Spam is kept out without any outside
service: a honeypot field, a signed time stamp (a form sent within seconds of being shown is a
robot's), a rate limit and blocks per address (a keyed hash of it, never the address itself), and
an arithmetic question when a comment looks suspicious (links, several comments in a short time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.models import GroupPagePermission

from danvan.core.audit_context import request_client_ip
from danvan.core.services import record_event
from danvan.portal import cache as portal_cache
from danvan.portal.enums import CommentState

MIN_SECONDS = 3  # a person takes longer than this to write a comment
FORM_MAX_AGE = 24 * 3600  # a form older than this is issued again
HOURLY_LIMIT = 5  # comments an address may send in an hour
BURST_WINDOW = 600  # seconds: a second comment within this asks the arithmetic question
LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|net|org|info|biz|ru|cn|xyz|top)\b", re.I)


def address_hash(request) -> str:
    """A keyed hash of the sender's address (the key is the site's secret): enough to count and
    block an address, useless to find it."""
    address = request_client_ip(request) or "unknown"
    return salted_hmac("danvan.portal.address", address, algorithm="sha256").hexdigest()


def is_blocked(hashed: str) -> bool:
    from danvan.portal.models import BlockedAddress

    return BlockedAddress.objects.filter(address_hash=hashed).exists()


def _rate_key(hashed: str) -> str:
    return f"portal:comments:hour:{hashed}"


def _burst_key(hashed: str) -> str:
    return f"portal:comments:burst:{hashed}"


def sent_this_hour(hashed: str) -> int:
    return cache.get(_rate_key(hashed), 0)


def looks_suspicious(hashed: str, body: str) -> bool:
    """Links in the text, or another comment from the same address a few minutes ago."""
    return bool(LINK.search(body)) or bool(cache.get(_burst_key(hashed)))


def _count_sent(hashed: str) -> None:
    if not cache.add(_rate_key(hashed), 1, 3600):
        try:
            cache.incr(_rate_key(hashed))
        except ValueError:
            cache.set(_rate_key(hashed), 1, 3600)
    cache.set(_burst_key(hashed), 1, BURST_WINDOW)


@dataclass
class Sender:
    name: str
    email: str
    body: str
    hashed: str


def submit(*, article, sender: Sender):
    """Save a pending comment (the form checked the time stamp, honeypot, rate and question)."""
    from danvan.portal.models import Comment

    comment = Comment.objects.create(
        article=article,
        name=sender.name.strip(),
        email=sender.email.strip(),
        body=sender.body.strip(),
        address_hash=sender.hashed,
        state=CommentState.PENDING,
    )
    _count_sent(sender.hashed)
    return comment


def open_for_comments(article) -> bool:
    return bool(article.comments_open and article.live)


def commentable_article(article_id: int):
    """The live, public article ``article_id`` whose comments are open, or None."""
    from danvan.portal.models import ArticlePage

    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    return article if article is not None and article.comments_open else None


# ---- moderation ------------------------------------------------------------------------------


def _published_sections_q(user) -> Q:
    """The pages under which ``user`` may publish (their section's "Duyệt tin" group)."""
    paths = GroupPagePermission.objects.filter(
        group__user=user, permission__codename="publish_page"
    ).values_list("page__path", flat=True)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(article__path__startswith=path)
    return condition


def is_moderator(user) -> bool:
    """A superuser, or in the "Duyệt tin" group of some section."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser
        or GroupPagePermission.objects.filter(
            group__user=user, permission__codename="publish_page"
        ).exists()
    )


def moderatable(user):
    """The comments ``user`` may moderate: every one for a superuser; for a section's
    moderators, those on the articles of their sections; none for anybody else."""
    from danvan.portal.models import Comment

    comments = Comment.objects.select_related("article")
    if not user.is_authenticated or not user.is_active:
        return comments.none()
    if user.is_superuser:
        return comments
    return comments.filter(_published_sections_q(user))


def pending(user):
    return moderatable(user).filter(state=CommentState.PENDING).order_by("submitted_at")


def pending_count(user) -> int:
    return pending(user).count()


def can_moderate(user, comment) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or comment.article.permissions_for_user(user).can_publish()


def _decide(user, comment, state: str, action: str) -> None:
    if not can_moderate(user, comment):
        raise PermissionDenied
    was_shown = comment.state == CommentState.APPROVED
    comment.state = state
    comment.moderated_by = user
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["state", "moderated_by", "moderated_at"])
    record_event(
        action=action,
        acting_user=user,
        obj=comment.article,
        changes={"comment": [None, comment.pk], "state": [CommentState.PENDING, state]},
        message=f"{comment.name}: {comment.body[:120]}",
    )
    if was_shown or state == CommentState.APPROVED:
        transaction.on_commit(portal_cache.purge)


@transaction.atomic
def approve(*, user, comment) -> None:
    _decide(user, comment, CommentState.APPROVED, "portal.comment.approved")


@transaction.atomic
def reject(*, user, comment) -> None:
    _decide(user, comment, CommentState.REJECTED, "portal.comment.rejected")


@transaction.atomic
def block_sender(*, user, comment) -> int:
    """Reject the comment and every other pending one from its address, and block the
    address; returns how many comments were rejected."""
    from danvan.portal.models import BlockedAddress

    if not can_moderate(user, comment):
        raise PermissionDenied
    rejected = 0
    if comment.address_hash:
        BlockedAddress.objects.get_or_create(
            address_hash=comment.address_hash,
            defaults={"blocked_by": user, "reason": comment.body[:200]},
        )
        others = moderatable(user).filter(
            address_hash=comment.address_hash, state=CommentState.PENDING
        )
        for other in others.exclude(pk=comment.pk):
            _decide(user, other, CommentState.REJECTED, "portal.comment.rejected")
            rejected += 1
    if comment.state != CommentState.REJECTED:
        _decide(user, comment, CommentState.REJECTED, "portal.comment.rejected")
        rejected += 1
    record_event(
        action="portal.comment.blocked",
        acting_user=user,
        obj=comment.article,
        changes={"comment": [None, comment.pk]},
        message=comment.name,
    )
    return rejected
