from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from danvan.reviews.models import Notification
from danvan.submissions import services
from danvan.submissions.models import Obligation
from danvan.submissions.reminders import send_reminders
from tests.permissions import user_with_role
from tests.submissions.helpers import H1_2026, at, binh_an

pytestmark = pytest.mark.django_db


def test_units_are_reminded_before_and_after_the_deadline_once_each(
    template, obligation, django_capture_on_commit_callbacks
):
    editor = user_with_role("unit_editor", unit=binh_an(), email="binhan@danvan.example.vn")
    total = Obligation.objects.filter(template=template).count()
    other = Obligation.objects.filter(template=template).exclude(pk=obligation.pk).first()
    services.submit(
        acting_user=None,
        obligation=other,
        period=H1_2026,
        indicators={"ho_duoc_ho_tro": "1"},
        sections={},
        now=at(date(2026, 7, 2)),
    )
    assert send_reminders(today=date(2026, 7, 1)) == 0  # too early
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=date(2026, 7, 11)) == total - 1
    assert send_reminders(today=date(2026, 7, 12)) == 0  # once
    notice = Notification.objects.get(user=editor)
    assert notice.text == (
        "Báo cáo “Báo cáo kết quả công tác dân vận” 6 tháng đầu năm 2026 của đơn vị cần gửi "
        "trước ngày 15/07/2026"
    )
    assert notice.url == "/bao-cao-dinh-ky/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["binhan@danvan.example.vn"]
    assert send_reminders(today=date(2026, 7, 16)) == total - 1
    assert "đã quá hạn gửi (15/07/2026)" in Notification.objects.filter(user=editor).first().text


def test_the_command_reminds(template, capsys):
    call_command("submissions", "remind", "--today", "16/07/2026")
    assert "đơn vị đã được nhắc" in capsys.readouterr().out


def test_the_task_worker_reminds_every_morning():
    from datetime import time

    from danvan.core import registry

    item = {item.key: item for item in registry.scheduled()}["submissions-remind"]
    assert item.command == ("submissions", "remind")
    assert item.daily_at == time(7, 15)


def test_the_province_reminds_its_missing_communes_now(template, obligation, province_staff):
    from django.test import Client

    editor = user_with_role("unit_editor", unit=binh_an())
    client = Client()
    client.force_login(province_staff)
    response = client.post(
        f"/bao-cao-dinh-ky/mau/{template.pk}/nhac/", {"ky": "2026-06"}, follow=True
    )
    total = Obligation.objects.filter(template=template).count()
    assert f"Đã nhắc {total} đơn vị." in response.content.decode()
    assert "đã quá hạn gửi (15/07/2026)" in Notification.objects.get(user=editor).text
