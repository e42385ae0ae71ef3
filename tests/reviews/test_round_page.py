"""Point 5 of issue 12: the round page pages its assignments and offers removal only where it
is allowed; notices of a round whose scoring is over stop asking to score."""

import pytest
from django.test import Client

from danvan.reviews import services
from danvan.reviews.models import Notification, RoundEntry
from danvan.reviews.views import rounds
from tests.permissions import user_with_role
from tests.reviews.factories import make_initiative, make_reviewer, open_round_with, score

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_round_page_pages_its_assignments_and_says_how_many(monkeypatch):
    monkeypatch.setattr(rounds, "ASSIGNMENTS_PAGE", 2)
    initiatives = [make_initiative(name=f"Mô hình số {n}") for n in range(3)]
    review_round = open_round_with(initiatives, [make_reviewer()], per=1)
    client = _client(user_with_role("staff", unit=review_round.committee.unit))
    url = f"/binh-xet/{review_round.pk}/"

    first = client.get(url).content.decode()
    last = client.get(f"{url}?apage=2").content.decode()

    assert "Phân công 1–2 trên tổng số 3" in first
    assert '<a href="?apage=2#assignment-heading">' in first
    assert "Phân công 3–3 trên tổng số 3" in last
    codes = sorted(i.code for i in initiatives)
    assert codes[2] not in first.split('id="assignment-count"')[1].split("</table>")[0]
    assert codes[2] in last.split('id="assignment-count"')[1].split("</table>")[0]


def test_removal_is_offered_only_for_an_assignment_without_scores():
    scored, free = make_initiative(name="Đã chấm"), make_initiative(name="Chưa chấm")
    review_round = open_round_with([scored, free], [make_reviewer()], per=1)
    done = review_round.assignments.get(initiative=scored)
    score(done, submit=False)
    open_one = review_round.assignments.get(initiative=free)
    client = _client(user_with_role("staff", unit=review_round.committee.unit))

    page = client.get(f"/binh-xet/{review_round.pk}/").content.decode()

    table = page.split('id="assignment-count"')[1].split("</table>")[0]
    assert f"/binh-xet/{review_round.pk}/phan-cong/{open_one.pk}/bo/" in table
    assert f"/phan-cong/{done.pk}/bo/" not in table


def test_notices_of_a_round_whose_scoring_is_over_no_longer_ask_to_score():
    reviewer = make_reviewer()
    review_round = open_round_with([make_initiative()], [reviewer], per=1)
    notice = Notification.objects.get(user=reviewer, kind="assigned")
    assert "cần chấm" in notice.text
    assert notice.read_at is None

    services.transition_round(review_round=review_round, to_state="closed", acting_user=None)
    page = _client(reviewer).get("/thong-bao/").content.decode()

    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "cần chấm" not in page
    assert f"Việc chấm điểm đợt “{review_round.name}” đã kết thúc (đợt đã đóng)." in page


def test_taking_a_model_out_is_offered_only_where_the_service_allows_it():
    from tests.initiatives.factories import thap_muoi

    scored, free = make_initiative(name="Đã chấm"), make_initiative(name="Chưa chấm")
    review_round = open_round_with([scored, free], [make_reviewer()], per=1)
    score(review_round.assignments.get(initiative=scored), submit=False)
    elsewhere = make_initiative(name="Ngoài phạm vi", place=thap_muoi())
    RoundEntry.objects.create(round=review_round, initiative=elsewhere, by_hand=True)
    client = _client(user_with_role("staff", unit=review_round.committee.unit))

    page = client.get(f"/binh-xet/{review_round.pk}/").content.decode()

    models = page.split('id="eligible-heading"')[1].split("</table>")[0]
    assert f"/binh-xet/{review_round.pk}/bo/{free.pk}/" in models
    assert f"/bo/{scored.pk}/" not in models
    assert f"/bo/{elsewhere.pk}/" not in models
