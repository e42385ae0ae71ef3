"""Vietnamese alphabetical order (issue 12, 8): letters first, â after a, tones last."""

import pytest
from django.test import Client

from danvan.core.folding import collation_key
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
