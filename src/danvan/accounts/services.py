"""Writes on accounts. Views and the admin call these; each one is audited."""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

from danvan.accounts.models import User
from danvan.core.services import diff, record_event

DEMO_ADMIN_USERNAME = "admin"
AUDITED_USER_FIELDS = ("username", "full_name", "email", "is_active", "is_staff", "is_superuser")


def demo_admin_password_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-admin-password.txt"


@transaction.atomic
def set_password(*, user: User, raw_password: str, acting_user: User | None, reason: str) -> User:
    """Set a new password (already validated by the form). ``reason`` is ``changed`` when the
    user changed it while signed in, ``reset`` when it came through a reset link."""
    user.set_password(raw_password)
    user.save(update_fields=["password"])
    record_event(action=f"accounts.user.password_{reason}", acting_user=acting_user, obj=user)
    return user


def record_login(*, user: User) -> None:
    record_event(action="accounts.user.logged_in", acting_user=user, obj=user)


def record_logout(*, user: User) -> None:
    record_event(action="accounts.user.logged_out", acting_user=user, obj=user)


@transaction.atomic
def save_user(*, user: User, before: dict, acting_user: User | None, created: bool) -> User:
    """Save an account edited in the admin and audit the fields that changed."""
    user.save()
    after = {name: getattr(user, name) for name in AUDITED_USER_FIELDS}
    action = "accounts.user.created" if created else "accounts.user.updated"
    record_event(
        action=action,
        acting_user=acting_user,
        obj=user,
        changes=diff({} if created else before, after),
    )
    return user


@transaction.atomic
def ensure_demo_admin() -> tuple[User, str, bool]:
    """Make sure the demonstration administrator exists.

    Its password is generated on first run and kept in ``var/`` (never in the repository), so
    every start can print it. Returns the user, the password on file, and whether that password
    still opens the account (someone may have changed it in danvan since)."""
    path = demo_admin_password_path()
    if path.exists():
        password = path.read_text().strip()
    else:
        password = secrets.token_urlsafe(12)
        path.write_text(password + "\n")
        path.chmod(0o600)
    user = User.objects.filter(username=DEMO_ADMIN_USERNAME).first()
    if user is None:
        user = User(
            username=DEMO_ADMIN_USERNAME,
            full_name="Quản trị hệ thống",
            is_staff=True,
            is_superuser=True,
        )
        user.set_password(password)
        user.save()
        record_event(action="accounts.user.created", obj=user, message="demo administrator")
    return user, password, user.check_password(password)
