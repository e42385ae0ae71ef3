"""What officers read: no space before punctuation, "đồng chí" (never "bạn"), one date form
(issue 12, 8) — checked on the rendered text of the main pages."""

import re

import pytest

from danvan.accounts.enums import Role
from tests.documents.factories import make_document
from tests.initiatives.factories import make_initiative, make_organization, seed, tuyen_quang
from tests.initiatives.views_helpers import client_for, text_of

pytestmark = pytest.mark.django_db

SPACE_BEFORE = re.compile(r"\w\s+[,.;:!?](?=\s|$)")
SHORT_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


def test_the_main_pages_read_right():
    seed()
    initiative = make_initiative(name="Dân vận khéo trong xây dựng nông thôn mới")
    issuer = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=tuyen_quang())
    document = make_document(issuer=issuer, title="Kế hoạch thi đua", number="12-KH/BDVTU")
    client = client_for(Role.ADMIN)
    pages = [
        "/",
        "/mo-hinh/",
        f"/mo-hinh/{initiative.pk}/",
        "/mo-hinh/dang-ky/",
        "/van-ban/",
        f"/van-ban/{document.pk}/",
        "/to-chuc/",
        f"/to-chuc/{issuer.pk}/",
        "/can-bo/",
        "/binh-xet/",
        "/nguoi-dung/moi/",
    ]
    found = {}
    for path in pages:
        body = client.get(path).content.decode()
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
        body = re.sub(r"<(input|option|textarea)\b[^>]*>", " ", body)
        text = text_of(re.sub(r"</?(a|span|strong|em|small|abbr|b|i|time)\b[^>]*>", "", body))
        problems = [
            text[max(0, m.start() - 40) : m.end() + 5] for m in SPACE_BEFORE.finditer(text)
        ] + re.findall(r"\b[Bb]ạn\b", text)
        problems += [d for d in SHORT_DATE.findall(text) if not re.fullmatch(r"\d\d/\d\d/\d{4}", d)]
        if problems:
            found[path] = problems
    assert found == {}
