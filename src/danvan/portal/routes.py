"""The home page's own addresses: a category's list and feeds, tags, search.

A mixin of ``PortalHomePage`` (Wagtail's routable pages): these pages belong to the portal's tree,
so they are cached, searched and linked like the others."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import path


class PortalRoutes:
    @path("chuyen-muc/<slug:slug>/", name="category")
    def category_view(self, request, slug):
        from danvan.portal import reading
        from danvan.portal.models import NewsCategory

        category = get_object_or_404(NewsCategory, slug=slug)
        context = self.get_context(request)
        context.update(reading.category_context(self, category, request))
        return TemplateResponse(request, "portal/category_page.html", context)

    @path("chuyen-muc/<slug:slug>/rss/", name="category-rss")
    def category_rss(self, request, slug):
        from danvan.portal import feeds

        return feeds.CategoryRss(self)(request, slug=slug)

    @path("chuyen-muc/<slug:slug>/atom/", name="category-atom")
    def category_atom(self, request, slug):
        from danvan.portal import feeds

        return feeds.CategoryAtom(self)(request, slug=slug)

    @path("rss/", name="rss")
    def all_rss(self, request):
        from danvan.portal import feeds

        return feeds.CategoryRss(self)(request, slug="")

    @path("the/<slug:slug>/", name="tag")
    def tag_view(self, request, slug):
        from danvan.portal import reading

        context = self.get_context(request)
        context.update(reading.tag_context(self, slug, request))
        if not context["tag"]:
            raise Http404
        return TemplateResponse(request, "portal/tag_page.html", context)

    @path("tim-kiem/", name="search")
    def search_view(self, request):
        from danvan.portal import reading

        context = self.get_context(request)
        context.update(reading.search_context(self, request))
        return TemplateResponse(request, "portal/search_page.html", context)
