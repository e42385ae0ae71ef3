"""From the candidates page, the province's staff tick the eligible and put them on one of
their proposals for the kind, each with its facts from the register; those refused are named
with the reason, those out of scope are not touched."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from danvan.honors import services
from danvan.honors.eligibility import evaluate
from danvan.honors.models import Nominee
from tests.factories.organizations import make_organization
from tests.honors.factories import (
    commune_ban,
    dong_thap,
    medal,
    officer,
    person_with_service,
    province_ban,
    tuyen_quang,
)
from tests.permissions import check_matrix

pytestmark = pytest.mark.django_db


def _proposal(proposer, title="Đề nghị Kỷ niệm chương 2026"):
    return services.create_proposal(
        data={"title": title, "kind": medal(), "proposer": proposer}, acting_user=None
    )


def test_ticked_candidates_go_on_the_proposal_with_their_facts(client):
    staff = officer(unit=tuyen_quang())
    proposal = _proposal(province_ban())
    first = person_with_service((date(2005, 3, 1), None), full_name="Lương Văn Một")
    second = person_with_service((date(2004, 1, 1), None), full_name="Hà Thị Hai")
    elsewhere = person_with_service((date(2003, 1, 1), None), full_name="Đặng Văn Ba")
    other = _proposal(commune_ban(), title="Đề nghị của xã")
    services.add_nominee(proposal=other, recipient=elsewhere, acting_user=None)
    far = person_with_service(
        (date(2001, 1, 1), None),
        full_name="Người Đồng Tháp",
        unit=dong_thap(),
        organization=make_organization(name="Ban Dân vận Đồng Tháp", unit=dong_thap()),
    )
    client.force_login(staff)
    page = client.get(reverse("honors:kind-candidates", args=[medal().pk])).content.decode()
    assert f'name="recipient" value="{first.pk}"' in page
    assert f'<option value="{proposal.pk}">' in page
    assert "Người Đồng Tháp" not in page

    response = client.post(
        reverse("honors:kind-nominate", args=[medal().pk]),
        {"proposal": proposal.pk, "recipient": [first.pk, second.pk, elsewhere.pk, far.pk, "x"]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("honors:proposal-detail", args=[proposal.pk])
    nominees = Nominee.objects.filter(proposal=proposal).order_by("id")
    assert [n.person.full_name for n in nominees] == ["Lương Văn Một", "Hà Thị Hai"]
    today = timezone.localdate()
    assert nominees[0].facts == evaluate(medal(), first, as_of=today).summary
    assert nominees[0].facts.startswith("Đủ điều kiện: 2")  # 21 years and more
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts[0] == (
        "Đã đưa 2 người vào “Đề nghị Kỷ niệm chương 2026” cùng các thông tin từ cơ sở dữ liệu."
    )
    assert texts[1] == "Đặng Văn Ba: Đặng Văn Ba đã được đề nghị trong “Đề nghị của xã”."
    assert not Nominee.objects.filter(person=far).exists()


def test_a_proposal_sent_up_takes_no_candidates(client):
    staff = officer(unit=tuyen_quang())
    proposal = _proposal(province_ban())
    person = person_with_service((date(2005, 3, 1), None))
    services.add_nominee(proposal=proposal, recipient=person, acting_user=None)
    services.transition_proposal(
        proposal=proposal, action="submit", version=proposal.version, acting_user=None
    )
    client.force_login(staff)
    page = client.get(reverse("honors:kind-candidates", args=[medal().pk])).content.decode()
    assert 'name="recipient"' not in page  # no proposal to put them on
    newcomer = person_with_service((date(2004, 1, 1), None))
    response = client.post(
        reverse("honors:kind-nominate", args=[medal().pk]),
        {"proposal": proposal.pk, "recipient": [newcomer.pk]},
    )
    assert response.status_code == 302
    assert not Nominee.objects.filter(person=newcomer).exists()
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["Chỉ thay đổi danh sách đề nghị trước khi trình lên cấp trên."]


def test_only_the_proposers_staff_put_candidates_on_a_proposal():
    inside = _proposal(commune_ban())
    far_ban = make_organization(name="Ban Dân vận Đồng Tháp", unit=dong_thap())
    outside = _proposal(far_ban, title="Ngoài phạm vi")
    check_matrix(
        url_for=lambda p: reverse("honors:kind-nominate", args=[p.kind_id]),
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=lambda p: {
            "proposal": p.pk,
            "recipient": [person_with_service((date(2001, 1, 1), None)).pk],
        },
        snapshot=lambda p: p.nominees.count(),
        expect={
            "admin": (302, 404),
            "staff": (302, 404),
            "unit_editor": (403, 403),
            "viewer": (403, 403),
            "reviewer": (403, 403),
        },
        superuser=(302, 302),
    )
