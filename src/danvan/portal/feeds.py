"""RSS 2.0 and Atom feeds, of all the news or of one category."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed

from danvan.portal.reading import published_articles

ITEMS = 30


class CategoryRss(Feed):
    def __init__(self, home):
        super().__init__()
        self.home = home

    def get_object(self, request, slug=""):
        from danvan.portal.models import NewsCategory

        self.request = request
        if not slug:
            return None
        category = NewsCategory.objects.filter(slug=slug).first()
        if category is None:
            raise Http404
        return category

    def title(self, category):
        from django.conf import settings

        return (
            f"{category.name} — {settings.WAGTAIL_SITE_NAME}"
            if category
            else settings.WAGTAIL_SITE_NAME
        )

    def link(self, category):
        if category:
            return self.home.url + self.home.reverse_subpage("category", args=[category.slug])
        return self.home.url

    def description(self, category):
        return (category.description if category else self.home.intro) or self.title(category)

    def items(self, category):
        articles = published_articles()
        if category:
            articles = articles.filter(category=category)
        return articles[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.category.name]


class CategoryAtom(CategoryRss):
    feed_type = Atom1Feed
    subtitle = CategoryRss.description
