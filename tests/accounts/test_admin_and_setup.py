import pytest
from django.core.management import call_command

from danvan.accounts.models import User
from danvan.accounts.services import demo_admin_password_path, ensure_demo_admin
from danvan.core.models import AuditEvent
from danvan.core.queries import events_for_object

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_demo_admin_gets_a_generated_password_kept_under_var(var_dir):
    user, password, valid = ensure_demo_admin()
    assert user.is_superuser
    assert valid is True
    assert user.check_password(password)
    assert len(password) >= 16
    assert demo_admin_password_path().read_text().strip() == password
    assert (var_dir / "demo-admin-password.txt").stat().st_mode & 0o077 == 0


def test_demo_admin_is_created_once_and_keeps_its_password(var_dir):
    first, password, _ = ensure_demo_admin()
    second, password_again, valid = ensure_demo_admin()
    assert first.pk == second.pk
    assert password == password_again
    assert valid is True
    assert User.objects.filter(username="admin").count() == 1


def test_a_changed_demo_password_is_reported_not_overwritten(var_dir):
    user, _password, _ = ensure_demo_admin()
    user.set_password("mật khẩu người dùng tự đổi")
    user.save()
    _user, _password, valid = ensure_demo_admin()
    assert valid is False
    user.refresh_from_db()
    assert user.check_password("mật khẩu người dùng tự đổi")


def test_setup_is_idempotent_and_prints_the_login(var_dir, capsys):
    call_command("setup")
    first = capsys.readouterr().out
    password = demo_admin_password_path().read_text().strip()
    assert f"tên đăng nhập admin, mật khẩu {password}" in first
    events = AuditEvent.objects.count()
    users = User.objects.count()
    # The empty database received the demo administrator, one demo account per role, and the
    # Ba Bể review round's staff account and four more reviewers (reviews.demo), and the
    # commune officer who sends the periodic report (submissions.demo), and the portal's editor
    # and moderator of Tuyên Quang (portal.demo).
    assert users == 15
    assert "canbo.tuyenquang" in first
    assert "bientap.tuyenquang" in first
    # One language, and the count says how many accounts were listed (issue 12, 8).
    assert "14 tài khoản ở trên và tài khoản quản trị" in first
    assert "6 tài khoản" not in first
    assert "unit_editor" not in first
    assert "demo" not in first.lower()
    call_command("setup")
    second = capsys.readouterr().out
    assert "cơ sở dữ liệu đã có dữ liệu, không thêm gì" in second
    assert f"tên đăng nhập admin, mật khẩu {password}" in second
    assert User.objects.count() == users
    assert AuditEvent.objects.count() == events


def test_setup_no_demo_creates_no_account(var_dir, capsys):
    call_command("setup", "--no-demo")
    assert User.objects.count() == 0


def test_admin_edit_of_a_user_goes_through_the_audited_service(admin_client, admin_user, user):
    response = admin_client.post(
        f"/quan-tri/accounts/user/{user.pk}/change/",
        {
            "username": user.username,
            "full_name": "Hoàng Thị Lan",
            "email": user.email,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.full_name == "Hoàng Thị Lan"
    event = events_for_object(user).get(action="accounts.user.updated")
    assert event.actor == admin_user
    assert event.changes["full_name"][1] == "Hoàng Thị Lan"


def test_users_cannot_be_deleted_in_the_admin(admin_client, user):
    response = admin_client.post(f"/quan-tri/accounts/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_full_name_and_short_name_follow_vietnamese_order():
    user = User(username="hoa", full_name="Nguyễn Thị Hoa")
    assert user.get_full_name() == "Nguyễn Thị Hoa"
    assert user.get_short_name() == "Hoa"
    assert User(username="hoa").get_short_name() == "hoa"
