"""Two-step sign-in (TOTP) and sessions that end after inactivity."""

import re
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.middleware import LAST_SEEN
from danvan.core.models import AuditEvent
from tests.factories.accounts import PASSWORD, AdminFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/dang-nhap/"
CODE_PAGE = "/xac-thuc-hai-buoc/"
SETUP_PAGE = "/xac-thuc-hai-buoc/cai-dat/"


def code_of(device, *, steps_ahead=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in(user) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def actions(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(user.pk), action__contains="second_factor")
        .order_by("id")
        .values_list("action", flat=True)
    )


def turn_on(user) -> TOTPDevice:
    client = sign_in(user)
    page = client.get(SETUP_PAGE)
    assert "<svg" in page.text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page.text).group(1)
    assert len(secret.replace(" ", "")) == 32
    done = client.post(SETUP_PAGE, {"code": code_of(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_an_officer_turns_it_on_and_every_later_sign_in_asks_for_the_code():
    user = UserFactory()
    device = turn_on(user)
    assert actions(user) == ["accounts.user.second_factor_enabled"]

    client = sign_in(user)
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == f"{CODE_PAGE}?next=%2F"
    # nothing else opens before the code: a list, the profile
    assert client.get("/tai-khoan/")["Location"].startswith(CODE_PAGE)

    wrong = client.post(CODE_PAGE, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in wrong.text
    assert client.get("/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0  # the test does not wait out the throttle
    device.save()
    right = client.post(CODE_PAGE, {"code": code_of(device, steps_ahead=1), "next": "/tai-khoan/"})
    assert right["Location"] == "/tai-khoan/"
    assert client.get("/").status_code == 200
    assert actions(user)[-2:] == [
        "accounts.user.second_factor_failed",
        "accounts.user.second_factor_verified",
    ]


def test_the_code_page_refuses_letters_and_a_foreign_next_in_words():
    user = UserFactory()
    device = turn_on(user)
    client = sign_in(user)
    letters = client.post(CODE_PAGE, {"code": "abc"})
    assert "Nhập 6 chữ số" in letters.text
    # the code given at set-up cannot be used twice: the next one
    away = client.post(
        CODE_PAGE, {"code": code_of(device, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert away["Location"] == "/"


def test_repeated_wrong_codes_are_throttled(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait after a failure, whatever the machine
    user = UserFactory()
    device = turn_on(user)
    client = sign_in(user)
    right = code_of(device, steps_ahead=1)
    wrong = "123456" if right != "123456" else "654321"
    client.post(CODE_PAGE, {"code": wrong})
    blocked = client.post(CODE_PAGE, {"code": right})  # too soon after a failure
    assert "Nhập sai quá nhiều lần" in blocked.text
    assert client.get("/").status_code == 302


def test_required_for_superusers_sends_them_to_set_up_first(settings):
    settings.DANVAN_2FA_REQUIRED_FOR = ["superusers"]
    admin = AdminFactory()
    client = sign_in(admin)
    first = client.get("/quan-tri/")
    assert first["Location"].startswith(SETUP_PAGE)
    page = client.get(SETUP_PAGE)
    assert "Tài khoản của đồng chí bắt buộc dùng xác thực hai bước" in page.text
    # an ordinary officer is not asked
    officer = sign_in(UserFactory())
    assert officer.get("/").status_code == 200


def test_a_required_factor_cannot_be_turned_off_an_optional_one_can(settings):
    user = UserFactory()
    device = turn_on(user)
    client = sign_in(user)
    client.post(CODE_PAGE, {"code": code_of(device, steps_ahead=1)})
    settings.DANVAN_2FA_REQUIRED_FOR = ["staff"]
    user.is_staff = True
    user.save()
    refused = client.post("/xac-thuc-hai-buoc/tat/", {"code": code_of(device, steps_ahead=-1)})
    assert refused.status_code == 302
    assert TOTPDevice.objects.filter(user=user).exists()
    settings.DANVAN_2FA_REQUIRED_FOR = []
    device.refresh_from_db()
    device.last_t = -1  # the code above may not be used twice; the test reuses its window
    device.save()
    turned_off = client.post("/xac-thuc-hai-buoc/tat/", {"code": code_of(device, steps_ahead=1)})
    assert turned_off.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert "accounts.user.second_factor_disabled" in actions(user)
    assert "Xác thực hai bước đã tắt" in client.get("/tai-khoan/").text


def test_an_idle_session_is_signed_out_with_a_message_and_an_audit_event(settings):
    settings.DANVAN_SESSION_IDLE_MINUTES = 60
    user = UserFactory()
    client = sign_in(user)
    assert client.get("/").status_code == 200
    session = client.session
    assert abs(session[LAST_SEEN] - time.time()) < 5
    session[LAST_SEEN] = int(time.time()) - 61 * 60
    session.save()
    expired = client.get("/tai-khoan/")
    assert expired["Location"] == "/dang-nhap/?next=%2Ftai-khoan%2F"
    login_page = client.get(expired["Location"])
    assert "không thao tác trong 60 phút" in login_page.text
    assert AuditEvent.objects.filter(
        action="accounts.user.session_expired", object_id=str(user.pk)
    ).exists()


def test_an_active_session_stays_signed_in(settings):
    settings.DANVAN_SESSION_IDLE_MINUTES = 60
    client = sign_in(UserFactory())
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 59 * 60
    session.save()
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 5
