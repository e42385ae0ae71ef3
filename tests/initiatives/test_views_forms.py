from datetime import date

import pytest

from danvan.accounts.enums import Role
from danvan.initiatives import services
from danvan.initiatives.enums import Status
from danvan.initiatives.models import Initiative, Quantity
from tests.initiatives.factories import (
    binh_an,
    field,
    make_initiative,
    make_organization,
    seed,
    thap_muoi,
)
from tests.initiatives.views_helpers import client_for, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogues():
    seed()


# ---- register and edit -----------------------------------------------------------------------


def form_data(**values) -> dict:
    data = {
        "name": "Dân vận khéo trong làm đường giao thông nông thôn",
        "kind": "model",
        "subject": "collective",
        "owner_organization": "",
        "owner_person": "",
        "fields_of_work": [],
        "place": binh_an().pk,
        "hamlet": "",
        "year": "2023",
        "start_date": "15/03/2023",
        "content": "Vận động nhân dân hiến đất, góp công làm đường.",
        "partners": "",
        "expected_results": "",
        "results_text": "",
        "replicated_from": "",
    }
    return {**data, **values}


def test_register_through_the_form_gives_a_code():
    org = make_organization(name="Ban Dân vận Huyện ủy Lâm Bình")
    source = make_initiative(name="Mô hình gốc")  # 08-2023-00001
    client = client_for(Role.STAFF)
    response = client.post(
        "/mo-hinh/dang-ky/",
        form_data(
            owner_organization=org.pk,
            fields_of_work=[field("Kinh tế").pk, field("Xây dựng nông thôn mới").pk],
            border_area="on",
            replicated_from=source.pk,
        ),
    )
    initiative = Initiative.objects.get(name="Dân vận khéo trong làm đường giao thông nông thôn")
    assert response.status_code == 302
    assert response["Location"] == f"/mo-hinh/{initiative.pk}/"
    assert initiative.code == "08-2023-00002"
    assert initiative.status == Status.REGISTERED
    assert initiative.start_date == date(2023, 3, 15)
    assert initiative.border_area
    assert not initiative.religious_area
    assert initiative.replicated_from == source
    assert sorted(initiative.fields.values_list("name", flat=True)) == [
        "Kinh tế",
        "Xây dựng nông thôn mới",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "08-2023-00002" in page


def test_register_as_a_draft():
    client = client_for(Role.STAFF)
    org = make_organization()
    client.post("/mo-hinh/dang-ky/", form_data(owner_organization=org.pk, save_draft="1"))
    assert Initiative.objects.get().status == Status.DRAFT


def test_register_outside_the_scope_is_refused_with_the_input_kept():
    org = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang")
    client = client_for(Role.STAFF)  # staff of tỉnh Tuyên Quang, placing it in Đồng Tháp
    response = client.post(
        "/mo-hinh/dang-ky/",
        form_data(name="Mô hình ở nơi khác", place=thap_muoi().pk, owner_organization=org.pk),
    )
    assert response.status_code == 200
    assert not Initiative.objects.exists()
    body = response.content.decode()
    assert "Mô hình ở nơi khác" in body
    assert "chỉ được đăng ký mô hình, điển hình trên địa bàn thuộc phạm vi của mình" in body


def test_register_shows_the_services_refusals_on_the_form():
    client = client_for(Role.STAFF)
    response = client.post("/mo-hinh/dang-ky/", form_data(name="Mô hình không chủ"))
    assert not Initiative.objects.exists()
    assert 'name="owner_organization"' in response.content.decode()
    assert "Mô hình không chủ" in response.content.decode()
    assert response.context["form"].errors["owner_organization"]


def test_unit_editor_registers_for_its_own_organisation():
    own = make_organization(name="Đoàn Thanh niên xã Bình An", unit=binh_an())
    client = client_for(Role.UNIT_EDITOR, organization=own)
    response = client.post(
        "/mo-hinh/dang-ky/", form_data(name="Thanh niên làm đường", owner_organization=own.pk)
    )
    assert response.status_code == 302
    assert Initiative.objects.get().owner_organization == own


def test_edit_saves_and_a_stale_edit_is_refused_with_the_input_kept(pair):
    initiative = pair[0]
    client = client_for(Role.STAFF)
    form = client.get(f"/mo-hinh/{initiative.pk}/sua/").content.decode()
    assert 'name="version" value="1"' in form
    assert initiative.name in form
    fresh = form_data(
        name="Tên mới của mô hình",
        owner_organization=initiative.owner_organization_id,
        version="1",
    )
    # Someone else saves first.
    services.update_initiative(
        initiative=initiative, data={"name": "Tên do người khác sửa"}, version=1, acting_user=None
    )
    response = client.post(f"/mo-hinh/{initiative.pk}/sua/", fresh)
    assert response.status_code == 200
    assert Initiative.objects.get(pk=initiative.pk).name == "Tên do người khác sửa"
    body = response.content.decode()
    assert "Tên mới của mô hình" in body
    assert "Có người khác đã sửa hồ sơ này" in body
    response = client.post(f"/mo-hinh/{initiative.pk}/sua/", {**fresh, "version": "2"})
    assert response.status_code == 302
    saved = Initiative.objects.get(pk=initiative.pk)
    assert (saved.name, saved.version) == ("Tên mới của mô hình", 3)


# ---- status and progress ---------------------------------------------------------------------


def test_legal_transition_changes_the_status(pair):
    client = client_for(Role.STAFF)
    response = client.post(f"/mo-hinh/{pair[0].pk}/trang-thai/", {"to_status": "active"})
    assert response.status_code == 302
    assert Initiative.objects.get(pk=pair[0].pk).status == Status.ACTIVE
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="active"' in page


def test_illegal_transition_is_refused_with_a_message(pair):
    client = client_for(Role.STAFF)
    response = client.post(
        f"/mo-hinh/{pair[0].pk}/trang-thai/", {"to_status": "ended", "reason": "Hết kinh phí"}
    )
    assert response.status_code == 200
    assert Initiative.objects.get(pk=pair[0].pk).status == Status.REGISTERED
    body = response.content.decode()
    refusal = response.context["transition_form"].non_field_errors()
    assert len(refusal) == 1
    assert str(refusal[0]) in body.replace("&quot;", '"').replace("&#x27;", "'")
    assert "Hết kinh phí" in body  # the reason typed is kept


def test_ending_without_a_reason_is_refused():
    initiative = make_initiative(status=Status.ACTIVE)
    client = client_for(Role.STAFF)
    response = client.post(f"/mo-hinh/{initiative.pk}/trang-thai/", {"to_status": "ended"})
    assert Initiative.objects.get(pk=initiative.pk).status == Status.ACTIVE
    assert response.context["transition_form"].errors["reason"]


def test_progress_adds_quantities_and_the_page_shows_the_sums():
    initiative = make_initiative(status=Status.ACTIVE)
    client = client_for(Role.STAFF)
    form = client.get(f"/mo-hinh/{initiative.pk}/tien-do/").content.decode()
    assert 'name="quantity_money"' in form
    for day, money, road in (("05/03/2024", "1.500.000", "120"), ("10/04/2024", "2500000", "80,5")):
        response = client.post(
            f"/mo-hinh/{initiative.pk}/tien-do/",
            {
                "date": day,
                "text": "Vận động nhân dân góp tiền làm đường",
                "quantity_money": money,
                "quantity_road": road,
            },
        )
        assert response.status_code == 302
    assert sorted(Quantity.objects.filter(type__code="money").values_list("value", flat=True)) == [
        1500000,
        2500000,
    ]
    body = text_of(client.get(f"/mo-hinh/{initiative.pk}/").content.decode())
    assert "4.000.000 đ" in body
    assert "200,50 m" in body


def test_progress_with_a_bad_date_or_figure_is_refused_with_the_input_kept():
    initiative = make_initiative(status=Status.ACTIVE)
    client = client_for(Role.STAFF)
    response = client.post(
        f"/mo-hinh/{initiative.pk}/tien-do/",
        {"date": "31/02/2024", "text": "Trồng cây", "quantity_trees": "-5"},
    )
    assert response.status_code == 200
    assert not initiative.progress.exists()
    assert "Nhập ngày theo dạng dd/mm/yyyy" in response.content.decode()
    assert response.context["form"].errors["quantity_trees"]
    assert "Trồng cây" in response.content.decode()


def test_person_picker_offers_people_in_scope_only_and_the_form_refuses_others():
    from tests.factories.organizations import dong_thap, make_person, tuyen_quang

    inside = make_person(full_name="Hoàng Thị Đào", unit=tuyen_quang())
    outside = make_person(full_name="Hoàng Văn Đào", unit=dong_thap())
    client = client_for(Role.STAFF)
    options = client.get("/can-bo/chon/", {"q": "hoang dao"}).content.decode()
    assert "Hoàng Thị Đào" in options
    assert "Hoàng Văn Đào" not in options
    refused = client.post(
        "/mo-hinh/dang-ky/",
        form_data(subject="individual", owner_person=outside.pk),
    )
    assert refused.status_code == 200
    assert "Chọn một người trong danh sách hiện ra khi gõ" in refused.content.decode()
    accepted = client.post(
        "/mo-hinh/dang-ky/",
        form_data(subject="individual", owner_person=inside.pk),
    )
    assert accepted.status_code == 302
    assert Initiative.objects.get().owner_person == inside
