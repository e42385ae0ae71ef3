"""From the work to the news: an officer who writes for a portal section drafts an article from
a record they can see (an activity, a campaign, a review round, a report). The draft is a page
in their section, not published (the section's workflow takes it from there), with its related
records filled and ``drafted_from`` naming the record; drafting is audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from wagtail.rich_text import RichText

from danvan.core.folding import fold
from danvan.core.services import record_event
from danvan.portal import editors
from danvan.portal.draft_texts import Draft


def _slug(section, title: str) -> str:
    base = slugify(fold(title))[:70].strip("-") or "tin-bai"
    taken = set(section.get_children().values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _body(paragraphs: list[str]) -> list:
    from django.utils.html import escape, linebreaks

    return [
        (
            "paragraph",
            RichText(linebreaks(escape(text)) if "\n" in text else f"<p>{escape(text)}</p>"),
        )
        for text in paragraphs
    ]


@transaction.atomic
def draft_article(*, section, draft: Draft, acting_user):
    """An unpublished ``ArticlePage`` in ``section`` from ``draft``, saved as a revision by
    ``acting_user``. The user must be able to write in the section (else ``PermissionDenied``);
    the caller found the record through its app's selector."""
    from danvan.portal.models import ArticlePage, NewsCategory

    if not editors.editable_sections(acting_user).filter(pk=section.pk).exists():
        raise PermissionDenied
    category = (
        NewsCategory.objects.filter(slug=draft.category).first() or NewsCategory.objects.first()
    )
    article = ArticlePage(
        title=draft.title,
        slug=_slug(section, draft.title),
        lead=draft.lead,
        body=_body(draft.paragraphs),
        category=category,
        source_unit=draft.source_unit,
        drafted_from=draft.key,
        live=False,
        owner=acting_user,
    )
    if draft.date is not None:
        article.date = draft.date
    article.places = [unit for unit in draft.places if unit is not None]
    article.activities = list(draft.activities)
    article.documents = list(draft.documents)
    article.initiatives = list(draft.initiatives)
    section.add_child(instance=article)
    article.save_revision(user=acting_user, log_action=True)
    record_event(
        action="portal.article.drafted",
        acting_user=acting_user,
        obj=article,
        message=draft.key,
        changes={"drafted_from": ["", draft.key], "section": ["", section.title]},
    )
    return article
