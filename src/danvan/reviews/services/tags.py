"""Tags on the models of a round: the round's managers label models to find and decide on them
together (pretalx has them on submissions)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.permissions import ensure
from danvan.core.services import record_event
from danvan.reviews.models import ReviewRound, RoundEntry, RoundTag

TAG_LENGTH = 60


@transaction.atomic
def tag_initiatives(
    *, review_round: ReviewRound, initiatives, name: str, remove: bool = False, acting_user
) -> int:
    """Give ``initiatives`` of the round the tag ``name`` (created on first use), or take it
    from them with ``remove`` (a tag left on no model goes). The round's managers, each model
    in their managing scope (else ``OutOfScope``). Returns how many models changed."""
    ensure(acting_user, "reviews.change_reviewround", review_round)
    initiatives = list(initiatives)
    for initiative in initiatives:
        ensure(
            acting_user,
            "reviews.change_roundentry",
            RoundEntry(round=review_round, initiative=initiative),
        )
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"tag": _("Enter the tag.")})
    if len(name) > TAG_LENGTH:
        raise ValidationError(
            {"tag": _("A tag has at most %(count)s characters.") % {"count": TAG_LENGTH}}
        )
    if not initiatives:
        raise ValidationError(_("Tick the models or exemplars to tag."))
    entries = list(
        RoundEntry.objects.filter(round=review_round, initiative__in=initiatives, excluded=False)
    )
    if remove:
        tag = RoundTag.objects.filter(round=review_round, name=name).first()
        if tag is None:
            return 0
        had = set(tag.entries.filter(pk__in=[e.pk for e in entries]).values_list("pk", flat=True))
        tag.entries.remove(*entries)
        if not tag.entries.exists():
            tag.delete()
        changed = len(had)
    else:
        tag, _created = RoundTag.objects.get_or_create(round=review_round, name=name)
        had = set(tag.entries.values_list("pk", flat=True))
        tag.entries.add(*entries)
        changed = len([e for e in entries if e.pk not in had])
    if changed:
        record_event(
            action="reviews.round.untagged" if remove else "reviews.round.tagged",
            acting_user=acting_user,
            obj=review_round,
            message=_("“%(tag)s”: %(count)s models or exemplars") % {"tag": name, "count": changed},
        )
    return changed
