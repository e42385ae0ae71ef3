"""The demonstration data replays seeds 000 and 004 through the services, on their own dates."""

import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from danvan.activities import demo, queries
from danvan.activities.models import Activity, Campaign
from danvan.core.models import AuditEvent
from danvan.documents import demo as documents_demo
from danvan.organizations import demo as organizations_demo

pytestmark = pytest.mark.django_db


def test_the_demo_replays_seed_000_and_seed_004_on_their_own_dates(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    organizations_demo.load_demo(stdout=io.StringIO())
    documents_demo.load_demo(stdout=io.StringIO())
    said = demo.load_demo(stdout=io.StringIO())
    assert said == "Đã nạp 14 hoạt động, đợt, phong trào trình diễn."

    binh_an = Activity.objects.get(start_date=date(2022, 5, 13))
    assert binh_an.place.path == demo.BINH_AN
    assert sorted(binh_an.places.values_list("unit__name", flat=True)) == [
        "Phiêng Luông",
        "Tống Pu",
    ]
    assert sorted(binh_an.documents.values_list("number", flat=True)) == [
        "02-HD/BDVTU",
        "54-KH/HU",
    ]
    kind = ContentType.objects.get_for_model(Activity)
    days = {
        timezone.localdate(event.occurred_at)
        for event in AuditEvent.objects.filter(content_type=kind, object_id=str(binh_an.pk))
    }
    assert days == {date(2022, 5, 13)}

    month = Campaign.objects.get(name="Tháng Dân vận năm 2018 tỉnh Bắc Giang")
    assert month.documents.get().number == "45-KH/BDVTU"
    progress = {
        row.line.unit.name: row for row in queries.plan_progress(month, day=date(2018, 10, 20))
    }
    assert (progress["Lục Nam"].done, progress["Lục Nam"].late) == (4, False)
    assert (progress["Lục Ngạn"].done, progress["Lục Ngạn"].expected) == (1, 3)
    assert progress["Lục Ngạn"].late
    assert progress["Sơn Động"].done == 0

    assert demo.load_demo(stdout=io.StringIO()) == "Dữ liệu hoạt động trình diễn đã có."
