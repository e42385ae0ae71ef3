"""The honours pages: what they show, in Vietnamese, and to whom."""

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from danvan.honors import services
from danvan.honors.models import Nominee
from tests.factories.organizations import make_organization
from tests.honors.factories import (
    commune_ban,
    dong_thap,
    make_kind,
    medal,
    officers,
    person_with_service,
    thap_muoi,
    tuyen_quang,
)
from tests.permissions import check_matrix

pytestmark = pytest.mark.django_db

PEOPLE_READERS = {
    "admin": (200, 404),
    "staff": (200, 404),
    "unit_editor": (200, 404),
    "viewer": (200, 404),
}


def _client(client, user):
    client.force_login(user)
    return client


def _honour(person, kind=None, **extra):
    return services.record_honour(
        kind=kind or medal(),
        recipient=person,
        decided_on=extra.pop("decided_on", date(2018, 10, 15)),
        decision_number=extra.pop("decision_number", "515-QĐ/BDVTW"),
        acting_user=None,
        **extra,
    )


def _far_person(name="Nguyễn Văn Xa"):
    far = thap_muoi()
    return person_with_service(
        (date(2000, 1, 1), None),
        full_name=name,
        unit=far,
        organization=make_organization(name=f"Ban Dân vận ở {far.name}", unit=far),
    )


