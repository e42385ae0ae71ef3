"""Point 4 of issue 12: timelines read in Vietnamese — labels, names, years — never codes or ids."""

from datetime import date

import pytest
from django.urls import reverse

from danvan.core.history import change_rows
from danvan.core.models import AuditEvent
from danvan.core.services import record_event
from danvan.reviews.models import Review
from tests.permissions import user_with_role
from tests.reviews import factories

pytestmark = pytest.mark.django_db


def _scored_review(recommendation="strengthen"):
    reviewer = factories.make_reviewer(name="Hoàng Văn Chấm")
    initiative = factories.make_initiative(name="Mô hình Nước sạch bản Mốc", year=2023)
    review_round = factories.open_round_with([initiative], [reviewer], per=1)
    assignment = review_round.assignments.get()
    factories.score(assignment, recommendation=recommendation)
    return reviewer, initiative, Review.objects.get(assignment=assignment)


def test_a_recommendation_reads_as_its_label_and_the_review_by_its_names(client):
    reviewer, initiative, review = _scored_review()
    event = AuditEvent.objects.get(action="reviews.review.submitted")
    rows = {row["label"]: row for row in change_rows(event)}
    assert rows["Đề xuất"]["after"] == "cần củng cố"
    assert event.object_label.endswith("Mô hình Nước sạch bản Mốc — Hoàng Văn Chấm")
    client.force_login(reviewer)
    page = client.get(reverse("core:my-events")).content.decode()
    assert "strengthen" not in page
    assert "cần củng cố" in page
    assert "Mô hình Nước sạch bản Mốc — Hoàng Văn Chấm" in page
    assert f"{review.round_id}: {initiative.pk}" not in page


def test_a_score_keyed_by_a_criterion_id_reads_as_the_criterion_name():
    _reviewer, _initiative, review = _scored_review()
    criterion = review.round.criteria_set.criteria.first()
    event = record_event(
        action="reviews.review.saved", obj=review, changes={str(criterion.pk): ["6.00", "7.00"]}
    )
    assert change_rows(event)[0]["label"] == criterion.name[:1].upper() + criterion.name[1:]


def test_a_year_reads_without_a_thousands_dot_and_a_stored_choice_code_as_its_label():
    initiative = factories.make_initiative(name="Mô hình Dân vận khéo", year=2026)
    event = record_event(
        action="initiatives.initiative.updated",
        obj=initiative,
        changes={"year": [2025, 2026], "status": ["active", "ended"]},
    )
    rows = {row["label"]: row for row in change_rows(event)}
    assert (rows["Năm đăng ký"]["before"], rows["Năm đăng ký"]["after"]) == ("2025", "2026")
    assert (rows["Trạng thái"]["before"], rows["Trạng thái"]["after"]) != ("active", "ended")
    assert "active" not in str(rows)


def test_keys_that_are_not_fields_of_the_object_read_in_vietnamese():
    from tests.factories.organizations import tuyen_quang

    unit = tuyen_quang()
    event = record_event(
        action="territory.succession.added",
        obj=unit,
        changes={"successor": [None, "Tỉnh Tuyên Quang"], "kind": [None, "merged"]},
    )
    labels = [row["label"] for row in change_rows(event)]
    assert labels == ["Đơn vị kế thừa", "Hình thức"]
    assert "merged" not in str(change_rows(event))
    swept = record_event(action="core.media.swept", changes={"files": [["a.pdf"], []]})
    assert change_rows(swept)[0] == {"label": "Tệp", "before": "a.pdf", "after": "—"}


def test_the_round_timeline_pages_with_its_own_query_string(client):
    review_round = factories.make_round()
    for number in range(25):
        record_event(action="reviews.round.updated", obj=review_round, message=f"lần {number}")
    manager = user_with_role("staff", unit=review_round.committee.unit)
    client.force_login(manager)
    url = reverse("reviews:round-detail", args=[review_round.pk])
    page = client.get(url).content.decode()
    assert f"{url}?timeline=1&amp;page=2" in page
    more = client.get(f"{url}?timeline=1&page=2", headers={"HX-Request": "true"})
    assert "lần 0" in more.content.decode()


def test_dates_in_changes_read_dd_mm_yyyy():
    initiative = factories.make_initiative(name="Mô hình Dân vận khéo")
    event = record_event(
        action="initiatives.initiative.updated",
        obj=initiative,
        changes={"start_date": [None, date(2023, 7, 1).isoformat()]},
    )
    assert change_rows(event)[0]["after"] == "01/07/2023"


def test_the_initiative_history_is_sorted_by_the_day_things_happened_and_paged(client):
    from danvan.initiatives import services as initiative_services

    initiative = factories.make_initiative(name="Mô hình Đường hoa", status="active")
    staff = user_with_role("staff", unit=initiative.owner_organization.unit)
    for day in range(1, 26):  # entered in reverse: the 25th of May first
        initiative_services.add_progress(
            initiative=initiative,
            day=date(2024, 5, 26 - day),
            text=f"Cập nhật ngày {26 - day:02d}/05",
            acting_user=staff,
        )
    record_event(
        action="initiatives.initiative.updated", obj=initiative, changes={"year": [2023, 2024]}
    )
    client.force_login(staff)
    url = f"/mo-hinh/{initiative.pk}/"

    first = client.get(url).content.decode()
    second = client.get(f"{url}?tpage=2").content.decode()

    assert first.index("Cập nhật ngày 25/05") < first.index("Cập nhật ngày 24/05")
    assert "Cập nhật ngày 01/05" not in first
    assert "Cập nhật ngày 01/05" in second
    assert 'href="?tpage=2#timeline-heading"' in first
    assert "2.024" not in first
    assert "<dd>2023 → 2024</dd>" in first


def test_scores_read_with_a_decimal_comma():
    from decimal import Decimal

    _reviewer, _initiative, review = _scored_review()
    criterion = review.round.criteria_set.criteria.first()
    written = record_event(
        action="reviews.review.saved",
        obj=review,
        changes={criterion.name: [Decimal("7.50"), Decimal("8.5")]},
    )
    row = change_rows(AuditEvent.objects.get(pk=written.pk))[0]
    assert (row["before"], row["after"]) == ("7,50", "8,5")
