"""Vietnamese alphabetical order (issue 12, 8): letters first, â after a, tones last."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from danvan.core.folding import collation_key, stored_collation_key
from tests.factories.accounts import UserFactory


def test_names_sort_in_the_vietnamese_alphabet():
    names = ["Cần Thơ", "Cà Mau", "Cao Bằng", "Đà Nẵng", "Điện Biên", "Đắk Lắk", "Đồng Tháp",
             "Dak Nong", "An Giang", "Ân Thi", "Ba", "Bà", "Bả", "Bã", "Bá", "Bạ",
             "Ơ", "Ô", "O"]  # fmt: skip
    assert sorted(names, key=collation_key) == [
        "An Giang", "Ân Thi", "Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Cà Mau", "Cao Bằng",
        "Cần Thơ", "Dak Nong", "Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Tháp", "O", "Ô", "Ơ",
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_list_of_provinces_puts_cao_bang_before_can_tho():
    client = Client()
    client.force_login(UserFactory())
    page = client.get("/dia-ban/").content.decode()
    assert page.index("Cao Bằng") < page.index("Cần Thơ")


VIETNAMESE_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)


def _letters_and_tones(name):
    key = collation_key(name)
    return key[: key.rindex("\x00")] if key else ""


NAMES = st.text(
    alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " 0123456789-", max_size=40
)


@given(NAMES, NAMES)
def test_the_stored_key_orders_two_names_as_the_collation_key_does(first, second):
    stored = (stored_collation_key(first), stored_collation_key(second))
    shown = (_letters_and_tones(first), _letters_and_tones(second))
    assert (stored[0] < stored[1], stored[0] == stored[1]) == (
        shown[0] < shown[1],
        shown[0] == shown[1],
    )


def test_the_stored_key_is_plain_ascii_without_nul():
    key = stored_collation_key("Hội Liên hiệp Phụ nữ xã Đắk Sơmei — “Dân vận khéo”")
    assert key.isascii()
    assert key.isalnum()
    assert key == key.lower()
    assert stored_collation_key("Cao Bằng") < stored_collation_key("Cần Thơ")
    assert stored_collation_key("Ấp") < stored_collation_key("Ấp Bắc")
    assert len(stored_collation_key("Nguyễn " * 100)) == 255


@pytest.mark.django_db
def test_people_and_organisations_are_listed_in_vietnamese_alphabetical_order():
    from danvan.accounts.enums import Role
    from tests.factories.organizations import make_organization, make_person, tuyen_quang
    from tests.permissions import user_with_role

    for name in ("Đặng Văn Ba", "Cần Thị Hoa", "Dương Thị Lan", "Cao Văn Nam"):
        make_person(full_name=name, unit=tuyen_quang())
    for name in ("Hội Nông dân Cần Thơ", "Hội Nông dân Cao Bằng"):
        make_organization(name=name, unit=tuyen_quang())
    client = Client()
    client.force_login(user_with_role(Role.STAFF, unit=tuyen_quang()))
    people = client.get("/can-bo/").content.decode()
    positions = [people.index(name) for name in
                 ("Cao Văn Nam", "Cần Thị Hoa", "Dương Thị Lan", "Đặng Văn Ba")]  # fmt: skip
    assert positions == sorted(positions)
    found = client.get("/to-chuc/", {"q": "hoi nong dan"}).content.decode()
    assert found.index("Hội Nông dân Cao Bằng") < found.index("Hội Nông dân Cần Thơ")
