"""A proposal goes up the levels: each level approves, trims or returns it; the conferring
level decides and the honours are written; every step audited and on the nominee's timeline."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danvan.core.models import AuditEvent
from danvan.core.permissions import OutOfScope
from danvan.honors import services
from danvan.honors.enums import NomineeState, ProposalState
from danvan.honors.models import Honour
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import make_organization
from tests.honors.factories import (
    commune_ban,
    make_kind,
    medal,
    officers,
    person_with_service,
    province_ban,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    users = officers()
    proposal = services.create_proposal(
        data={
            "title": "Đề nghị tặng Kỷ niệm chương năm 2026",
            "kind": medal(),
            "proposer": commune_ban(),
        },
        acting_user=users["commune"],
    )
    person = person_with_service((date(2005, 3, 1), None), full_name="Lương Văn Đủ")
    return {**users, "proposal": proposal, "person": person}


def _move(proposal, action, user, **extra):
    proposal.refresh_from_db()
    return services.transition_proposal(
        proposal=proposal, action=action, version=proposal.version, acting_user=user, **extra
    )


def test_the_medal_goes_commune_province_central_and_the_decision_writes_the_honours(world):
    proposal, person = world["proposal"], world["person"]
    stages = [stage.level for stage in services.route(proposal)]
    assert stages == ["commune", "province", "central"]
    nominee = services.add_nominee(
        proposal=proposal, recipient=person, acting_user=world["commune"]
    )
    assert nominee.facts.startswith("Đủ điều kiện: ")
    assert "làm công tác dân vận (cần 15 năm)" in nominee.facts

    proposal = _move(proposal, "submit", world["commune"])
    assert (proposal.state, proposal.stage_level) == ("submitted", "province")
    assert proposal.stage_unit.name == "Tuyên Quang"
    with pytest.raises(OutOfScope):
        _move(proposal, "approve", world["commune"])  # the commune does not consider its own
    proposal = _move(proposal, "approve", world["province"])
    assert (proposal.stage_level, proposal.stage_unit) == ("central", None)
    with pytest.raises(OutOfScope):
        _move(proposal, "approve", world["province"])
    with pytest.raises(ValidationError, match="Cấp này là cấp khen"):
        _move(proposal, "approve", world["central"])

    decision = services.DecisionData(
        decided_on=date(2026, 10, 15), decision_number="1234-QĐ/BDVTW", signer="Trưởng ban"
    )
    proposal = _move(proposal, "decide", world["central"], decision=decision)
    assert proposal.state == ProposalState.DECIDED
    honour = Honour.objects.get(person=person)
    assert (honour.kind, honour.decision_number, honour.source) == (
        medal(),
        "1234-QĐ/BDVTW",
        "proposal",
    )
    assert honour.place == person.unit
    nominee.refresh_from_db()
    assert nominee.state == NomineeState.CONFERRED
    on_person = list(
        AuditEvent.objects.for_object(person)
        .filter(action__startswith="honors.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert on_person == [
        "honors.nominee.added",
        "honors.proposal.submit",
        "honors.proposal.approve",
        "honors.proposal.decided",
        "honors.honour.recorded",
    ]


def test_a_level_returns_the_proposal_with_its_reasons_and_the_proposer_sends_it_again(world):
    proposal = world["proposal"]
    services.add_nominee(proposal=proposal, recipient=world["person"], acting_user=world["commune"])
    _move(proposal, "submit", world["commune"])
    with pytest.raises(ValidationError, match="Nêu lý do trả lại"):
        _move(proposal, "return", world["province"])
    proposal = _move(proposal, "return", world["province"], reason="Thiếu bản nhận xét")
    assert (proposal.state, proposal.reason, proposal.stage_unit) == (
        "returned",
        "Thiếu bản nhận xét",
        None,
    )
    proposal = _move(proposal, "submit", world["commune"])
    assert proposal.state == "submitted"
    assert proposal.reason == ""


def test_a_level_trims_a_nominee_with_a_reason_that_the_nominee_timeline_keeps(world):
    proposal = world["proposal"]
    other = person_with_service((date(2001, 1, 1), None), full_name="Hà Văn Bớt")
    services.add_nominee(proposal=proposal, recipient=world["person"], acting_user=world["commune"])
    trimmed = services.add_nominee(proposal=proposal, recipient=other, acting_user=world["commune"])
    _move(proposal, "submit", world["commune"])
    with pytest.raises(ValidationError):
        services.remove_nominee(nominee=trimmed, reason="", acting_user=world["province"])
    with pytest.raises(OutOfScope):
        services.remove_nominee(nominee=trimmed, reason="x", acting_user=world["other"])
    services.remove_nominee(nominee=trimmed, reason="Chưa đủ hồ sơ", acting_user=world["province"])
    trimmed.refresh_from_db()
    assert (trimmed.state, trimmed.reason) == ("removed", "Chưa đủ hồ sơ")
    event = AuditEvent.objects.for_object(other).get(action="honors.nominee.removed")
    assert "Chưa đủ hồ sơ" in event.message


def test_nothing_is_sent_up_without_a_nominee_and_nothing_moves_outside_the_scope(world):
    proposal = world["proposal"]
    with pytest.raises(ValidationError, match="Thêm ít nhất một đối tượng"):
        _move(proposal, "submit", world["commune"])
    with pytest.raises(OutOfScope):
        _move(proposal, "submit", world["other"])
    with pytest.raises(OutOfScope):
        services.add_nominee(
            proposal=proposal, recipient=world["person"], acting_user=world["other"]
        )


def test_a_once_only_honour_is_refused_twice_on_a_proposal_and_in_the_register(world):
    person, kind = world["person"], medal()
    services.record_honour(
        kind=kind,
        recipient=person,
        decided_on=date(2019, 10, 15),
        decision_number="99-QĐ/BDVTW",
        acting_user=world["province"],
    )
    with pytest.raises(ValidationError, match="đã nhận Kỷ niệm chương"):
        services.record_honour(
            kind=kind,
            recipient=person,
            decided_on=date(2020, 10, 15),
            decision_number="100-QĐ/BDVTW",
            acting_user=world["province"],
        )
    with pytest.raises(ValidationError, match="chỉ tặng một lần"):
        services.add_nominee(
            proposal=world["proposal"], recipient=person, acting_user=world["commune"]
        )
    assert Honour.objects.filter(person=person).count() == 1


def test_a_person_proposed_already_for_a_once_only_kind_is_not_proposed_twice(world):
    services.add_nominee(
        proposal=world["proposal"], recipient=world["person"], acting_user=world["commune"]
    )
    second = services.create_proposal(
        data={"title": "Đề nghị bổ sung", "kind": medal(), "proposer": province_ban()},
        acting_user=world["province"],
    )
    with pytest.raises(ValidationError, match="đã được đề nghị trong"):
        services.add_nominee(
            proposal=second, recipient=world["person"], acting_user=world["province"]
        )


def test_on_the_historical_map_a_district_considers_between_commune_and_province():
    an_lac = AdministrativeUnit.objects.get(era="legacy", code="07645")  # xã An Lạc, Sơn Động
    province = AdministrativeUnit.objects.get(era="legacy", level="province", code="24")
    ban = make_organization(name="Ban Dân vận Tỉnh ủy Bắc Giang", unit=province)
    kind = make_kind(name="Bằng khen của Ban Dân vận Tỉnh ủy Bắc Giang", conferred_by=ban)
    proposer = make_organization(name="Đảng ủy xã An Lạc", unit=an_lac)
    proposal = services.create_proposal(
        data={"title": "Đề nghị năm 2018", "kind": kind, "proposer": proposer}, acting_user=None
    )
    route = [(stage.level, stage.unit.name) for stage in services.route(proposal)]
    assert route == [("commune", "An Lạc"), ("district", "Sơn Động"), ("province", "Bắc Giang")]


def test_a_kind_conferred_at_the_commune_is_refused_to_a_province_proposer(world):
    kind = make_kind(name="Giấy khen của xã", level="commune", conferred_by=commune_ban())
    with pytest.raises(ValidationError, match="do cấp dưới đơn vị đề nghị khen"):
        services.create_proposal(
            data={"title": "Sai cấp", "kind": kind, "proposer": province_ban()},
            acting_user=world["province"],
        )


def test_the_home_page_counts_the_proposals_waiting_for_the_users_level(world, client):
    proposal = world["proposal"]
    services.add_nominee(proposal=proposal, recipient=world["person"], acting_user=world["commune"])
    _move(proposal, "submit", world["commune"])
    client.force_login(world["province"])
    body = " ".join(client.get("/").content.decode().split())
    assert (
        '<span class="figure__value">1</span> <span class="figure__label">'
        '<a href="/khen-thuong/de-nghi/">Đề nghị khen thưởng chờ cấp của đồng chí xét</a>'
    ) in body
    client.force_login(world["commune"])
    assert "Đề nghị khen thưởng chờ cấp của đồng chí xét" not in client.get("/").content.decode()
