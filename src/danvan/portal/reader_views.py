"""What readers send from the (cached) article pages: comments and read counts.

Nothing here is cached: the comment form carries a CSRF token of its own, so the article page
fetches it as a fragment (``portal.js``); without JavaScript the article links to the full
comment page. The read beacon only counts in the cache (``danvan.portal.reads``)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from danvan.portal import comments, reads
from danvan.portal.comment_forms import CommentForm

SENT = "da-gui"


def _article(article_id: int):
    article = comments.commentable_article(article_id)
    if article is None:
        raise Http404
    return article


def _render(request, template, context, status=200):
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def _context(article, form, *, sent=False) -> dict:
    return {
        "article": article,
        "form": form,
        "sent": sent,
        "action": reverse("portal:comment", args=[article.pk]),
    }


@login_not_required
@require_safe
def comment_form(request, article_id: int):
    """The form as a fragment, for the article page's script."""
    article = _article(article_id)
    form = CommentForm(article=article, hashed="")
    return _render(request, "portal/_comment_form.html", _context(article, form))


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_page(request, article_id: int):
    """The full comment page (without JavaScript); the fragment's form posts here too and gets
    the fragment back (``X-Portal-Fragment``)."""
    article = _article(article_id)
    fragment = request.headers.get("X-Portal-Fragment") == "1"
    template = "portal/_comment_form.html" if fragment else "portal/comment_page.html"
    if request.method != "POST":
        form = CommentForm(article=article, hashed="")
        return _render(request, template, _context(article, form, sent=SENT in request.GET))
    hashed = comments.address_hash(request)
    form = CommentForm(request.POST, article=article, hashed=hashed)
    if not form.is_valid():
        return _render(request, template, _context(article, form), status=400)
    if not form.robot:
        data = form.cleaned_data
        comments.submit(
            article=article,
            sender=comments.Sender(
                name=data["name"], email=data["email"], body=data["body"], hashed=hashed
            ),
        )
    if fragment:
        form = CommentForm(article=article, hashed="")
        return _render(request, template, _context(article, form, sent=True))
    return redirect(f"{reverse('portal:comment', args=[article.pk])}?{SENT}=1")


@csrf_exempt
@login_not_required
@require_POST
def read_beacon(request, article_id: int):
    """``navigator.sendBeacon`` from an article page: one read, counted in the cache."""
    reads.record(request, article_id)
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response
