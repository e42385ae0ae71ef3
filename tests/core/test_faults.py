"""Faults: the database out of reach in the middle of a request."""

import pytest
from django.db import OperationalError
from django.test import Client

from danvan.core import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_database_going_away_gives_a_vietnamese_page_then_recovers(officer_client, monkeypatch):
    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "render_panels", gone)
    down = officer_client.get("/")
    assert down.status_code == 503
    assert down["Retry-After"] == "30"
    text = down.content.decode()
    assert "danvan tạm thời không kết nối được cơ sở dữ liệu" in text
    assert "chưa được lưu" in text

    monkeypatch.undo()  # the database is back
    assert officer_client.get("/").status_code == 200


def test_any_other_error_is_the_500_page_in_vietnamese(officer_client, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(views, "render_panels", broken)
    response = officer_client.get("/")
    assert response.status_code == 500
    assert "Đã có lỗi ở phía hệ thống" in response.content.decode()
