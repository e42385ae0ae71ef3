"""A draft saves before its place and owner are known; registering it needs both (issue 12, 7)."""

import pytest
from django.core.exceptions import ValidationError

from danvan.accounts.enums import Role
from danvan.initiatives import services
from danvan.initiatives.enums import Status
from danvan.initiatives.models import Initiative
from danvan.initiatives.queries import initiatives_visible_to
from tests.initiatives.factories import binh_an, make_organization, seed, tuyen_quang
from tests.initiatives.test_views_forms import form_data
from tests.initiatives.views_helpers import client_for, text_of
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogues():
    seed()


def test_a_draft_saves_without_place_or_organisation_and_says_so():
    client = client_for(Role.STAFF)
    response = client.post(
        "/mo-hinh/dang-ky/", form_data(place="", owner_organization="", save_draft="1")
    )
    draft = Initiative.objects.get()
    assert response.status_code == 302
    assert (draft.status, draft.place, draft.owner_organization) == (Status.DRAFT, None, None)
    assert draft.code == "00-2023-00001"
    page = text_of(client.get(response["Location"]).content.decode())
    assert "Đã lưu bản nháp" in page
    assert "chưa chọn (bản nháp)" in page


def test_registering_without_place_is_still_refused():
    client = client_for(Role.STAFF)
    response = client.post("/mo-hinh/dang-ky/", form_data(place="", owner_organization=""))
    assert response.status_code == 200
    assert not Initiative.objects.exists()
    assert response.context["form"].errors["place"]


def test_an_unplaced_draft_is_its_authors_and_registers_only_once_complete():
    author = user_with_role(Role.STAFF, unit=tuyen_quang())
    colleague = user_with_role(Role.STAFF, unit=tuyen_quang())
    draft = services.register_initiative(
        data={"name": "Bản nháp chưa có địa bàn", "kind": "model", "subject": "collective",
              "year": 2024},
        status=Status.DRAFT,
        acting_user=author,
    )  # fmt: skip
    assert list(initiatives_visible_to(author)) == [draft]
    assert not initiatives_visible_to(colleague).exists()
    assert author.has_perm("initiatives.change_initiative", draft)
    assert not colleague.has_perm("initiatives.change_initiative", draft)
    with pytest.raises(ValidationError, match="chưa thể đăng ký"):
        services.transition(initiative=draft, to_status=Status.REGISTERED, acting_user=author)
    org = make_organization(name="Ban Dân vận Huyện ủy Lâm Bình")
    draft = services.update_initiative(
        initiative=draft,
        data={"place": binh_an(), "owner_organization": org},
        version=1,
        acting_user=author,
    )
    registered = services.transition(
        initiative=draft, to_status=Status.REGISTERED, acting_user=author
    )
    assert registered.status == Status.REGISTERED
    assert registered.place_province == binh_an().today_province_path
    assert initiatives_visible_to(colleague).get() == registered


def test_an_import_row_naming_an_unplaced_draft_by_its_code_places_it():
    from tests.factories.organizations import unit
    from tests.initiatives.test_excel import GOOD_VALUES, OWNER, row, run, xlsx

    staff = user_with_role(Role.STAFF, unit=unit("25"))
    make_organization(name=OWNER, kind="mass_org", unit=unit("25"))
    draft = services.register_initiative(
        data={"name": "Nháp", "kind": "model", "subject": "collective", "year": 2022},
        status=Status.DRAFT,
        acting_user=staff,
    )
    result = run(xlsx([row(**{**GOOD_VALUES, "code": draft.code, "status": ""})]), user=staff)
    assert (result.updated, result.errors) == (1, [])
    draft.refresh_from_db()
    assert draft.place is not None
    assert (draft.place.code, draft.owner_organization.name) == ("08335", OWNER)
