"""Counting reads: a beacon per page shown, robots and repeat visits within the hour left out,
counters flushed to ``ArticleDayViews`` in batches, and the "most read" lists showing them."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from danvan.portal import reads
from danvan.portal.models import ArticleDayViews
from tests.portal.factories import make_article, make_section

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


def reader(address="203.0.113.7", agent=BROWSER):
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Each test starts its process's batch afresh (its clock too)."""
    reads.flush_local()


@pytest.fixture
def article():
    return make_article(make_section())


def views_of(article):
    return sum(ArticleDayViews.objects.filter(article=article).values_list("views", flat=True))


def test_the_beacon_counts_once_an_hour_per_visitor_and_never_robots(article):
    url = f"/luot-doc/{article.pk}/"
    assert reader().post(url).status_code == 204
    assert reader().post(url).status_code == 204  # the same visitor again
    reader(address="203.0.113.8").post(url)
    reader(agent=BROWSER.replace("126", "125")).post(url)  # another browser, same address
    reader(agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").post(
        url
    )
    reader(agent="curl/8.5").post(url)
    reader(agent="").post(url)
    reader().post("/luot-doc/999999/")
    assert reader().get(url).status_code == 405
    key = reads.counter_key(article.pk, timezone.localdate())
    from django.core.cache import cache

    assert cache.get(key) == 3
    assert ArticleDayViews.objects.count() == 0  # nothing written on the way
    assert reads.flush_local() == 3
    assert views_of(article) == 3
    assert cache.get(key) == 0
    assert reads.flush_local() == 0
    assert views_of(article) == 3


def test_the_beacon_needs_no_csrf_token_and_sets_no_cookie(article):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT=BROWSER)
    response = client.post(f"/luot-doc/{article.pk}/")
    assert response.status_code == 204
    assert not response.cookies


def test_a_threshold_hands_the_counts_to_the_task(article, monkeypatch):
    monkeypatch.setattr(reads, "FLUSH_THRESHOLD", 2)
    reads.flush_local()
    reader("192.0.2.1").post(f"/luot-doc/{article.pk}/")
    assert views_of(article) == 0
    reader("192.0.2.2").post(f"/luot-doc/{article.pk}/")
    assert views_of(article) == 2  # the immediate task backend of the tests wrote them


def test_the_scheduled_command_writes_a_shared_cache_and_adds_up(article):
    ArticleDayViews.objects.create(article=article, day=timezone.localdate(), views=10)
    for n in range(4):
        reader(f"192.0.2.{n + 10}").post(f"/luot-doc/{article.pk}/")
    call_command("portal_reads", "flush")
    assert views_of(article) == 14
    assert ArticleDayViews.objects.count() == 1


def test_the_article_page_sends_the_beacon_only_from_its_script(article, client):
    html = client.get(article.url).content.decode()
    assert f'data-article="{article.pk}"' in html
    assert "portal/portal.js" in html
    assert ArticleDayViews.objects.count() == 0  # reading the page itself counts nothing


def test_most_read_lists_show_the_numbers(client):
    section = make_section()
    popular = make_article(section, title="Tin được đọc nhiều nhất")
    quiet = make_article(section, title="Tin ít người đọc", category_slug="dan-van-kheo")
    today = timezone.localdate()
    ArticleDayViews.objects.create(article=popular, day=today, views=120)
    ArticleDayViews.objects.create(article=quiet, day=today, views=7)
    home = client.get("/").content.decode().split("Đọc nhiều", 1)[1]
    assert home.index("Tin được đọc nhiều nhất") < home.index("Tin ít người đọc")
    assert "120 lượt đọc" in home
    assert "7 lượt đọc" in home
    category = client.get("/chuyen-muc/dan-van-kheo/").content.decode().split("Đọc nhiều", 1)[1]
    assert "7 lượt đọc" in category
    assert "120 lượt đọc" not in category
