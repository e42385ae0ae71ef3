"""Places as officers type them (issue 12, point 1): type words, abbreviations, former types,
spelling variants, bare names, unknown hamlets, context; pickers list the user's scope first."""

from datetime import date

import pytest
from django.test import Client

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant
from danvan.organizations.models import Organization
from danvan.territory import services
from danvan.territory.enums import Era, Level
from danvan.territory.parsing import parse_place
from danvan.territory.queries import resolve_place, resolve_places, search_units
from tests.territory.helpers import current_commune, legacy_commune, unit

pytestmark = pytest.mark.django_db


def province(era, code):
    return unit(era, Level.PROVINCE, code)


def district(code):
    return unit(Era.LEGACY, Level.DISTRICT, code)


# ---- search and pickers: the type word ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xã Thượng Lâm", lambda: current_commune("02269")),
        ("Xã thượng lâm", lambda: current_commune("02269")),
        ("huyện Ba Bể", lambda: district("061")),
        ("H. Ba Bể", lambda: district("061")),
        ("tỉnh Bắc Kạn", lambda: province(Era.LEGACY, "06")),
        ("TX. Bến Cát", lambda: district("721")),  # a thị xã then, a thành phố since 2023
    ],
)
def test_search_reads_the_type_word(text, expected):
    found = search_units(text)
    assert found
    assert found[0] == expected()


def test_search_type_word_narrows_the_level():
    assert {u.level for u in search_units("huyện Ba Bể")} == {Level.DISTRICT}
    assert {u.level for u in search_units("tỉnh Bắc Kạn")} == {Level.PROVINCE}


def test_search_other_parts_narrow_the_place():
    found = search_units("xã Tân Thịnh, huyện Văn Chấn")
    assert [u.path for u in found] == ["L.15.140.04696."]


@pytest.mark.parametrize("text", ["xã Thượng Lâm", "huyện Ba Bể", "tỉnh Bắc Kạn"])
def test_picker_finds_units_typed_with_their_type(user_client, text):
    body = user_client.get("/dia-ban/chon/", {"q": text}).content.decode()
    assert "data-label=" in body
    search = user_client.get("/dia-ban/tim/", {"q": text}).content.decode()
    assert text.split(" ", 1)[1] in search


def test_picker_lists_the_users_scope_first(client, user):
    nam_dinh = province(Era.LEGACY, "36")
    # Without a scope, the first Tân Thịnh is another province's.
    assert not search_units("Tân Thịnh")[0].path.startswith(nam_dinh.path)
    Grant.objects.create(user=user, role=Role.VIEWER, unit=nam_dinh)
    client.force_login(user)
    body = client.get("/dia-ban/chon/", {"q": "Tân Thịnh"}).content.decode()
    first = body.index("data-label=")
    assert "Tỉnh Nam Định" in body[first : body.index('"', first + 12)]
    assert search_units("Tân Thịnh", near=[nam_dinh])[0].path.startswith(nam_dinh.path)


# ---- the resolver ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["TPHCM", "TP.HCM", "TP HCM", "Tp. Hồ Chí Minh", "tp hồ chí minh"])
def test_ho_chi_minh_city_however_abbreviated(text):
    assert resolve_place(text).unit == province(Era.CURRENT, "79")


def test_hn_is_ha_noi_and_dn_needs_a_context():
    assert resolve_place("HN").unit == province(Era.CURRENT, "01")
    ambiguous = resolve_place("ĐN")
    assert ambiguous.unit is None
    assert ambiguous.reason == "ambiguous"
    assert {u.code for u in ambiguous.candidates} >= {"48", "75"}
    dong_nai = province(Era.CURRENT, "75")
    assert resolve_place("ĐN", context=[dong_nai]).unit == dong_nai


def test_a_unit_named_with_its_former_type():
    ben_cat = district("721")
    assert ben_cat.full_name == "Thành phố Bến Cát"
    assert resolve_place("TX. Bến Cát", as_of=date(2023, 5, 1)).unit == ben_cat
    assert resolve_place("thị xã Bến Cát, tỉnh Bình Dương").unit == ben_cat
    assert resolve_place("huyện Bến Cát, Bình Dương").unit == ben_cat
    # A commune of it, with the district written as it was.
    commune = resolve_place("phường Mỹ Phước, TX Bến Cát, tỉnh Bình Dương").unit
    assert commune is not None
    assert commune.parent == ben_cat


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Sa Pa", "Sapa"),
        ("thị xã Sa Pa", "TX Sapa"),
        ("Krông Pắk", "Krông Pắc"),
        ("xã Krông Pắk", "xã Krông Pắc"),
        ("huyện Krông Pắk, tỉnh Đắk Lắk", "huyện Krông Pắc, tỉnh Đắc Lắc"),
        ("Tam Kỳ", "Tam Kì"),
    ],
)
def test_spacing_and_spelling_variants_name_the_same_unit(one, other):
    found = resolve_place(one).unit
    assert found is not None
    assert resolve_place(other).unit == found


def test_spelling_variant_finds_the_commune():
    assert resolve_place("xã Krông Pắk").unit == current_commune("24490")


def test_a_bare_name_is_the_highest_level_it_names():
    assert resolve_place("Quảng Bình").unit == province(Era.LEGACY, "44")
    assert resolve_place("Tam Kỳ").unit == district("502")
    # The type word still decides when written.
    assert resolve_place("phường Tam Kỳ").unit.level == Level.COMMUNE


def test_an_unknown_hamlet_is_kept_as_text():
    result = resolve_place("bản Mốc 13, xã Bình Dân, huyện Vân Đồn")
    assert result.unit == legacy_commune("07000")
    assert result.hamlet == "bản Mốc 13"
    assert resolve_place("xóm 5, xã Bình Dân, huyện Vân Đồn").unit == legacy_commune("07000")


