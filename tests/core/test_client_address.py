"""The client address behind reverse proxies: one function for the audit log and the login
lock-out; the client-written left part of X-Forwarded-For is never believed."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from danvan.core.audit_context import client_ip
from danvan.core.queries import events_for_object
from tests.factories.accounts import PASSWORD, UserFactory

NGINX = "127.0.0.1"


@pytest.mark.parametrize(
    ("forwarded", "trusted", "expected"),
    [
        # Not behind a proxy: the header is the client's own words.
        ("203.0.113.9", 0, "10.1.2.3"),
        # nginx appends the address it saw; what the client wrote stays on the left.
        ("203.0.113.9", 1, "203.0.113.9"),
        ("198.51.100.66, 203.0.113.9", 1, "203.0.113.9"),
        ("1.1.1.1, 2.2.2.2, 203.0.113.9", 1, "203.0.113.9"),
        # A load balancer in front of nginx: the second entry from the right.
        ("198.51.100.66, 203.0.113.9, 10.0.0.5", 2, "203.0.113.9"),
        # Fewer entries than proxies, or no header: the TCP peer.
        ("203.0.113.9", 2, "10.1.2.3"),
        ("", 1, "10.1.2.3"),
        # Garbage where an address should be: the TCP peer, never the garbage.
        ("not-an-address", 1, "10.1.2.3"),
        ("203.0.113.9, 203.0.113.10:5123", 1, "203.0.113.10"),
        ("[2001:db8::1]:443", 1, "2001:db8::1"),
        ("2001:DB8::2", 1, "2001:db8::2"),
    ],
)
def test_client_address_is_the_right_most_entry_not_written_by_the_client(
    forwarded, trusted, expected
):
    meta = {"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_ip(meta, trusted_proxies=trusted) == expected


@pytest.fixture
def behind_nginx(settings):
    settings.DANVAN_BEHIND_PROXY = True
    settings.DANVAN_TRUSTED_PROXIES = 1


def from_address(address, *, spoofed=None):
    """The request META nginx hands on for a client at ``address`` (which may have written its
    own X-Forwarded-For first)."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": forwarded}


def login(client, username, password, **meta):
    return client.post("/dang-nhap/", {"username": username, "password": password}, **meta)


@pytest.mark.django_db
def test_behind_the_proxy_the_audit_log_records_the_address_nginx_saw(client, user, behind_nginx):
    client.force_login(user)
    client.post("/dang-xuat/", **from_address("203.0.113.9", spoofed="198.51.100.66"))
    event = events_for_object(user).get(action="accounts.user.logged_out")
    assert event.ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_behind_the_proxy_failures_from_one_address_do_not_lock_the_victim_out_elsewhere(
    client, user, behind_nginx
):
    attacker, victim = "198.51.100.66", "203.0.113.9"
    for _ in range(5):
        login(client, user.username, "sai-mat-khau", **from_address(attacker))
    # The lock-out is counted against the attacker's address, not nginx's.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {attacker}
    locked = login(client, user.username, PASSWORD, **from_address(attacker))
    assert locked.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in locked.content.decode()
    # The owner of the account, elsewhere, signs in.
    response = login(Client(), user.username, PASSWORD, **from_address(victim))
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_forged_left_most_forwarded_entry_neither_locks_out_nor_escapes_the_lock(
    client, user, behind_nginx
):
    attacker, victim = "198.51.100.66", "203.0.113.9"
    # The attacker writes the victim's address into the header five times.
    for _ in range(5):
        login(client, user.username, "sai-mat-khau", **from_address(attacker, spoofed=victim))
    assert not AccessAttempt.objects.filter(ip_address=victim).exists()
    # Writing another address into the header does not lift the attacker's lock.
    again = login(client, user.username, PASSWORD, **from_address(attacker, spoofed="192.0.2.1"))
    assert again.status_code == 429
    assert login(Client(), user.username, PASSWORD, **from_address(victim)).status_code == 302


@pytest.mark.django_db
def test_failures_for_one_account_do_not_lock_another_from_the_same_address(
    client, user, behind_nginx
):
    other = UserFactory()
    for _ in range(5):
        login(client, user.username, "sai-mat-khau", **from_address("203.0.113.9"))
    response = login(Client(), other.username, PASSWORD, **from_address("203.0.113.9"))
    assert response.status_code == 302
