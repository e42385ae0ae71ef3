import re

import pytest
from django.core import mail

from danvan.accounts.models import User
from danvan.core.queries import events_for_object
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/dang-nhap/"


def login(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/mo-hinh/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/mo-hinh/"


def test_the_site_root_is_the_portal_for_visitors_and_the_dashboard_once_signed_in(client, user):
    from danvan.portal.setup_steps import ensure_site

    ensure_site()
    visitor = client.get("/")
    assert visitor.status_code == 200
    assert "portal/home_page.html" in [t.name for t in visitor.templates]
    assert "Cán bộ đăng nhập" in visitor.content.decode()
    client.force_login(user)
    assert "core/home.html" in [t.name for t in client.get("/").templates]


def test_login_with_the_right_password_opens_the_home_page_and_is_audited(client, user):
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert f"Xin chào, {user.get_short_name()}" in home.content.decode()
    assert [e.action for e in events_for_object(user)] == ["accounts.user.logged_in"]


def test_login_with_a_wrong_password_says_so_in_vietnamese(client, user):
    response = login(client, user.username, "sai-mat-khau")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in body
    # The username typed is kept so that nothing has to be typed again.
    assert f'value="{user.username}"' in body
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_with_a_clear_message(client, user):
    for _ in range(4):
        assert login(client, user.username, "sai-mat-khau").status_code == 200
    locked = login(client, user.username, "sai-mat-khau")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Tài khoản tạm thời bị khóa" in body
    assert "5 lần liên tiếp" in body
    assert "15 phút" in body
    # Even the right password is refused while the lock lasts.
    again = login(client, user.username, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_affect_another_account(client, user):
    other = User.objects.create_user(username="canbokhac", password=PASSWORD)
    for _ in range(5):
        login(client, user.username, "sai-mat-khau")
    response = login(client, other.username, PASSWORD)
    assert response.status_code == 302


def test_logout_needs_post_and_ends_the_session(user_client, user):
    assert user_client.get("/dang-xuat/").status_code == 405
    response = user_client.post("/dang-xuat/")
    assert response.status_code == 302
    assert "_auth_user_id" not in user_client.session
    assert "accounts.user.logged_out" in [e.action for e in events_for_object(user)]


def test_change_password_validates_and_audits(user_client, user):
    weak = user_client.post(
        "/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    body = weak.content.decode()
    assert weak.status_code == 200
    assert "Mật khẩu này quá ngắn: phải có ít nhất 10 ký tự." in body
    assert "Mật khẩu này hoàn toàn là số." in body
    new = "Đổi-mật-khẩu-Bình-An-2026"
    response = user_client.post(
        "/doi-mat-khau/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/"
    user.refresh_from_db()
    assert user.check_password(new)
    # The session survives the change.
    assert user_client.get("/tai-khoan/").status_code == 200
    assert "accounts.user.password_changed" in [e.action for e in events_for_object(user)]


def test_password_reset_by_email_link(client, user):
    response = client.post("/quen-mat-khau/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "danvan: đặt mật khẩu mới"
    link = re.search(r"http://testserver(/dat-lai-mat-khau/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    new = "Mật-khẩu-mới-Phúc-Lộc-2026"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert "accounts.user.password_reset" in [e.action for e in events_for_object(user)]
    # The link works only once.
    reused = client.get(link, follow=True)
    assert "Liên kết này không còn hiệu lực" in reused.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post("/quen-mat-khau/", {"email": "khongco@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == "/quen-mat-khau/da-gui/"
    assert mail.outbox == []


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
