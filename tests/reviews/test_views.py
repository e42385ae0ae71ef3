"""The review pages, asserted on what they show."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.reviews import services
from danvan.reviews.models import Recognition, Review
from tests.commit import committed
from tests.permissions import user_with_role
from tests.reviews.factories import (
    make_decision,
    make_initiative,
    make_reviewer,
    open_round_with,
    score,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def scored_round():
    """Two models, two reviewers each; the first model scored by both, the second by one."""
    first = make_initiative(name="Vận động nhân dân xây dựng môi trường xanh, sạch, đẹp")
    second = make_initiative(name="Dân vận khéo trong xây dựng nông thôn mới")
    reviewers = [make_reviewer(name="Hoàng Thị Ánh"), make_reviewer(name="Nông Văn Bình")]
    review_round = open_round_with([first, second], reviewers, per=2)
    for assignment in review_round.assignments.filter(initiative=first):
        score(assignment, (8, 6, 7, 9, 10, 5), recommendation="recognised")
    score(review_round.assignments.get(initiative=second, reviewer=reviewers[0]), (5,) * 6)
    return review_round, first, second, reviewers


def test_the_queue_shows_what_is_assigned_done_and_left(scored_round):
    review_round, first, second, reviewers = scored_round

    page = _text(_client(reviewers[1]).get("/cham-diem/"))

    assert "1 / 2 đã gửi, còn 1 (50%)" in page
    assert '<progress max="2" value="1"' in page
    assert "Dân vận khéo trong xây dựng nông thôn mới" in page


def test_the_scoring_form_hides_others_until_submitted_then_shows_them(scored_round):
    review_round, first, second, reviewers = scored_round
    mine = review_round.assignments.get(initiative=second, reviewer=reviewers[1])
    client = _client(reviewers[1])

    before = _text(client.get(f"/cham-diem/{mine.pk}/"))
    assert "Điểm của những người chấm khác và điểm tổng hợp chỉ hiện sau khi đồng chí gửi" in before
    assert "Hoàng Thị Ánh" not in before

    criteria = list(review_round.criteria_set.criteria.all())
    data = {f"score_{c.pk}": "7" for c in criteria} | {"action": "submit", "version": "0"}
    data[f"score_{criteria[0].pk}"] = "7,5"
    response = client.post(f"/cham-diem/{mine.pk}/", data)
    assert response.status_code == 302

    after = _text(client.get(f"/cham-diem/{mine.pk}/"))
    assert "Hoàng Thị Ánh" in after
    # (5 + 7.125) / 2 = 6.0625; the reviewer's own weighted score 7,125 → 7,13
    assert "Trung bình 6,06 · trung vị 6,06 · chênh lệch 2,13 · 2 phiếu" in after
    assert Review.objects.get(assignment=mine).weighted_score == pytest.approx(7.125)


def test_save_and_next_goes_to_the_next_model_left(scored_round):
    review_round, first, second, reviewers = scored_round
    reviewer = make_reviewer(name="Lý Văn Tiếp")
    third = make_initiative(name="Mô hình thứ ba")
    review_round.reviewers.add(reviewer)
    one = services.assign_reviewer(
        review_round=review_round, initiative=first, reviewer=reviewer, acting_user=None
    )
    other = services.assign_reviewer(
        review_round=review_round, initiative=second, reviewer=reviewer, acting_user=None
    )
    assert third  # not in the round: never next
    data = {f"score_{c.pk}": "9" for c in review_round.criteria_set.criteria.all()}

    response = _client(reviewer).post(f"/cham-diem/{one.pk}/", {**data, "action": "next"})

    assert response["Location"] == f"/cham-diem/{other.pk}/"
    assert Review.objects.get(assignment=one).submitted_at is not None


def test_a_late_edit_is_refused_with_the_reason_and_changes_nothing(scored_round):
    review_round, first, second, reviewers = scored_round
    services.transition_round(review_round=review_round, to_state="closed", acting_user=None)
    mine = review_round.assignments.get(initiative=first, reviewer=reviewers[0])
    data = {f"score_{c.pk}": "1" for c in review_round.criteria_set.criteria.all()}

    page = _text(_client(reviewers[0]).post(f"/cham-diem/{mine.pk}/", {**data, "action": "submit"}))

    assert "Đợt đã đóng: không thể thay đổi điểm nữa." in page
    assert str(Review.objects.get(assignment=mine).weighted_score) == "7.450"


def test_another_reviewers_scoring_form_does_not_exist(scored_round):
    review_round, first, second, reviewers = scored_round
    theirs = review_round.assignments.get(initiative=first, reviewer=reviewers[0])

    assert _client(reviewers[1]).get(f"/cham-diem/{theirs.pk}/").status_code == 404


def test_the_committee_table_ranks_and_aggregates(scored_round):
    review_round, first, second, reviewers = scored_round
    staff = user_with_role("staff", unit=review_round.committee.unit)

    page = _text(_client(staff).get(f"/binh-xet/{review_round.pk}/bang/"))

    row_first = page.split(f'data-initiative="{first.code}"')[1].split("</tr>")[0]
    row_second = page.split(f'data-initiative="{second.code}"')[1].split("</tr>")[0]
    assert "<td data-mean>7,45</td>" in row_first
    assert "<td>2/2</td>" in row_first
    assert "Công nhận: 2" in row_first
    assert "<td data-mean>5,00</td>" in row_second
    assert "<td>1/2</td>" in row_second
    assert page.index(first.code) < page.index(second.code)


def test_the_committee_table_reads_as_many_queries_for_three_models_as_for_one():
    counts = []
    for size in (1, 3):
        reviewers = [make_reviewer(), make_reviewer()]
        review_round = open_round_with([make_initiative() for _ in range(size)], reviewers)
        for assignment in review_round.assignments.all():
            score(assignment)
        client = _client(user_with_role("staff", unit=review_round.committee.unit))
        client.get(f"/binh-xet/{review_round.pk}/bang/")  # sessions, grants warmed up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/binh-xet/{review_round.pk}/bang/")
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_deciding_in_the_browser_records_recognitions_on_the_initiative_page(scored_round):
    review_round, first, second, reviewers = scored_round
    staff = user_with_role("staff", unit=review_round.committee.unit)
    client = _client(staff)
    decision = make_decision(issuer=review_round.committee, number="45-QĐ/BCĐ")
    form = {
        "pick": [first.pk],
        "outcome": "outstanding",
        "level": "district",
        "decision": decision.pk,
        "decided_on": "20/12/2023",
    }

    refused = _text(client.post(f"/binh-xet/{review_round.pk}/quyet-dinh/", form))
    assert "Chỉ ra quyết định khi đợt đã đóng" in refused
    assert Recognition.objects.count() == 0

    client.post(f"/binh-xet/{review_round.pk}/trang-thai/", {"to_state": "closed"})
    response = client.post(f"/binh-xet/{review_round.pk}/quyet-dinh/", form)
    assert response.status_code == 302

    table = _text(client.get(f"/binh-xet/{review_round.pk}/bang/"))
    assert "Tiêu biểu (cấp huyện)" in table
    page = _text(client.get(f"/mo-hinh/{first.pk}/"))
    assert (
        "<strong>Tiêu biểu (cấp huyện)</strong> — Quyết định số 45-QĐ/BCĐ ngày 20/12/2023" in page
    )
    assert "Quyết định của Ban Chỉ đạo" in page  # the timeline entry
    assert "tiêu biểu (cấp huyện) — Quyết định số 45-QĐ/BCĐ ngày 20/12/2023" in page


def test_the_results_workbook_holds_the_table(scored_round):
    review_round, first, second, reviewers = scored_round
    staff = user_with_role("staff", unit=review_round.committee.unit)

    response = _client(staff).get(f"/binh-xet/{review_round.pk}/ket-qua.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [
        row
        for row in sheet.iter_rows(values_only=True)
        if row and row[1] in {first.code, second.code}
    ]
    assert [(r[0], r[1], r[5], r[8], r[9], r[10]) for r in rows] == [
        (1, first.code, 7.45, 2, 2, "Công nhận: 2"),
        (2, second.code, 5, 1, 2, None),
    ]


def test_the_minute_is_a_pdf_with_the_decisions_in_vietnamese(scored_round):
    review_round, first, second, reviewers = scored_round
    services.transition_round(review_round=review_round, to_state="closed", acting_user=None)
    decision = make_decision(issuer=review_round.committee)
    for initiative, outcome, level in ((second, "not_met", ""), (first, "recognised", "district")):
        services.decide(
            review_round=review_round,
            initiatives=[initiative],
            outcome=outcome,
            level=level,
            decision=decision,
            decided_on=date(2023, 12, 20),
            seen={},
            acting_user=None,
        )
    staff = user_with_role("staff", unit=review_round.committee.unit)

    client = _client(staff)
    with committed():
        started = client.post(f"/binh-xet/{review_round.pk}/bien-ban/")
    job_page = client.get(started["Location"]).content.decode()
    response = client.get(f"{started['Location']}tep/")

    assert "Tệp đã sẵn sàng" in job_page
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )
    assert "BIÊN BẢN" in text
    assert "1. Công nhận (cấp huyện) (1)" in text
    assert "2. Chưa đạt (1)" in text
    assert "Vận động nhân dân xây dựng môi trường xanh, sạch, đẹp" in text
    assert "7,45" in text


def test_the_header_counts_unread_notifications_and_the_list_marks_them_read(scored_round):
    review_round, first, second, reviewers = scored_round
    client = _client(reviewers[0])

    home = _text(client.get("/"))
    assert 'Thông báo <span class="badge" data-count>1</span>' in home
    listing = _text(client.get("/thong-bao/"))
    assert "2 mô hình cần chấm trong “Bình xét mô hình Dân vận khéo năm 2023”" in listing

    client.post("/thong-bao/da-doc/")
    assert "data-count" not in client.get("/").content.decode()


def test_staff_create_a_round_in_the_browser():
    from danvan.reviews.services import default_criteria_set
    from tests.reviews.factories import make_committee

    committee = make_committee()
    staff = user_with_role("staff", unit=committee.unit)
    reviewer = make_reviewer(name="Đặng Thị Chấm")

    response = _client(staff).post(
        "/binh-xet/tao/",
        {
            "name": "Bình xét năm 2024",
            "committee": committee.pk,
            "period_start": "01/01/2024",
            "period_end": "31/12/2024",
            "deadline": "30/11/2024",
            "criteria_set": default_criteria_set().pk,
            "reviewers_per_initiative": "3",
            "reviewers": [reviewer.pk],
        },
    )

    assert response.status_code == 302
    page = _text(_client(staff).get(response["Location"]))
    assert "Bình xét năm 2024" in page
    assert "Đặng Thị Chấm" in page
    assert "Bản nháp" in page


def test_staff_edit_a_draft_round_and_a_stale_edit_is_refused():
    from tests.reviews.factories import make_round

    review_round = make_round()
    staff = user_with_role("staff", unit=review_round.committee.unit)
    client = _client(staff)
    form = _text(client.get(f"/binh-xet/{review_round.pk}/sua/"))
    assert 'value="Bình xét mô hình Dân vận khéo năm 2023"' in form
    assert 'value="30/11/2023"' in form
    data = {
        "name": "Bình xét năm 2023 (bổ sung)",
        "committee": review_round.committee.pk,
        "scope_unit": review_round.scope_unit.pk,
        "period_start": "01/01/2023",
        "period_end": "31/12/2023",
        "deadline": "05/12/2023",
        "criteria_set": review_round.criteria_set.pk,
        "reviewers_per_initiative": "2",
        "version": str(review_round.version),
    }

    assert client.post(f"/binh-xet/{review_round.pk}/sua/", data).status_code == 302
    stale = _text(client.post(f"/binh-xet/{review_round.pk}/sua/", {**data, "name": "Khác"}))

    review_round.refresh_from_db()
    assert (review_round.name, str(review_round.deadline)) == (
        "Bình xét năm 2023 (bổ sung)",
        "2023-12-05",
    )
    assert "Có người khác đã sửa hồ sơ này trong lúc đồng chí đang sửa." in stale


def test_staff_record_a_recognition_decided_outside_a_round():
    initiative = make_initiative(name="Tuyến đường hoa tự quản")
    staff = user_with_role("staff", unit=initiative.owner_organization.unit)
    decision = make_decision(
        issuer=initiative.owner_organization, number="88-QĐ/UBND", day=date(2024, 1, 15)
    )
    client = _client(staff)

    response = client.post(
        f"/mo-hinh/{initiative.pk}/cong-nhan/",
        {
            "outcome": "recognised",
            "level": "province",
            "decision": decision.pk,
            "decided_on": "15/01/2024",
            "note": "Nhân rộng ra toàn tỉnh",
        },
    )

    assert response["Location"] == f"/mo-hinh/{initiative.pk}/"
    recognition = Recognition.objects.get(initiative=initiative)
    assert (str(recognition), recognition.round, str(recognition.decided_on)) == (
        "công nhận (cấp tỉnh)",
        None,
        "2024-01-15",
    )
    page = _text(client.get(f"/mo-hinh/{initiative.pk}/"))
    assert (
        "<strong>Công nhận (cấp tỉnh)</strong> — Quyết định số 88-QĐ/UBND ngày 15/01/2024" in page
    )
