"""A proposal arriving at a level tells that level's officers (in the application and by
e-mail); returned or decided, it tells the proposer's. Nobody else: not the officer who acted,
not another province, not a reader, not the levels it only passed."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from danvan.accounts.enums import Role
from danvan.core.models import Notice
from danvan.honors import services
from danvan.territory.models import AdministrativeUnit
from tests.honors.factories import (
    binh_an,
    central_ban,
    commune_ban,
    dong_thap,
    make_kind,
    medal,
    officer,
    person_with_service,
    province_ban,
    tuyen_quang,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    other_commune = (
        AdministrativeUnit.objects.filter(parent=binh_an().parent, level="commune")
        .exclude(pk=binh_an().pk)
        .first()
    )
    users = {
        "commune": officer(unit=binh_an(), email="xa@example.vn"),
        "province": officer(unit=tuyen_quang(), email="tinh@example.vn"),
        "province_admin": officer(Role.ADMIN, unit=tuyen_quang(), email=""),
        "province_viewer": officer(Role.VIEWER, unit=tuyen_quang(), email="xem@example.vn"),
        "other_commune": officer(unit=other_commune),
        "central": officer(organization=central_ban(), email="tw@example.vn"),
        "other": officer(unit=dong_thap(), email="dt@example.vn"),
        "other_ban": officer(organization=province_ban(dong_thap())),
    }
    proposal = services.create_proposal(
        data={
            "title": "Đề nghị tặng Kỷ niệm chương 2026",
            "kind": medal(),
            "proposer": commune_ban(),
        },
        acting_user=users["commune"],
    )
    person = person_with_service((date(2005, 3, 1), None), full_name="Lương Văn Đủ")
    services.add_nominee(proposal=proposal, recipient=person, acting_user=users["commune"])
    return {**users, "proposal": proposal}


def _move(world, action, user, **extra):
    proposal = world["proposal"]
    proposal.refresh_from_db()
    return services.transition_proposal(
        proposal=proposal, action=action, version=proposal.version, acting_user=user, **extra
    )


def _told(world) -> dict[str, list[str]]:
    """{who: [notice texts]} of the world's officers, and the notices read cleared."""
    found = {}
    for name, user in world.items():
        if name == "proposal":
            continue
        texts = list(Notice.objects.filter(user=user).order_by("id").values_list("text", flat=True))
        if texts:
            found[name] = texts
    Notice.objects.all().delete()
    return found


def test_each_move_tells_the_receiving_level_and_no_one_else(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _move(world, "submit", world["commune"])
    told = _told(world)
    assert sorted(told) == ["province", "province_admin"]
    assert told["province"] == [
        "Ban Dân vận Đảng ủy xã Bình An đề nghị “Đề nghị tặng Kỷ niệm chương 2026” (Kỷ niệm "
        "chương “Vì sự nghiệp Dân vận”) để đồng chí xem xét"
    ]
    # By e-mail too, to the officer told who has an address (the administrator has none).
    assert [message.to for message in mail.outbox] == [["tinh@example.vn"]]
    assert mail.outbox[0].subject.startswith("danvan: Ban Dân vận Đảng ủy xã Bình An đề nghị")
    url = reverse("honors:proposal-detail", args=[world["proposal"].pk])
    assert url in mail.outbox[0].body

    _move(world, "approve", world["province"])
    told = _told(world)
    assert list(told) == ["central"]
    assert "đến để đồng chí xem xét" in told["central"][0]

    _move(world, "return", world["central"], reason="Thiếu bản tóm tắt thành tích")
    told = _told(world)
    assert list(told) == ["commune"]
    assert told["commune"] == [
        "Đề nghị “Đề nghị tặng Kỷ niệm chương 2026” của đồng chí bị trả lại: Thiếu bản tóm tắt "
        "thành tích"
    ]


def test_the_decision_tells_the_proposer(world):
    _move(world, "submit", world["commune"])
    _move(world, "approve", world["province"])
    _told(world)
    decision = services.DecisionData(
        decided_on=date(2026, 10, 15), decision_number="1234-QĐ/BDVTW", signer="Trưởng ban"
    )
    _move(world, "decide", world["central"], decision=decision)
    told = _told(world)
    assert told == {
        "commune": [
            "Đề nghị “Đề nghị tặng Kỷ niệm chương 2026” của đồng chí đã có quyết định: "
            "Quyết định số 1234-QĐ/BDVTW ngày 15/10/2026"
        ]
    }


def test_a_provincial_kind_is_considered_by_the_provinces_officers_only():
    """A province's own Ban proposes a provincial kind: its own level considers it — the
    province's other officer is told, not the one who sent it, not the officer holding a grant
    on the Ban only (who does not consider proposals), not Đồng Tháp's; the decision tells
    the Ban's officers."""
    kind = make_kind()
    sender = officer(unit=tuyen_quang())
    colleague = officer(unit=tuyen_quang())
    ban_officer = officer(organization=province_ban())
    other = officer(unit=dong_thap())
    proposal = services.create_proposal(
        data={"title": "Bằng khen 2026", "kind": kind, "proposer": province_ban()},
        acting_user=sender,
    )
    person = person_with_service((date(2010, 1, 1), None), unit=tuyen_quang())
    services.add_nominee(proposal=proposal, recipient=person, acting_user=sender)
    services.transition_proposal(
        proposal=proposal, action="submit", version=proposal.version, acting_user=sender
    )
    assert list(Notice.objects.values_list("user_id", flat=True)) == [colleague.pk]
    Notice.objects.all().delete()
    proposal.refresh_from_db()
    services.transition_proposal(
        proposal=proposal,
        action="decide",
        version=proposal.version,
        decision=services.DecisionData(decided_on=date(2026, 5, 2), decision_number="12/QĐ"),
        acting_user=colleague,
    )
    assert list(Notice.objects.values_list("user_id", flat=True)) == [ban_officer.pk]
    assert not Notice.objects.filter(user=other).exists()


def test_the_notices_page_shows_ones_own_and_marks_them_read(world, client):
    _move(world, "submit", world["commune"])
    client.force_login(world["province"])
    page = client.get(reverse("core:notice-list"))
    assert page.status_code == 200
    assert "để đồng chí xem xét" in page.content.decode()
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("core:notice-list") in home
    client.post(reverse("core:notices-read"))
    assert not Notice.objects.filter(user=world["province"], read_at__isnull=True).exists()
    # Another officer sees none of them, and marking reads only one's own.
    assert Notice.objects.filter(user=world["province_admin"], read_at__isnull=True).count() == 1
    client.force_login(world["other"])
    page = client.get(reverse("core:notice-list")).content.decode()
    assert "xem xét" not in page
    client.post(reverse("core:notices-read"), {"id": ["x", "0"]})
    assert Notice.objects.filter(user=world["province_admin"], read_at__isnull=True).count() == 1
