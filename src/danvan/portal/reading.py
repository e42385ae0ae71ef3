"""What the portal's pages show: lists of published articles, related news, search, most read.

Only live, public articles are ever listed (``published_articles``); each list is one query with
what its template reads joined in."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from danvan.portal.articles import search_words, tag_slug

PER_PAGE = 12
RELATED = 6


def published_articles():
    from danvan.portal.models import ArticlePage

    return (
        ArticlePage.objects.live()
        .public()
        .select_related("category", "cover", "source_unit")
        .order_by("-date", "-first_published_at")
    )


def categories():
    from danvan.portal.models import NewsCategory

    return list(NewsCategory.objects.all())


def most_read(*, days: int = 30, limit: int = 5, category=None):
    """The articles read most over the last ``days`` days (counted reads, see ``reads``), of
    one category if given."""
    since = timezone.localdate() - timedelta(days=days)
    articles = published_articles()
    if category is not None:
        articles = articles.filter(category=category)
    return list(
        articles.filter(day_views__day__gte=since)
        .annotate(reads=Sum("day_views__views"))
        .order_by("-reads", "-date")[:limit]
    )


def _page(queryset, request):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("trang") if request else 1)


def home_context(home) -> dict:
    latest = list(published_articles()[:13])
    return {
        "lead_article": latest[0] if latest else None,
        "latest": latest[1:],
        "categories": categories(),
        "most_read": most_read(),
        "home": home,
    }


def section_context(section, request) -> dict:
    articles = published_articles().descendant_of(section)
    return {"page_obj": _page(articles, request), "categories": categories()}


def category_context(home, category, request) -> dict:
    articles = published_articles().filter(category=category)
    return {
        "category": category,
        "page_obj": _page(articles, request),
        "most_read": most_read(category=category),
    }


def tag_context(home, slug, request) -> dict:
    """The articles tagged with the tag whose folded address is ``slug`` (tags differing only
    in accents or case are one)."""
    from danvan.portal.models import ArticleTag

    names = {
        name
        for name in ArticleTag.objects.values_list("tag__name", flat=True).distinct()
        if tag_slug(name) == slug
    }
    articles = published_articles().filter(tags__name__in=names).distinct()
    return {"tag": min(names) if names else "", "page_obj": _page(articles, request)}


def search_context(home, request) -> dict:
    query = (request.GET.get("q") or "").strip()[:200]
    words = search_words(query)
    articles = published_articles()
    for word in words:
        articles = articles.filter(search_folded__contains=word)
    return {
        "query": query,
        "searched": bool(words),
        "page_obj": _page(articles if words else articles.none(), request),
    }


def related_articles(article) -> list:
    """ "Tin cùng chuyên mục": the newest other articles of the same category."""
    return list(
        published_articles()
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)[:RELATED]
    )


def _public_url(name: str, pk: int) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def related_records(article) -> list[dict]:
    """The records the article names, each with its public page where it has one."""
    groups = [
        ("places", article.places.all(), None),
        ("initiatives", article.initiatives.all(), "portal:showcase-initiative"),
        ("activities", article.activities.all(), "portal:public-activity"),
        ("documents", article.documents.all(), "portal:public-document"),
    ]
    from danvan.portal.showcase import showcased_ids

    found = []
    for key, queryset, url_name in groups:
        objects = list(queryset)
        if key == "initiatives":  # only the recognised ones not withheld have a public page
            shown = showcased_ids(obj.pk for obj in objects)
            objects = [obj for obj in objects if obj.pk in shown]
        items = [
            {"label": str(obj), "url": _public_url(url_name, obj.pk) if url_name else None}
            for obj in objects
        ]
        if items:
            found.append({"key": key, "items": items})
    return found


def article_context(article, request) -> dict:
    from danvan.portal.enums import CommentState

    comments = list(
        article.comments.filter(state=CommentState.APPROVED).only("name", "body", "submitted_at")
    )
    return {
        "related": related_articles(article),
        "related_records": related_records(article),
        "comments": comments,
        "comment_count": len(comments),
        "tags": [{"name": tag.name, "slug": tag_slug(tag.name)} for tag in article.tags.all()],
    }
