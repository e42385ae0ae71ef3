"""Issue 11, findings 1 and 2, tried as an attacker would: staff of tỉnh Tuyên Quang reaching
Đồng Tháp's models through a review round. The services refuse by themselves (whoever calls
them); the pages answer 404 and never name a model out of scope; every refusal leaves the
objects as they were."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from danvan.core.permissions import OutOfScope
from danvan.reviews import services
from danvan.reviews.models import Assignment, Recognition, ReviewRound, RoundEntry
from tests.factories.organizations import dong_thap, make_organization, tuyen_quang
from tests.initiatives.factories import binh_an, thap_muoi
from tests.permissions import user_with_role
from tests.reviews.factories import (
    make_committee,
    make_decision,
    make_initiative,
    make_reviewer,
    make_round,
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
def staff():
    """Staff of tỉnh Tuyên Quang: the attacker."""
    return user_with_role("staff", unit=tuyen_quang())


@pytest.fixture
def ours():
    return make_initiative(name="Mô hình của Tuyên Quang")


@pytest.fixture
def theirs():
    """Two models of tỉnh Đồng Tháp, out of the attacker's scope."""
    return [
        make_initiative(name=f"Mô hình bí mật của Đồng Tháp {n}", place=thap_muoi()) for n in (1, 2)
    ]


def _round_data(**changes) -> dict:
    return {
        "name": "Bình xét năm 2023",
        "committee": make_committee(),
        "scope_unit": tuyen_quang(),
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 12, 31),
        "deadline": date(2023, 11, 30),
        "criteria_set": services.default_criteria_set(),
        "reviewers_per_initiative": 1,
        **changes,
    }


