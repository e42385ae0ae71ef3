"""Point 5 of issue 12: the committee table sorts by any column, keeps its page size per user,
decides on every filtered model, and lists decisions with their document."""

from datetime import date

import pytest
from django.test import Client

from danvan.reviews import services
from danvan.reviews.models import Recognition
from tests.permissions import user_with_role
from tests.reviews.factories import (
    make_decision,
    make_initiative,
    make_reviewer,
    open_round_with,
    score,
)

pytestmark = pytest.mark.django_db

# name → the score given on every criterion (the weighted mean).
MODELS = {"Mô hình Bến nước": 6, "Mô hình Ánh sáng": 9, "Mô hình Cầu tre": 7}


@pytest.fixture
def closed_round():
    initiatives = [make_initiative(name=name) for name in MODELS]
    review_round = open_round_with(initiatives, [make_reviewer()], per=1)
    for assignment in review_round.assignments.select_related("initiative"):
        score(assignment, values=(MODELS[assignment.initiative.name],) * 6)
    services.transition_round(review_round=review_round, to_state="closed", acting_user=None)
    staff = user_with_role("staff", unit=review_round.committee.unit)
    client = Client()
    client.force_login(staff)
    return review_round, client


def _order(page: str) -> list[str]:
    names = [name for name in MODELS if name in page]
    return sorted(names, key=page.index)


def test_the_table_sorts_by_any_column_both_ways(closed_round):
    review_round, client = closed_round
    url = f"/binh-xet/{review_round.pk}/bang/"

    by_rank = client.get(url).content.decode()
    by_name = client.get(f"{url}?sort=name").content.decode()
    by_mean_up = client.get(f"{url}?sort=mean").content.decode()

    assert _order(by_rank) == ["Mô hình Ánh sáng", "Mô hình Cầu tre", "Mô hình Bến nước"]
    assert _order(by_name) == ["Mô hình Ánh sáng", "Mô hình Bến nước", "Mô hình Cầu tre"]
    assert _order(by_mean_up) == ["Mô hình Bến nước", "Mô hình Cầu tre", "Mô hình Ánh sáng"]
    assert 'aria-sort="ascending"><a href="?sort=-mean"' in by_mean_up
    assert "table-wrap--sticky" in by_rank
    assert "data-pick-all" in by_rank


def test_the_page_size_is_kept_for_the_user(closed_round):
    review_round, client = closed_round
    url = f"/binh-xet/{review_round.pk}/bang/"

    client.get(f"{url}?size=25")
    again = client.get(url).content.decode()
    other = Client()
    other.force_login(user_with_role("staff", unit=review_round.committee.unit))

    assert '<option value="25" selected>' in again
    assert '<option value="100" selected>' in other.get(url).content.decode()
    assert '<option value="25" selected>' in client.get(f"{url}?size=7").content.decode()


def test_deciding_on_every_filtered_model_decides_those_and_no_other(closed_round):
    review_round, client = closed_round
    decision = make_decision(issuer=review_round.committee, number="7-QĐ/BCĐ")

    response = client.post(
        f"/binh-xet/{review_round.pk}/quyet-dinh/",
        {
            "all_filtered": "1",
            "filter-min_mean": "7",
            "outcome": "recognised",
            "level": "district",
            "decision": decision.pk,
        },
    )

    assert response.status_code == 302
    decided = Recognition.objects.filter(round=review_round).select_related("initiative")
    assert sorted(r.initiative.name for r in decided) == ["Mô hình Cầu tre", "Mô hình Ánh sáng"]
    assert {r.decided_on for r in decided} == {date(2023, 12, 20)}  # the quyết định's day
    table = client.get(f"/binh-xet/{review_round.pk}/bang/").content.decode()
    assert f'<a href="/van-ban/{decision.pk}/">Quyết định số 7-QĐ/BCĐ ngày 20/12/2023</a>' in table


def test_a_decision_day_other_than_the_documents_is_refused_in_vietnamese(closed_round):
    review_round, client = closed_round
    decision = make_decision(issuer=review_round.committee, number="8-QĐ/BCĐ")
    first = review_round.entries.first().initiative

    page = client.post(
        f"/binh-xet/{review_round.pk}/quyet-dinh/",
        {
            "pick": [first.pk],
            "outcome": "recognised",
            "level": "district",
            "decision": decision.pk,
            "decided_on": "20/12/2020",
        },
    ).content.decode()

    assert "Ngày quyết định phải trùng với ngày ban hành của quyết định" in page
    assert not Recognition.objects.filter(round=review_round).exists()


def test_models_are_tagged_shown_with_their_tags_and_filtered_by_one(closed_round):
    review_round, client = closed_round
    url = f"/binh-xet/{review_round.pk}/bang/"
    ids = {
        e.initiative.name: e.initiative_id
        for e in review_round.entries.select_related("initiative")
    }

    response = client.post(
        f"/binh-xet/{review_round.pk}/quyet-dinh/",
        {
            "action": "tag",
            "tag_name": "  cần   xác minh ",
            "pick": [ids["Mô hình Bến nước"], ids["Mô hình Cầu tre"]],
        },
    )
    tagged = client.get(f"{url}?tag=cần xác minh").content.decode()
    client.post(
        f"/binh-xet/{review_round.pk}/quyet-dinh/",
        {"action": "untag", "tag_name": "cần xác minh", "pick": [ids["Mô hình Cầu tre"]]},
    )
    after = client.get(f"{url}?tag=cần xác minh").content.decode()

    assert response.status_code == 302
    assert _order(tagged) == ["Mô hình Cầu tre", "Mô hình Bến nước"]
    assert '<span class="badge" data-tag>cần xác minh</span>' in tagged
    assert _order(after) == ["Mô hình Bến nước"]


def test_a_tag_on_a_model_outside_the_users_scope_is_refused(closed_round):
    from danvan.core.permissions import OutOfScope
    from tests.initiatives.factories import thap_muoi

    review_round, _client = closed_round
    outside = make_initiative(name="Ngoài phạm vi", place=thap_muoi())
    staff = user_with_role("staff", unit=review_round.committee.unit)

    with pytest.raises(OutOfScope):
        services.tag_initiatives(
            review_round=review_round, initiatives=[outside], name="x", acting_user=staff
        )
    assert not review_round.tags.exists()


def test_the_filters_fold_behind_one_button_on_a_phone(closed_round):
    """Issue 12, point 6: like the model and document lists, the table's filters sit in a
    <details> (opened by app.js on a wide screen), the buttons stay outside it."""
    review_round, client = closed_round

    page = client.get(f"/binh-xet/{review_round.pk}/bang/?tag=x").content.decode()

    begin = page.index('<form class="filters"')
    form = page[begin : page.index("</form>", begin)]
    start = form.index('<details class="filters-toggle" data-open-wide>')
    folded = form[start : form.index("</details>")]
    outside = form[:start] + form[form.index("</details>") :]
    assert "<summary>Bộ lọc" in folded
    assert 'name="tag"' in folded
    assert 'name="size"' in folded
    assert 'name="tag"' not in outside
    assert 'type="submit"' in outside
    assert 'type="submit"' not in folded
