"""Writes on accounts. Views and the admin call these; each one is audited."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from danvan.accounts.enums import MANAGE_ROLES
from danvan.accounts.models import Grant, User
from danvan.accounts.queries import covers, forget_grants, grantable_roles
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


def _check_may_grant(*, acting_user, role: str, unit, organization) -> None:
    if role not in grantable_roles(acting_user):
        raise ValidationError({"role": _("You may not give this role.")})
    if unit is None and organization is None:
        raise ValidationError({"unit": _("Choose an administrative unit or an organisation.")})
    if unit is not None and organization is not None:
        raise ValidationError(
            {"unit": _("Choose either an administrative unit or an organisation, not both.")}
        )
    units = [unit] if unit is not None else [organization.unit] if organization.unit_id else []
    organizations = [organization] if organization is not None else []
    if not covers(acting_user, roles=MANAGE_ROLES, units=units, organizations=organizations):
        raise ValidationError(_("You may only grant access inside your own scope."))


@transaction.atomic
def add_grant(*, user: User, role: str, unit=None, organization=None, acting_user) -> Grant:
    """Give ``user`` a role on a unit or organisation subtree — never beyond the acting user's
    own managing scope, and never a role the acting user may not give."""
    _check_may_grant(acting_user=acting_user, role=role, unit=unit, organization=organization)
    if Grant.objects.filter(user=user, role=role, unit=unit, organization=organization).exists():
        raise ValidationError(_("This account already has this role on this scope."))
    grant = Grant.objects.create(
        user=user, role=role, unit=unit, organization=organization, granted_by=acting_user
    )
    forget_grants(user)
    record_event(
        action="accounts.grant.added",
        acting_user=acting_user,
        obj=user,
        changes={"grant": [None, str(grant)]},
    )
    return grant


@transaction.atomic
def revoke_grant(*, grant: Grant, acting_user) -> None:
    _check_may_grant(
        acting_user=acting_user, role=grant.role, unit=grant.unit, organization=grant.organization
    )
    label = str(grant)
    user = grant.user
    grant.delete()
    record_event(
        action="accounts.grant.revoked",
        acting_user=acting_user,
        obj=user,
        changes={"grant": [label, None]},
    )


@transaction.atomic
def invite_user(
    *,
    username: str,
    full_name: str,
    email: str,
    role: str,
    unit=None,
    organization=None,
    acting_user,
    base_url: str,
) -> User:
    """Create an account with a first grant and e-mail it a link to set its password.

    The account has no usable password until its owner sets one through the link (the same
    one-time token as a password reset, valid three days)."""
    _check_may_grant(acting_user=acting_user, role=role, unit=unit, organization=organization)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(username=username, full_name=" ".join(full_name.split()), email=email.strip())
    user.set_unusable_password()
    user.save()
    record_event(action="accounts.user.invited", acting_user=acting_user, obj=user)
    add_grant(user=user, role=role, unit=unit, organization=organization, acting_user=acting_user)
    link = base_url.rstrip("/") + reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": link, "inviter": acting_user}
    transaction.on_commit(
        lambda: send_mail(
            subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    )
    return user