def test_the_register_lists_the_honours_in_scope_with_filters_and_exports_them(client):
    users = officers()
    near = person_with_service((date(2000, 1, 1), None), full_name="Lương Văn Khen")
    _honour(near)
    _honour(_far_person())
    page = _client(client, users["province"]).get("/khen-thuong/")
    body = page.content.decode()
    assert "Lương Văn Khen" in body
    assert "Nguyễn Văn Xa" not in body
    assert "Kỷ niệm chương “Vì sự nghiệp Dân vận”" in body
    assert "15/10/2018" in body
    assert "1 trường hợp khen thưởng" in body
    empty = client.get("/khen-thuong/", {"year": "2019"}).content.decode()
    assert "Lương Văn Khen" not in empty
    export = client.get("/khen-thuong/excel/xuat/", {"q": "khen"})
    sheet = load_workbook(BytesIO(export.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Lương Văn Khen" in values
    assert "515-QĐ/BDVTW" in values
    assert "Nguyễn Văn Xa" not in values


def test_a_kind_reads_its_conditions_in_words_and_finds_who_is_eligible(client):
    users = officers()
    kind = medal()
    person_with_service((date(2009, 2, 1), None), full_name="Lương Văn Đủ")
    person_with_service((date(2015, 2, 1), None), full_name="Hoàng Thị Thiếu", gender="female")
    body = _client(client, users["province"]).get(f"/khen-thuong/hinh-thuc/{kind.pk}/")
    body = body.content.decode()
    assert "Có ít nhất 15 năm làm công tác dân vận" in body
    assert "Đối với nữ: 12 năm" in body
    assert "Chỉ tặng một lần" in body
    page = client.get(
        f"/khen-thuong/hinh-thuc/{kind.pk}/ung-vien/", {"as_of": "01/06/2026"}
    ).content.decode()
    assert "Lương Văn Đủ</strong> — Đủ điều kiện: 17 năm 4 tháng làm công tác dân vận" in page
    assert "Hoàng Thị Thiếu</strong> — Chưa đủ điều kiện: 11 năm 4 tháng" in page
    assert "còn thiếu 8 tháng" in page


def test_a_proposal_is_made_filled_and_sent_up_from_its_pages(client):
    users = officers()
    person = person_with_service((date(2005, 3, 1), None), full_name="Lương Văn Đủ")
    _client(client, users["commune"])
    response = client.post(
        "/khen-thuong/de-nghi/tao/",
        {"title": "Đề nghị Kỷ niệm chương 2026", "kind": medal().pk, "proposer": commune_ban().pk},
    )
    assert response.status_code == 302
    url = response["Location"]
    response = client.post(f"{url}them/", {"person": person.pk, "facts": "Chiến sĩ thi đua"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Lương Văn Đủ" in page
    assert re.search(r"Đủ điều kiện: \d+ năm( \d+ tháng)? làm công tác dân vận", page)
    assert "Chiến sĩ thi đua" in page
    nominee = Nominee.objects.get(person=person)
    proposal = nominee.proposal
    client.post(f"{url}chuyen/", {"action": "submit", "version": proposal.version})
    proposal.refresh_from_db()
    assert (proposal.state, proposal.stage_level) == ("submitted", "province")
    page = client.get(url).content.decode()
    assert "Đang xét" in page


def test_an_honour_page_is_for_those_who_read_people_in_its_scope():
    inside = _honour(person_with_service((date(2000, 1, 1), None), full_name="Trong Phạm Vi"))
    outside = _honour(_far_person())
    check_matrix(
        url_for=lambda h: f"/khen-thuong/{h.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=PEOPLE_READERS,
    )


@pytest.fixture
def proposals():
    medal()
    inside = services.create_proposal(
        data={"title": "Trong phạm vi", "kind": medal(), "proposer": commune_ban()},
        acting_user=None,
    )
    far_ban = make_organization(name="Ban Dân vận Đồng Tháp", unit=dong_thap())
    outside = services.create_proposal(
        data={"title": "Ngoài phạm vi", "kind": medal(), "proposer": far_ban}, acting_user=None
    )
    return inside, outside


def test_a_proposal_is_read_by_the_people_readers_of_its_unit(proposals):
    check_matrix(
        url_for=lambda p: f"/khen-thuong/de-nghi/{p.pk}/",
        inside=proposals[0],
        outside=proposals[1],
        scope_unit=tuyen_quang(),
        expect=PEOPLE_READERS,
    )


def test_nominees_are_added_by_the_proposers_staff_only(proposals):
    check_matrix(
        url_for=lambda p: f"/khen-thuong/de-nghi/{p.pk}/them/",
        inside=proposals[0],
        outside=proposals[1],
        scope_unit=tuyen_quang(),
        method="post",
        data=lambda p: {"person": person_with_service((date(2001, 1, 1), None)).pk},
        snapshot=lambda p: p.nominees.count(),
        expect={
            "admin": (302, 404),
            "staff": (302, 404),
            "unit_editor": (403, 404),
            "viewer": (403, 404),
        },
        superuser=(302, 302),
    )


@pytest.mark.parametrize("action", ["chuyen/", "bot/"])
def test_steps_are_taken_by_the_proposers_or_the_considering_staff_only(proposals, action):
    inside, outside = proposals
    for proposal in proposals:
        services.add_nominee(
            proposal=proposal,
            recipient=person_with_service((date(2001, 1, 1), None), unit=proposal.proposer.unit),
            acting_user=None,
        )
    check_matrix(
        url_for=lambda p: f"/khen-thuong/de-nghi/{p.pk}/{action}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data=lambda p: {
            "action": "withdraw",
            "version": p.version,
            "nominee": p.nominees.first().pk,
            "reason": "Thử",
        },
        expect={
            "admin": (302, 404),
            "staff": (302, 404),
            "unit_editor": (403, 404),
            "viewer": (403, 404),
        },
        superuser=(302, 302),
    )


def test_the_decision_form_is_for_the_conferring_levels_staff():
    kind = make_kind(name="Bằng khen thử của tỉnh")
    inside = services.create_proposal(
        data={"title": "Trong", "kind": kind, "proposer": commune_ban()}, acting_user=None
    )
    services.add_nominee(
        proposal=inside,
        recipient=person_with_service((date(2001, 1, 1), None)),
        acting_user=None,
    )
    services.transition_proposal(proposal=inside, action="submit", acting_user=None)
    far_ban = make_organization(name="Ban Dân vận tỉnh Đồng Tháp", unit=dong_thap())
    far_kind = make_kind(name="Bằng khen Đồng Tháp", conferred_by=far_ban)
    outside = services.create_proposal(
        data={"title": "Ngoài", "kind": far_kind, "proposer": far_ban}, acting_user=None
    )
    check_matrix(
        url_for=lambda p: f"/khen-thuong/de-nghi/{p.pk}/quyet-dinh/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect={
            "admin": (200, 404),
            "staff": (200, 404),
            "unit_editor": (403, 404),
            "viewer": (403, 404),
        },
    )


def test_kinds_are_read_by_everyone_and_changed_by_the_conferring_bodys_staff():
    inside = make_kind(name="Bằng khen trong phạm vi")
    far_ban = make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap())
    outside = make_kind(name="Bằng khen ngoài phạm vi", conferred_by=far_ban)
    everyone = dict.fromkeys(("admin", "staff", "unit_editor", "reviewer", "viewer"), (200, 200))
    check_matrix(
        url_for=lambda k: f"/khen-thuong/hinh-thuc/{k.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=everyone,
    )
    check_matrix(
        url_for=lambda k: f"/khen-thuong/hinh-thuc/{k.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect={
            role: (200, 403) if role in ("admin", "staff") else (403, 403) for role in everyone
        },
    )
    check_matrix(
        url_for=lambda k: f"/khen-thuong/hinh-thuc/{k.pk}/ung-vien/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect={
            role: (200, 200) if role in ("admin", "staff") else (403, 403) for role in everyone
        },
    )