def test_a_known_hamlet_is_still_the_hamlet():
    commune = legacy_commune("07000")
    hamlet = services.add_unit(
        parent=commune, unit_type="ban", name="Mốc 13", valid_to=commune.valid_to, acting_user=None
    )
    result = resolve_place("bản Mốc 13, xã Bình Dân, huyện Vân Đồn")
    assert result.unit == hamlet
    assert result.hamlet == ""


def test_context_settles_a_name_five_communes_share():
    alone = resolve_place("xã Tân Thịnh")
    assert alone.unit is None
    assert len(alone.candidates) == 5
    in_text = resolve_place("xã Tân Thịnh, tỉnh Yên Bái")
    assert {u.path for u in in_text.candidates} == {"L.15.132.04279.", "L.15.140.04696."}
    van_chan = district("140")
    assert resolve_place("xã Tân Thịnh", context=[van_chan]).unit.path == "L.15.140.04696."
    # A user scoped on today's tỉnh Tuyên Quang: the old commune that lies in it.
    tuyen_quang = province(Era.CURRENT, "08")
    assert resolve_place("xã Tân Thịnh", context=[tuyen_quang]).unit.path == "L.08.073.02344."
    found = resolve_places(["Tân Thịnh"], context=[tuyen_quang.path])["Tân Thịnh"]
    assert found.unit.path == "L.08.073.02344."


def test_thi_xa_written_without_commas_is_one_part():
    assert [p.name for p in parse_place("thị xã Sa Pa tỉnh Lào Cai")] == ["sa pa", "lao cai"]
    assert resolve_place("thị xã Sa Pa tỉnh Lào Cai").unit == district("088")


# ---- a hamlet's page ---------------------------------------------------------------------------


def test_a_hamlets_page_says_which_commune_of_today_it_belongs_to(user_client):
    old_commune = legacy_commune("02290")  # xã Bình An of huyện Lâm Bình, before 1/7/2025
    hamlet = services.add_unit(
        parent=old_commune,
        unit_type="thon",
        name="Nà Khà",
        valid_to=old_commune.valid_to,
        acting_user=None,
    )
    body = user_client.get(f"/dia-ban/{hamlet.pk}/").content.decode()
    today = current_commune("02296")
    assert "Ngày nay thuộc" in body
    assert f'href="/dia-ban/{today.pk}/"' in body


# ---- where else places are typed ---------------------------------------------------------------


def test_an_import_reads_a_shared_name_inside_the_importers_scope():
    from tests.organizations.test_excel import ORG_HEADERS, post_import, xlsx
    from tests.permissions import user_with_role

    tuyen_quang = province(Era.CURRENT, "08")
    client = Client()
    client.force_login(user_with_role(Role.STAFF, unit=tuyen_quang))
    row = ["", "Hội Nông dân xã Tân Thịnh", "", "Khác", "", "xã Tân Thịnh", ""]
    body = post_import(client, "/to-chuc/excel/nhap/", xlsx("Tổ chức", ORG_HEADERS, [row]))
    assert "1 thêm mới" in body
    created = Organization.objects.get(name="Hội Nông dân xã Tân Thịnh")
    assert created.unit.path == "L.08.073.02344."


def test_an_initiative_import_keeps_the_hamlet_written_in_the_place():
    from danvan.initiatives import services as initiative_services
    from danvan.initiatives.models import Initiative
    from tests.factories.organizations import make_organization
    from tests.factories.organizations import unit as province_unit
    from tests.initiatives.test_excel import GOOD_VALUES, OWNER, row, run, xlsx
    from tests.permissions import user_with_role

    initiative_services.seed_catalogues()
    make_organization(name=OWNER, kind="mass_org", unit=legacy_commune("08335"))
    staff = user_with_role(Role.STAFF, unit=province_unit("25"))
    place = "thôn Đồng Xe, xã Ngọc Lập, huyện Yên Lập, tỉnh Phú Thọ"
    content = xlsx([row(**{**GOOD_VALUES, "place": place})])
    refused = run(content, user=staff)  # the hamlet is not on the map: said, not dropped
    assert [e.column for e in refused.errors] == ["Thôn/bản/tổ dân phố"]
    result = run(content, user=staff, create_missing=True)
    assert (result.created, result.errors) == (1, [])
    created = Initiative.objects.get()
    assert created.place == legacy_commune("08335")
    assert (created.hamlet.unit_type, created.hamlet.name) == ("thon", "Đồng Xe")


def test_an_organisation_import_says_the_hamlet_is_unknown_instead_of_dropping_it():
    from tests.organizations.test_excel import ORG_HEADERS, post_import, xlsx
    from tests.permissions import user_with_role

    client = Client()
    client.force_login(user_with_role(Role.STAFF, unit=province(Era.CURRENT, "08")))
    place = "thôn Nà Khà, xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang"
    row = ["", "Chi hội Nông dân thôn Nà Khà", "", "Khác", "", place, ""]
    body = post_import(client, "/to-chuc/excel/nhap/", xlsx("Tổ chức", ORG_HEADERS, [row]))
    assert "“thôn Nà Khà” chưa có trong danh sách thôn, bản của xã Bình An" in body
    assert not Organization.objects.filter(name="Chi hội Nông dân thôn Nà Khà").exists()


def test_search_finds_a_spelling_variant():
    found = search_units("huyện Krông Pắk")
    assert [u.full_name for u in found] == ["Huyện Krông Pắc"]
    assert search_units("xã Krông Pắk")[0] == current_commune("24490")
