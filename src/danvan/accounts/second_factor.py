"""Two-step sign-in with a time-based code (TOTP, django-otp): an officer's phone app
(Google Authenticator, Microsoft Authenticator, FreeOTP…) shows a 6-digit code that changes
every 30 seconds.

- Anyone may turn it on from "My account"; once on, every sign-in asks for the code.
- ``DANVAN_2FA_REQUIRED_FOR`` makes it compulsory: ``superusers`` and/or ``staff`` (the
  accounts that reach the administration). Such a user who has no device yet is taken to set
  one up before anything else, and cannot turn it off.
- Wrong codes slow down (django-otp's throttling doubles the wait after each failure); every
  step is in the audit log.

Reads (``device_of``, ``required_for``) and writes (``start_enrolment``, ``confirm``,
``check_code``, ``turn_off``) are here; views and the middleware call them."""

from base64 import b32encode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.core.services import record_event

DEVICE_NAME = "danvan"


def required_for(user) -> bool:
    wanted = set(settings.DANVAN_2FA_REQUIRED_FOR)
    return bool(
        ("superusers" in wanted and user.is_superuser) or ("staff" in wanted and user.is_staff)
    )


def device_of(user) -> TOTPDevice | None:
    """The user's confirmed device, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def in_use(user) -> bool:
    return device_of(user) is not None


def secret_text(device: TOTPDevice) -> str:
    """The key to type by hand, in groups of four: ``JBSW Y3DP EHPK 3PXP``."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


@transaction.atomic
def start_enrolment(*, user) -> TOTPDevice:
    """A new, unconfirmed device (a fresh key) unless one is waiting to be confirmed."""
    device = pending_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _clean(code: str) -> str:
    code = "".join(str(code or "").split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        raise ValidationError(_("Type the 6 digits your authenticator app shows."))
    return code


def _verify(device: TOTPDevice, code: str, *, user) -> None:
    """Outside any transaction that the error would roll back: the failure count that slows
    guessing down and the audit event of a wrong code must stay."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(
            _("Too many wrong codes. Wait a little and try again with a new code.")
        )
    if not device.verify_token(code):
        record_event(action="accounts.user.second_factor_failed", acting_user=user, obj=user)
        raise ValidationError(
            _("This code is not correct or has expired. Type the code your app shows now.")
        )


def confirm(*, user, device: TOTPDevice, code: str) -> TOTPDevice:
    """Turn two-step sign-in on with the first code the new device shows."""
    code = _clean(code)
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("This set-up has expired. Start again."))
    _verify(device, code, user=user)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_event(action="accounts.user.second_factor_enabled", acting_user=user, obj=user)
    return device


def check_code(*, user, code: str) -> TOTPDevice:
    """The device when ``code`` is right (the view then marks the session verified)."""
    code = _clean(code)
    device = device_of(user)
    if device is None:
        raise ValidationError(_("Two-step sign-in is not set up for this account."))
    _verify(device, code, user=user)
    record_event(action="accounts.user.second_factor_verified", acting_user=user, obj=user)
    return device


def turn_off(*, user, code: str) -> None:
    if required_for(user):
        raise ValidationError(
            _("Two-step sign-in is required for this account and cannot be turned off.")
        )
    check_code(user=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        record_event(action="accounts.user.second_factor_disabled", acting_user=user, obj=user)