def _refused(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


# ---- creating and changing a round ------------------------------------------------------------


def test_a_round_over_another_province_is_refused_by_the_service(staff):
    errors = _refused(
        lambda: services.create_round(data=_round_data(scope_unit=dong_thap()), acting_user=staff)
    )

    assert errors == {"scope_unit": ["Hãy chọn địa bàn trong phạm vi của đồng chí."]}
    assert ReviewRound.objects.count() == 0


def test_a_round_of_another_provinces_committee_or_organisation_is_refused(staff):
    foreign_committee = make_committee(name="Ban Chỉ đạo tỉnh Đồng Tháp", unit=dong_thap())
    foreign_owner = make_organization(name="Ban Dân vận Đồng Tháp", unit=dong_thap())

    errors = _refused(
        lambda: services.create_round(
            data=_round_data(committee=foreign_committee, scope_organization=foreign_owner),
            acting_user=staff,
        )
    )

    assert errors == {
        "committee": ["Hãy chọn một Ban Chỉ đạo trong phạm vi của đồng chí."],
        "scope_organization": ["Hãy chọn tổ chức trong phạm vi của đồng chí."],
    }
    assert ReviewRound.objects.count() == 0


def test_reviewers_come_from_the_users_scope_or_above_it_never_beside():
    commune_staff = user_with_role("staff", unit=binh_an())
    committee = make_committee(name="Ban Chỉ đạo xã Bình An", unit=binh_an())
    provincial = make_reviewer(name="Người chấm cấp tỉnh", unit=tuyen_quang())
    foreign = make_reviewer(name="Người chấm Đồng Tháp", unit=dong_thap())

    errors = _refused(
        lambda: services.create_round(
            data=_round_data(committee=committee, scope_unit=binh_an()),
            reviewers=[provincial, foreign],
            acting_user=commune_staff,
        )
    )
    created = services.create_round(
        data=_round_data(committee=committee, scope_unit=binh_an()),
        reviewers=[provincial],
        acting_user=commune_staff,
    )

    assert errors == {"reviewers": ["Hãy chọn người chấm trong phạm vi của đồng chí."]}
    assert list(created.reviewers.all()) == [provincial]


def test_a_round_cannot_be_moved_to_another_province_nor_changed_from_there(staff):
    review_round = make_round(acting_user=staff)
    before = ReviewRound.objects.values().get(pk=review_round.pk)

    errors = _refused(
        lambda: services.update_round(
            review_round=review_round,
            data={"scope_unit": dong_thap()},
            version=review_round.version,
            acting_user=staff,
        )
    )
    with pytest.raises(OutOfScope):
        services.update_round(
            review_round=review_round,
            data={"name": "Đổi tên"},
            version=review_round.version,
            acting_user=user_with_role("staff", unit=dong_thap()),
        )

    assert errors == {"scope_unit": ["Hãy chọn địa bàn trong phạm vi của đồng chí."]}
    assert ReviewRound.objects.values().get(pk=review_round.pk) == before


# ---- the eligible models ----------------------------------------------------------------------


def test_the_filter_takes_only_the_models_the_user_manages(staff, ours, theirs):
    # A round over the whole country (no area): the filter is still bounded by the user.
    review_round = make_round(scope_unit=None, acting_user=staff)

    added = services.apply_filter(review_round=review_round, acting_user=staff)

    assert added == 1
    assert list(RoundEntry.objects.values_list("initiative__name", flat=True)) == [ours.name]


def test_a_round_set_over_dong_thap_by_the_system_gives_tuyen_quang_staff_nothing(staff, theirs):
    review_round = make_round(scope_unit=dong_thap())  # e.g. by a superuser

    assert services.apply_filter(review_round=review_round, acting_user=staff) == 0
    assert RoundEntry.objects.count() == 0


def test_a_model_out_of_scope_is_neither_added_nor_removed(staff, theirs):
    review_round = make_round(acting_user=staff)
    services.include_initiative(review_round=review_round, initiative=theirs[1], acting_user=None)
    before = list(RoundEntry.objects.values())

    with pytest.raises(OutOfScope):
        services.include_initiative(
            review_round=review_round, initiative=theirs[0], acting_user=staff
        )
    with pytest.raises(OutOfScope):
        services.exclude_initiative(
            review_round=review_round, initiative=theirs[1], acting_user=staff
        )

    assert list(RoundEntry.objects.values()) == before


def test_removing_a_model_that_is_not_in_the_round_is_refused_without_naming_it(staff, ours):
    review_round = make_round(acting_user=staff)

    with pytest.raises(ValidationError) as error:
        services.exclude_initiative(review_round=review_round, initiative=ours, acting_user=staff)

    assert error.value.messages == ["Mô hình, điển hình này không thuộc đợt bình xét."]
    assert RoundEntry.objects.count() == 0


# ---- assignment, scoring, decisions -------------------------------------------------------------


@pytest.fixture
def mixed_round(staff, ours, theirs):
    """A round of Tuyên Quang's committee holding one model of each province (the foreign one
    put there by the system, as an old round made before the rule could be)."""
    review_round = make_round(acting_user=staff, per=1)
    services.include_initiative(review_round=review_round, initiative=ours, acting_user=staff)
    services.include_initiative(review_round=review_round, initiative=theirs[0], acting_user=None)
    return review_round


def test_assigning_out_of_scope_is_refused(staff, mixed_round, ours, theirs):
    reviewer = make_reviewer()
    foreign_reviewer = make_reviewer(unit=dong_thap())

    with pytest.raises(OutOfScope):
        services.assign_reviewer(
            review_round=mixed_round, initiative=theirs[0], reviewer=reviewer, acting_user=staff
        )
    errors = _refused(
        lambda: services.assign_reviewer(
            review_round=mixed_round,
            initiative=ours,
            reviewer=foreign_reviewer,
            acting_user=staff,
        )
    )

    assert errors == {"reviewer": ["Hãy chọn một người chấm trong phạm vi của đồng chí."]}
    assert Assignment.objects.count() == 0


def test_automatic_assignment_pairs_only_models_and_reviewers_of_the_users_scope(
    staff, mixed_round, ours
):
    reviewer = make_reviewer(name="Người chấm Tuyên Quang")
    foreign_reviewer = make_reviewer(name="Người chấm Đồng Tháp", unit=dong_thap())
    mixed_round.reviewers.add(reviewer, foreign_reviewer)  # the pool, as the system left it

    result = services.assign_automatically(review_round=mixed_round, acting_user=staff)

    assert result.created == 1
    assert list(Assignment.objects.values_list("initiative__name", "reviewer__full_name")) == [
        (ours.name, "Người chấm Tuyên Quang")
    ]


def test_deciding_on_a_model_out_of_scope_is_refused_and_records_nothing(
    staff, mixed_round, ours, theirs
):
    reviewer = make_reviewer()
    for initiative in (ours, theirs[0]):
        services.assign_reviewer(
            review_round=mixed_round, initiative=initiative, reviewer=reviewer, acting_user=None
        )
    services.transition_round(review_round=mixed_round, to_state="open", acting_user=staff)
    for assignment in mixed_round.assignments.all():
        score(assignment)
    services.transition_round(review_round=mixed_round, to_state="closed", acting_user=staff)
    decision = make_decision(issuer=mixed_round.committee)
    foreign_decision = make_decision(
        issuer=make_organization(name="UBND tỉnh Đồng Tháp", unit=dong_thap()), number="9-QĐ"
    )

    def decide(initiatives, document):
        return services.decide(
            review_round=mixed_round,
            initiatives=initiatives,
            outcome="recognised",
            level="province",
            decision=document,
            decided_on=date(2023, 12, 20),
            seen={},
            acting_user=staff,
        )

    with pytest.raises(OutOfScope):
        decide([ours, theirs[0]], decision)
    errors = _refused(lambda: decide([ours], foreign_decision))
    with pytest.raises(OutOfScope):
        services.record_recognition(
            initiative=theirs[1],
            outcome="recognised",
            level="province",
            decision=decision,
            decided_on=date(2023, 12, 20),
            acting_user=staff,
        )

    assert errors == {"decision": ["Hãy dẫn một quyết định trong phạm vi của đồng chí."]}
    assert Recognition.objects.count() == 0


def test_scoring_someone_elses_assignment_is_refused(staff, mixed_round, ours):
    assignment = services.assign_reviewer(
        review_round=mixed_round, initiative=ours, reviewer=make_reviewer(), acting_user=staff
    )
    services.transition_round(review_round=mixed_round, to_state="open", acting_user=staff)

    with pytest.raises(OutOfScope):
        services.save_review(assignment=assignment, scores={}, version=0, acting_user=staff)

    assert not hasattr(assignment, "review") or assignment.review is None


# ---- the whole chain through the pages ---------------------------------------------------------


def test_the_chain_through_the_pages_reaches_nothing_of_dong_thap(staff, ours, theirs):
    client = _client(staff)
    committee = make_committee()
    foreign_committee = make_committee(name="Ban Chỉ đạo tỉnh Đồng Tháp", unit=dong_thap())
    reviewer = make_reviewer(name="Người chấm Tuyên Quang")
    form = {
        "name": "Bình xét mô hình năm 2023",
        "committee": committee.pk,
        "period_start": "01/01/2023",
        "period_end": "31/12/2023",
        "deadline": "30/11/2023",
        "criteria_set": services.default_criteria_set().pk,
        "reviewers_per_initiative": "1",
        "reviewers": [reviewer.pk],
    }

    # 1. A round over Đồng Tháp, or of its committee: refused, the form shown again.
    over_there = client.post("/binh-xet/tao/", {**form, "scope_unit": dong_thap().pk})
    their_committee = client.post("/binh-xet/tao/", {**form, "committee": foreign_committee.pk})
    assert over_there.status_code == their_committee.status_code == 200
    assert "Hãy chọn địa bàn trong phạm vi của đồng chí." in _text(over_there)
    assert "Hãy chọn một Ban Chỉ đạo trong phạm vi của đồng chí." in _text(their_committee)
    assert foreign_committee.name not in _text(client.get("/binh-xet/tao/"))
    assert ReviewRound.objects.count() == 0

    # 2. A round without an area: the filter takes Tuyên Quang's model only.
    created = client.post("/binh-xet/tao/", form)
    review_round = ReviewRound.objects.get()
    assert created["Location"] == f"/binh-xet/{review_round.pk}/"
    client.post(f"/binh-xet/{review_round.pk}/loc/")
    assert list(RoundEntry.objects.values_list("initiative_id", flat=True)) == [ours.pk]

    # 3. Adding or removing Đồng Tháp's model by its id: nothing changes, nothing is named.
    added = client.post(
        f"/binh-xet/{review_round.pk}/them/", {"initiative": theirs[0].pk}, follow=True
    )
    removed = client.post(f"/binh-xet/{review_round.pk}/bo/{theirs[1].pk}/")
    assert "Chọn một mô hình trong danh sách hiện ra khi gõ." in _text(added)
    assert removed.status_code == 404
    for page in (_text(added), _text(removed)):
        assert theirs[0].code not in page
        assert theirs[1].code not in page
        assert "Đồng Tháp" not in page
    assert list(RoundEntry.objects.values_list("initiative_id", "excluded")) == [(ours.pk, False)]

    # 4. Even if the system had put Đồng Tháp's model in the round, the staff cannot assign,
    #    remove or decide on it.
    services.include_initiative(review_round=review_round, initiative=theirs[0], acting_user=None)
    client.post(
        f"/binh-xet/{review_round.pk}/phan-cong/",
        {"initiative": theirs[0].pk, "reviewer": reviewer.pk},
    )
    assert not Assignment.objects.filter(initiative=theirs[0]).exists()
    assert client.post(f"/binh-xet/{review_round.pk}/bo/{theirs[0].pk}/").status_code == 404
    assert RoundEntry.objects.get(initiative=theirs[0]).excluded is False
    client.post(f"/binh-xet/{review_round.pk}/phan-cong-tu-dong/")
    assert list(Assignment.objects.values_list("initiative_id", flat=True)) == [ours.pk]
    client.post(f"/binh-xet/{review_round.pk}/trang-thai/", {"to_state": "open"})
    score(Assignment.objects.get())
    client.post(f"/binh-xet/{review_round.pk}/trang-thai/", {"to_state": "closed"})
    table = _text(client.get(f"/binh-xet/{review_round.pk}/bang/"))
    assert f'name="pick" value="{ours.pk}"' in table
    assert f'name="pick" value="{theirs[0].pk}"' not in table
    decision = make_decision(issuer=committee)
    decided = client.post(
        f"/binh-xet/{review_round.pk}/quyet-dinh/",
        {
            "pick": [theirs[0].pk],
            f"seen-{theirs[0].pk}": "0",
            "outcome": "outstanding",
            "level": "province",
            "decision": decision.pk,
            "decided_on": "20/12/2023",
        },
    )
    assert decided.status_code == 404
    assert Recognition.objects.count() == 0

    # 5. Nothing appears on Đồng Tháp's model pages.
    their_viewer = _client(user_with_role("viewer", unit=dong_thap()))
    page = _text(their_viewer.get(f"/mo-hinh/{theirs[0].pk}/"))
    assert theirs[0].name in page
    assert "Tiêu biểu" not in page
    assert review_round.name not in page
