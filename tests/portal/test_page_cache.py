"""The cached path of an anonymous visitor's portal page: answered before the session and
authentication middleware, with no database query, and with the headers of the long way."""

import pytest
from django.test import Client

from tests.portal.factories import make_article, make_section

pytestmark = pytest.mark.django_db
VARYING = {"X-Request-ID", "X-Portal-Cache"}


def test_a_cached_page_costs_no_query_and_keeps_its_headers(django_assert_num_queries):
    article = make_article(make_section())
    client = Client()
    first = client.get(article.url)
    assert first["X-Portal-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.url)
    assert second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    headers = {k: v for k, v in first.headers.items() if k not in VARYING}
    assert {k: v for k, v in second.headers.items() if k not in VARYING} == headers
    assert "Cookie" in second["Vary"]
    assert second["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second


def test_signed_in_readers_and_queries_get_fresh_pages(admin_client):
    article = make_article(make_section())
    Client().get(article.url)
    assert "X-Portal-Cache" not in admin_client.get(article.url)
    assert Client().get(article.url + "?trang=2").get("X-Portal-Cache") != "hit"
