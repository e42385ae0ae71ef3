"""Readers' comments: the form fetched uncached, pre-moderation, the defences against robots,
and what the article page shows."""

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client

from danvan.core.models import AuditEvent
from danvan.portal import comment_forms, comments
from danvan.portal.enums import CommentState
from danvan.portal.models import BlockedAddress, Comment
from tests.portal.factories import make_article, make_section

pytestmark = pytest.mark.django_db

SENT = "Ý kiến của bạn đã được gửi và sẽ hiển thị sau khi được biên tập viên duyệt."


def stamp(article, age=30):
    return signing.dumps({"a": article.pk, "t": time.time() - age}, salt=comment_forms.STAMP_SALT)


def data(article, **extra):
    return {
        "name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "body": "Bài viết rất thiết thực, cảm ơn các đồng chí.",
        "website": "",
        "stamp": stamp(article),
        **extra,
    }


@pytest.fixture
def article():
    return make_article(make_section())


def test_the_form_is_a_fragment_with_its_own_token_and_the_cached_page_has_none(article, client):
    page = client.get(article.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert f'data-comment-form="/y-kien/{article.pk}/mau/"' in html
    assert f'href="/y-kien/{article.pk}/"' in html  # without JavaScript
    assert "Ý kiến bạn đọc (0)" in html
    fragment = client.get(f"/y-kien/{article.pk}/mau/")
    assert fragment.status_code == 200
    assert "csrfmiddlewaretoken" in fragment.content.decode()
    assert "no-store" in fragment["Cache-Control"]
    assert 'name="website"' in fragment.content.decode()


def test_a_comment_waits_for_moderation_and_the_email_never_shows(article):
    client = Client(enforce_csrf_checks=False)
    response = client.post(f"/y-kien/{article.pk}/", data(article))
    assert response.status_code == 302
    assert response["Location"] == f"/y-kien/{article.pk}/?da-gui=1"
    assert SENT in client.get(response["Location"]).content.decode()
    comment = Comment.objects.get()
    assert comment.state == CommentState.PENDING
    assert comment.email == "an@example.vn"
    assert len(comment.address_hash) == 64
    assert "127.0.0.1" not in comment.address_hash
    html = client.get(article.url).content.decode()
    assert "Ý kiến bạn đọc (0)" in html
    assert "rất thiết thực" not in html
    comment.state = CommentState.APPROVED
    comment.save()
    cache.clear()
    html = client.get(article.url).content.decode()
    assert "Ý kiến bạn đọc (1)" in html
    assert "rất thiết thực" in html
    assert "an@example.vn" not in html


def test_the_fragment_post_answers_with_the_fragment(article, client):
    response = client.post(
        f"/y-kien/{article.pk}/", data(article), headers={"X-Portal-Fragment": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert SENT in html
    assert "<html" not in html
    assert Comment.objects.count() == 1


def test_a_form_error_keeps_what_was_typed(article, client):
    response = client.post(f"/y-kien/{article.pk}/", data(article, name="", email="not-mail"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bài viết rất thiết thực, cảm ơn các đồng chí." in html
    assert 'value="not-mail"' in html
    assert Comment.objects.count() == 0


def test_too_fast_is_refused_and_the_text_kept(article, client):
    response = client.post(f"/y-kien/{article.pk}/", data(article, stamp=stamp(article, age=0.5)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "gửi quá nhanh" in html
    assert "rất thiết thực" in html
    assert Comment.objects.count() == 0


def test_a_forged_or_foreign_stamp_is_refused(article, client):
    other = make_article(article.get_parent().specific)
    for bad in ("x", stamp(other)):
        response = client.post(f"/y-kien/{article.pk}/", data(article, stamp=bad))
        assert response.status_code == 400
        assert "hết hạn" in response.content.decode()
    assert Comment.objects.count() == 0


def test_the_honeypot_pretends_and_keeps_nothing(article, client):
    response = client.post(f"/y-kien/{article.pk}/", data(article, website="http://spam.example"))
    assert response.status_code == 302
    assert Comment.objects.count() == 0


def test_links_ask_the_question_in_vietnamese_and_a_right_answer_passes(article, client):
    spammy = data(article, body="Xem thêm tại http://quang-cao.example nhé")
    response = client.post(f"/y-kien/{article.pk}/", spammy)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng trả lời câu hỏi" in html
    assert " cộng " in html
    assert Comment.objects.count() == 0
    form = response.context["form"]
    signed = form.data["question"]
    answer = signing.loads(signed, salt=comment_forms.QUESTION_SALT)
    wrong = client.post(
        f"/y-kien/{article.pk}/", {**spammy, "question": signed, "answer": str(answer + 1)}
    )
    assert wrong.status_code == 400
    assert "chưa đúng" in wrong.content.decode()
    right = client.post(
        f"/y-kien/{article.pk}/", {**spammy, "question": signed, "answer": str(answer)}
    )
    assert right.status_code == 302
    assert Comment.objects.count() == 1


def test_a_second_comment_soon_after_asks_the_question(article, client):
    assert client.post(f"/y-kien/{article.pk}/", data(article)).status_code == 302
    again = client.post(f"/y-kien/{article.pk}/", data(article, body="Ý kiến thứ hai"))
    assert again.status_code == 400
    assert "Vui lòng trả lời câu hỏi" in again.content.decode()
    assert Comment.objects.count() == 1


def test_the_hourly_limit_per_address(article, client, monkeypatch):
    monkeypatch.setattr(comments, "BURST_WINDOW", 1)
    monkeypatch.setattr(comments, "HOURLY_LIMIT", 2)
    for _ in range(2):
        response = client.post(f"/y-kien/{article.pk}/", data(article))
        assert response.status_code == 302
        cache.delete(comments._burst_key(Comment.objects.last().address_hash))
    refused = client.post(f"/y-kien/{article.pk}/", data(article))
    assert refused.status_code == 400
    assert "quá nhiều ý kiến" in refused.content.decode()
    assert Comment.objects.count() == 2
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post(f"/y-kien/{article.pk}/", data(article)).status_code == 302


def test_a_blocked_address_is_refused(article, client):
    client.post(f"/y-kien/{article.pk}/", data(article))
    BlockedAddress.objects.create(address_hash=Comment.objects.get().address_hash)
    cache.clear()
    refused = client.post(f"/y-kien/{article.pk}/", data(article))
    assert refused.status_code == 400
    assert "Không thể gửi ý kiến từ địa chỉ này" in refused.content.decode()
    assert Comment.objects.count() == 1


def test_closed_or_unknown_articles_take_no_comment(client):
    closed = make_article(make_section(), comments_open=False)
    assert client.get(f"/y-kien/{closed.pk}/mau/").status_code == 404
    assert client.post(f"/y-kien/{closed.pk}/", data(closed)).status_code == 404
    assert client.get("/y-kien/999999/").status_code == 404
    assert "data-comment-form" not in client.get(closed.url).content.decode()
    assert Comment.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="portal.comment").exists()
