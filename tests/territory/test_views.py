import json
import re

import pytest
from django.core.management import call_command

from danvan.core.queries import events_for_object
from danvan.territory.models import AdministrativeUnit
from tests.territory.helpers import current_commune, legacy_commune

pytestmark = pytest.mark.django_db


def rows(body: str) -> int:
    return len(re.findall(r"<tr>\s*<td>", body))


def test_current_map_lists_34_provinces(user_client, django_assert_max_num_queries):
    # Session, user, units, grants, two permission reads (the menu), three unread counts.
    with django_assert_max_num_queries(9):
        body = user_client.get("/dia-ban/").content.decode()
    assert rows(body) == 34
    assert "Thành phố Hà Nội" in body
    assert "Tỉnh Bắc Giang" not in body


def test_legacy_map_lists_63_provinces(user_client):
    body = user_client.get("/dia-ban/truoc-2025/").content.decode()
    assert rows(body) == 63
    assert "Tỉnh Bắc Giang" in body


def test_search_without_diacritics_finds_binh_an(user_client):
    body = user_client.get("/dia-ban/tim/", {"q": "binh an"}).content.decode()
    assert "Xã Bình An</a>, tỉnh Tuyên Quang" in body
    assert "Xã Bình An</a>, huyện Lâm Bình, tỉnh Tuyên Quang" in body
    fragment = user_client.get("/dia-ban/tim/", {"q": "binh an"}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()


def test_search_for_nothing_says_so(user_client):
    body = user_client.get("/dia-ban/tim/", {"q": "khongcodiabannay"}).content.decode()
    assert "Không có đơn vị nào tên" in body


def test_old_commune_page_tells_its_history_in_words(user_client):
    body = user_client.get(f"/dia-ban/{legacy_commune('02290').pk}/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body))
    assert "Đến 30/06/2025: xã Bình An thuộc tỉnh Tuyên Quang, huyện Lâm Bình." not in text
    assert "Đến 30/06/2025: xã Bình An thuộc huyện Lâm Bình, tỉnh Tuyên Quang." in text
    assert "Từ 01/07/2025: sáp nhập vào Xã Bình An, tỉnh Tuyên Quang" in text


def test_new_commune_page_lists_what_it_was_formed_from(user_client):
    body = user_client.get(f"/dia-ban/{current_commune('02296').pk}/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body))
    assert "Từ 01/07/2025: được hình thành từ" in text
    assert "Xã Thổ Bình, huyện Lâm Bình, tỉnh Tuyên Quang" in text


def test_split_commune_page_marks_where_records_count(user_client):
    body = user_client.get(f"/dia-ban/{legacy_commune('31268').pk}/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body))
    assert "Xã Trường Thành, thành phố Cần Thơ — hồ sơ được tính về đây" in text
    assert "Xã Tân Thạnh, thành phố Cần Thơ." in text


def test_abolished_district_page_lists_todays_communes(user_client):
    district = legacy_commune("02290").parent
    body = user_client.get(f"/dia-ban/{district.pk}/").content.decode()
    assert "cấp huyện đã kết thúc" in body
    # Its communes, filtered with htmx.
    fragment = user_client.get(
        f"/dia-ban/{district.pk}/", {"children": "1", "q": "binh an"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert rows(fragment) == 1
    assert "Xã Bình An" in fragment


def test_unknown_unit_is_404(user_client):
    assert user_client.get("/dia-ban/999999999/").status_code == 404


def test_picker_offers_matching_units(user_client):
    body = user_client.get(
        "/dia-ban/chon/", {"q": "phuc loc", "level": "commune", "era": "current"}
    ).content.decode()
    assert 'data-label="Xã Phúc Lộc, Tỉnh Thái Nguyên"' in body
    assert "Huyện" not in body
    assert user_client.get("/dia-ban/chon/", {"q": ""}).content.decode().strip() == ""


def test_staff_add_a_hamlet_through_the_page(admin_client, admin_user):
    commune = current_commune("02296")
    response = admin_client.post(
        f"/dia-ban/{commune.pk}/them/",
        {"unit_type": "thon", "name": "Phiêng Luông", "valid_from": "", "valid_to": ""},
    )
    hamlet = AdministrativeUnit.objects.get(parent=commune, name="Phiêng Luông")
    assert response.status_code == 302
    assert response["Location"] == f"/dia-ban/{hamlet.pk}/"
    assert events_for_object(hamlet).get().actor == admin_user


def test_bad_dates_are_explained_and_input_kept(admin_client):
    commune = current_commune("02296")
    response = admin_client.post(
        f"/dia-ban/{commune.pk}/them/",
        {"unit_type": "thon", "name": "Khuổi Tẩu", "valid_from": "31/02/2026", "valid_to": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in body
    assert 'value="Khuổi Tẩu"' in body
    assert not AdministrativeUnit.objects.filter(name="Khuổi Tẩu").exists()


def test_a_user_without_the_right_cannot_add(user_client):
    commune = current_commune("02296")
    response = user_client.post(f"/dia-ban/{commune.pk}/them/", {"unit_type": "thon", "name": "X"})
    assert response.status_code == 403
    assert not AdministrativeUnit.objects.filter(parent=commune).exists()
    assert "Thêm thôn" not in user_client.get(f"/dia-ban/{commune.pk}/").content.decode()


def test_resolve_command_prints_json_and_exits_non_zero_when_nothing_matches(capsys):
    call_command("territory", "resolve", "xã Phúc Lộc, huyện Ba Bể, tỉnh Bắc Kạn", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["unit"]["code"] == "01894"
    assert data["unit"]["ancestors"] == ["Tỉnh Bắc Kạn", "Huyện Ba Bể"]
    assert data["unit"]["valid_to"] == "2025-06-30"
    assert [(c["full_name"], c["province"]) for c in data["current"]] == [
        ("Xã Phúc Lộc", "Tỉnh Thái Nguyên")
    ]
    with pytest.raises(SystemExit) as exit_info:
        call_command("territory", "resolve", "xã Bình An", "--json")
    assert exit_info.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["unit"] is None
    assert data["reason"] == "ambiguous"
    assert len(data["candidates"]) >= 2
