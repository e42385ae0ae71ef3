import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.core.services import record_event
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def figures(body: str) -> dict[str, str]:
    """{label: value} of the figures on the home page."""
    value = r'<span class="figure__value">([^<]+)</span>'
    label = r'\s*<span class="figure__label">(?:<a [^>]+>)?([^<]+)'
    pairs = re.findall(value + label, body)
    return {label.strip(): value for value, label in pairs}


def test_home_shows_real_figures_for_an_administrator(admin_client, admin_user):
    events_before = AuditEvent.objects.count()  # the territory load of the test database
    UserFactory.create_batch(3)
    UserFactory(is_active=False)
    for _ in range(2):
        record_event(action="x.y.created", acting_user=admin_user)
    shown = figures(admin_client.get("/").content.decode())
    # 3 active users + the administrator; the deactivated account does not count.
    assert shown["Tài khoản đang hoạt động"] == "4"
    assert shown["Thay đổi đã ghi nhận"] == str(events_before + 2)
    assert shown["Xã, phường, đặc khu hiện nay"] == "3.321"


def test_home_figures_format_numbers_the_vietnamese_way(admin_client, admin_user):
    UserFactory.create_batch(1)  # 2 accounts
    events_before = AuditEvent.objects.count()
    for _ in range(1234 - events_before):
        record_event(action="x.y.created", acting_user=admin_user)
    shown = figures(admin_client.get("/").content.decode())
    assert shown["Thay đổi đã ghi nhận"] == "1.234"


def test_home_for_a_user_without_scope_shows_only_public_reference_figures(user_client):
    shown = figures(user_client.get("/").content.decode())
    # Reference data anyone may see; nothing of the accounts or the audit log.
    assert shown == {"Xã, phường, đặc khu hiện nay": "3.321"}


def test_user_menu_shows_the_scope(user_client, admin_client):
    assert "Chưa được giao phạm vi" in user_client.get("/").content.decode()
    assert "Toàn quốc — quản trị hệ thống" in admin_client.get("/").content.decode()


def test_navigation_shows_administration_only_to_administrators(user_client, admin_client):
    assert 'href="/quan-tri/"' not in user_client.get("/").content.decode()
    body = admin_client.get("/").content.decode()
    assert '<a href="/quan-tri/">Quản trị</a>' in body
    assert '<a href="/" aria-current="page">Trang chủ</a>' in body


def test_my_recent_activity_pages_with_htmx(user_client, user):
    for number in range(25):
        record_event(action="accounts.user.logged_in", acting_user=user, message=f"lần {number}")
    home = user_client.get("/").content.decode()
    assert home.count('class="timeline__event"') == 20
    assert 'hx-get="/nhat-ky-cua-toi/?page=2"' in home
    more = user_client.get("/nhat-ky-cua-toi/?page=2", HTTP_HX_REQUEST="true").content.decode()
    assert more.count('class="timeline__event"') == 5
    assert "<html" not in more  # a fragment, not a page
    assert "lần 0" in more
    assert "Đăng nhập" in more


def test_timeline_escapes_what_users_typed(user_client, user):
    record_event(action="x.y.z", acting_user=user, message="<script>alert(1)</script>")
    body = user_client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_user_sees_only_their_own_activity(user_client, user):
    other = UserFactory()
    record_event(action="accounts.user.logged_in", acting_user=other, message="của người khác")
    body = user_client.get("/nhat-ky-cua-toi/").content.decode()
    assert "của người khác" not in body
    assert "Chưa có gì được ghi nhận" in body


def test_not_found_page_is_in_vietnamese_and_in_the_shell(user_client):
    response = user_client.get("/khong-ton-tai/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    assert 'class="site-header"' in body


def test_server_error_page_is_in_the_same_style(client):
    body = render_to_string("500.html")
    assert "Đã có lỗi ở phía hệ thống" in body
    assert 'class="site-header"' in body


@override_settings(DEBUG=False)
def test_csrf_failure_page_explains_in_vietnamese(db):
    response = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "a"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_language_switch_to_english_and_back(user_client):
    assert "Trang chủ" in user_client.get("/").content.decode()
    response = user_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = user_client.get("/").content.decode()
    assert '<html lang="en">' in english
    assert ">Home</a>" in english
    assert "My recent activity" in english
    assert "Trang chủ" not in english
    user_client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    vietnamese = user_client.get("/").content.decode()
    assert '<html lang="vi">' in vietnamese
    assert "Hoạt động gần đây của tôi" in vietnamese


def test_an_english_browser_still_gets_vietnamese(user_client):
    body = user_client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in body
    assert "Trang chủ" in body


def test_language_switch_works_before_signing_in(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    assert "Sign in to danvan" in client.get("/dang-nhap/").content.decode()


def test_security_headers_are_sent(user_client):
    response = user_client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_healthz_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text.splitlines()[:4] == ["ok", "database: ok", "cache: ok", "storage: ok"]


def test_the_header_counts_every_unread_list_in_one_statement(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danvan.core.counting import count_together
    from danvan.core.models import Notice

    user = UserFactory()
    other = UserFactory()
    for n in range(3):
        Notice.objects.create(user=user, text=f"Việc {n}", url="/")
    Notice.objects.create(user=other, text="Việc của người khác", url="/")
    read = Notice.objects.create(user=user, text="Đã đọc", url="/")
    Notice.objects.filter(pk=read.pk).update(read_at=timezone.now())

    with CaptureQueriesContext(connection) as queries:
        counts = count_together(
            [
                Notice.objects.filter(user=user, read_at__isnull=True),
                Notice.objects.none(),
                Notice.objects.filter(user=other),
            ]
        )
    assert counts == [3, 0, 1]
    assert len(queries) == 1