def test_a_ceremony_is_read_in_the_scope_of_its_place():
    inside = services.create_ceremony(
        data={
            "name": "Lễ phát động Tháng Dân vận",
            "held_on": date(2018, 10, 1),
            "place": tuyen_quang(),
            "organizer": commune_ban(),
        },
        acting_user=None,
    )
    far_ban = make_organization(name="Ban Dân vận ĐT", unit=dong_thap())
    outside = services.create_ceremony(
        data={
            "name": "Lễ khác",
            "held_on": date(2018, 10, 1),
            "place": dong_thap(),
            "organizer": far_ban,
        },
        acting_user=None,
    )
    readers = dict.fromkeys(("admin", "staff", "unit_editor", "reviewer", "viewer"), (200, 404))
    check_matrix(
        url_for=lambda c: f"/khen-thuong/le/{c.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=readers,
    )


def test_a_persons_page_shows_the_honours_and_the_proposals_under_way(client):
    users = officers()
    person = person_with_service((date(2000, 1, 1), None), full_name="Lò Văn Panel")
    _honour(person)
    kind = make_kind(name="Bằng khen thử cho trang")
    proposal = services.create_proposal(
        data={"title": "Đề nghị bằng khen 2026", "kind": kind, "proposer": commune_ban()},
        acting_user=None,
    )
    services.add_nominee(proposal=proposal, recipient=person, acting_user=None)
    body = _client(client, users["province"]).get(f"/can-bo/{person.pk}/").content.decode()
    assert "Kỷ niệm chương “Vì sự nghiệp Dân vận”</strong></a> — 15/10/2018, 515-QĐ/BDVTW" in body
    assert "Được đề nghị trong “Đề nghị bằng khen 2026” (bản nháp)" in body
    assert f"/khen-thuong/ghi-nhan/?person={person.pk}" in body
    form = client.get(f"/khen-thuong/ghi-nhan/?person={person.pk}").content.decode()
    assert "Lò Văn Panel" in form


def _png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_ceremony_gets_photos_that_only_those_who_see_it_see(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.commit import committed

    users = officers()
    ceremony = services.create_ceremony(
        data={
            "name": "Lễ biểu dương",
            "held_on": date(2018, 10, 5),
            "place": tuyen_quang(),
            "organizer": commune_ban(),
        },
        acting_user=None,
    )
    _client(client, users["province"])
    with committed():
        response = client.post(
            f"/khen-thuong/le/{ceremony.pk}/anh/",
            {"file": SimpleUploadedFile("anh.png", _png()), "caption": "Trao giấy khen"},
        )
    assert response.status_code == 302
    photo = ceremony.photos.get()
    page = client.get(f"/khen-thuong/le/{ceremony.pk}/").content.decode()
    assert "Trao giấy khen" in page
    served = client.get(f"/khen-thuong/le/{ceremony.pk}/anh/{photo.pk}/nho/")
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8")
    refused = client.post(
        f"/khen-thuong/le/{ceremony.pk}/anh/",
        {"file": SimpleUploadedFile("anh.png", b"not a picture")},
    )
    assert "errorlist" in refused.content.decode()
    assert ceremony.photos.count() == 1
    far_ban = make_organization(name="Ban Dân vận ĐT2", unit=dong_thap())
    outside = services.create_ceremony(
        data={
            "name": "Lễ ở xa",
            "held_on": date(2018, 10, 1),
            "place": dong_thap(),
            "organizer": far_ban,
        },
        acting_user=None,
    )
    with committed():
        far_photo = services.add_ceremony_photo(
            ceremony=outside,
            file=SimpleUploadedFile("xa.png", _png()),
            acting_user=None,
        )
    readers = dict.fromkeys(("admin", "staff", "unit_editor", "reviewer", "viewer"), (200, 404))
    for suffix in ("", "nho/"):
        check_matrix(
            url_for=lambda c, s=suffix: (
                f"/khen-thuong/le/{c.pk}/anh/{(photo if c == ceremony else far_photo).pk}/{s}"
            ),
            inside=ceremony,
            outside=outside,
            scope_unit=tuyen_quang(),
            expect=readers,
        )
    check_matrix(
        url_for=lambda c: f"/khen-thuong/le/{c.pk}/anh/",
        inside=ceremony,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data={"caption": "x"},
        expect={
            "admin": (200, 404),
            "staff": (200, 404),
            "unit_editor": (403, 404),
            "reviewer": (403, 404),
            "viewer": (403, 404),
        },
    )
