"""No input answers 500: arbitrary text — NUL and other control characters, very long strings,
numbers too large for a column, malformed dates and ids — in every search and filter parameter
and every field of the main forms, as a signed-in officer. A re-displayed form shows an error and
keeps what was typed.

The forms are read from the pages themselves (every ``<input>``, ``<select>`` and ``<textarea>``
of every form), so a field added later is fuzzed too. Runs on SQLite and PostgreSQL (NUL broke
only PostgreSQL)."""

from html import escape
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant, User
from danvan.core.forms import RecordsChoiceField
from danvan.core.middleware import CONTROL_CHARACTERS
from tests.documents.factories import make_document
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.organizations import make_person, tuyen_quang
from tests.initiatives.factories import binh_an, make_initiative, seed
from tests.reviews.factories import make_round, open_round_with
from tests.submissions.helpers import sent_report
from tests.targets.factories import make_inspection, make_programme, make_target

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values that broke, or could break, a parser or a column.
NASTY = [
    "\x00",
    "a\x00b",
    "\x0b\x1f",
    "abc",
    "-1",
    "0",
    "9" * 30,
    "²",
    "١٢",
    "1e309",
    "NaN",
    "2023-02-30",
    "31/12/2023",
    "99999-01-01",
    "1,2",
    "' OR 1=1 --",
    "%",
    "_",
    "<script>x</script>",
    "Đắk Lắk",
    "x" * 300,
    "ư" * 5000,
    " ",
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=4), st.integers(60, 3000)),
)


class FormReader(HTMLParser):
    """The forms of a page: method, action and their fields as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (a.get("method") or "get").lower(),
                    "action": a.get("action") or "",
                    "data": {},
                    "text": set(),
                    "choice": set(),
                }
            )
            return
        if tag == "option" and self._select and self.forms:
            value = a.get("value", "")
            self._select[2].append(value)
            if "selected" in a:
                self.forms[-1]["data"].setdefault(self._select[0], []).append(value)
            return
        if not self.forms or "name" not in a:
            return
        form, name = self.forms[-1], a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                form["choice"].add(name)
                if "checked" in a:
                    form["data"].setdefault(name, []).append(a.get("value") or "on")
                return
            form["data"].setdefault(name, []).append(a.get("value") or "")
            if kind in {"text", "search", "email", "number", "date", "tel", "url"}:
                form["text"].add(name)
        elif tag == "select":
            self._select = (name, "multiple" in a, [])
            form["choice"].add(name)
        elif tag == "textarea":
            self._textarea = name
            form["data"][name] = [""]
            form["text"].add(name)

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["data"][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select and self.forms:
            name, multiple, options = self._select
            if not multiple and name not in self.forms[-1]["data"] and options:
                self.forms[-1]["data"][name] = [options[0]]
            self._select = None
        elif tag == "textarea" and self._textarea and self.forms:
            value = self.forms[-1]["data"][self._textarea][0]
            self.forms[-1]["data"][self._textarea][0] = value.removeprefix("\n")
            self._textarea = None


def page_forms(client, url, method):
    response = client.get(url)
    assert response.status_code == 200, url
    reader = FormReader()
    reader.feed(response.content.decode())
    forms = [
        f
        for f in reader.forms
        if f["method"] == method and f["action"] in ("", url, url.split("?")[0])
    ]
    assert forms, f"no {method} form on {url}"
    return max(forms, key=lambda f: len(f["data"]) + len(f["text"]))


@pytest.fixture
def world(db):
    """An administrator of tỉnh Tuyên Quang (also a reviewer there) and one of each record."""
    seed()
    officer = UserFactory()
    for role in (Role.ADMIN, Role.STAFF):
        Grant.objects.create(user=officer, role=role, unit=tuyen_quang())
    initiative = make_initiative(name="Dân vận khéo ở xã Bình An")
    organization = initiative.owner_organization
    person = make_person(full_name="Nguyễn Văn Thử")
    document = make_document(issuer=organization)
    review_round = make_round()
    Grant.objects.create(user=officer, role=Role.REVIEWER, unit=tuyen_quang())
    scoring = open_round_with([make_initiative(name="Mô hình để chấm")], [officer], per=1)
    programme = make_programme()
    client = Client()
    client.force_login(officer)
    return {
        "programme": programme,
        "target": make_target(programme),
        "inspection": make_inspection(programme=programme),
        "client": client,
        "officer": officer,
        "initiative": initiative,
        "organization": organization,
        "person": person,
        "document": document,
        "round": review_round,
        "assignment": scoring.assignments.get(),
        "unit": binh_an(),
        **sent_report(officer),
    }


# Every page that reads its query string, with the parameters it reads (those of its GET forms
# are added from the page itself).
SEARCH_PAGES = [
    ("/", ["page"]),
    ("/nhat-ky-cua-toi/", ["page"]),
    ("/tai-khoan/", ["page"]),
    ("/mo-hinh/", ["q", "page", "count", "sort", "status", "year", "unit", "place"]),
    ("/mo-hinh/chon/", ["field", "q", "owner_organization__search", "place__search"]),
    ("/mo-hinh/excel/xuat/", ["q", "status", "year", "place"]),
    ("/mo-hinh/{initiative}/", ["page"]),
    ("/to-chuc/", ["q", "kind", "ended", "page"]),
    ("/to-chuc/chon/", ["field", "q", "parent__search", "unit__search"]),
    ("/to-chuc/them/", ["parent"]),
    ("/to-chuc/excel/xuat/", ["q"]),
    ("/to-chuc/{organization}/", ["page"]),
    ("/can-bo/", ["q", "page"]),
    ("/can-bo/chon/", ["field", "q", "person__search"]),
    ("/can-bo/excel/xuat/", ["q"]),
    ("/can-bo/{person}/", ["page"]),
    ("/nguoi-dung/", ["q", "page"]),
    ("/van-ban/", ["q", "issuer", "kind", "year", "page"]),
    ("/van-ban/excel/xuat/", ["q"]),
    ("/van-ban/{document}/", ["page"]),
    ("/dia-ban/", ["q"]),
    ("/dia-ban/tim/", ["q", "era"]),
    ("/dia-ban/chon/", ["field", "q", "level", "era", "scope__search"]),
    ("/dia-ban/{unit}/", ["page", "q", "children"]),
    ("/binh-xet/", ["page", "q"]),
    ("/binh-xet/{round}/", ["page", "timeline"]),
    ("/binh-xet/{round}/bang/", ["page", "partial", "q", "status"]),
    ("/cham-diem/", ["page"]),
    ("/thong-bao/", ["page"]),
    ("/bao-cao/", ["preset", "scope", "scope__search", "by", "period", "year", "measures"]),
    ("/khen-thuong/", ["q", "kind", "year", "place", "place__search", "page"]),
    ("/khen-thuong/excel/xuat/", ["q", "kind", "year", "place"]),
    ("/khen-thuong/de-nghi/", ["state", "page"]),
    ("/khen-thuong/le/", ["page"]),
    ("/bao-cao-dinh-ky/mau/{template}/tinh-hinh/", ["ky", "don-vi"]),
    ("/bao-cao-dinh-ky/bao-cao/{submission}/", ["page"]),
    ("/bao-cao-dinh-ky/mau/{template}/tong-hop/", ["ky", "don-vi", "format"]),
    ("/chi-tieu/", ["page"]),
    ("/chi-tieu/{programme}/", ["page", "timeline"]),
    ("/chi-tieu/{programme}/so-ket/", ["kind", "as_of", "format"]),
    ("/chi-tieu/muc/{target}/", ["page", "timeline"]),
    ("/chi-tieu/don-vi/{unit}/", ["page"]),
    ("/khao-sat/", ["page"]),
    ("/khao-sat/them/", ["programme"]),
    ("/khao-sat/{inspection}/", ["page", "timeline"]),
    ("/dien-hinh/", ["tinh", "linh-vuc", "nam", "trang"]),
]


def fill(url, world, **extra):
    ids = {key: getattr(value, "pk", "") for key, value in world.items()}
    return url.format(**ids, **extra)


@pytest.mark.parametrize(("url", "names"), SEARCH_PAGES, ids=[u for u, _n in SEARCH_PAGES])
def test_no_query_string_answers_500(world, url, names):
    client = world["client"]
    url = fill(url, world)
    reader = FormReader()
    page = client.get(url)
    if page["Content-Type"].startswith("text/html"):
        reader.feed(page.content.decode())
    for form in reader.forms:
        if form["method"] == "get":
            names = [*names, *form["data"], *form["text"], *form["choice"]]
    names = sorted(set(names))

    @FUZZ
    @given(
        params=st.dictionaries(
            st.sampled_from(names), st.lists(TEXT, min_size=1, max_size=3), min_size=1, max_size=4
        ),
        htmx=st.booleans(),
    )
    def request_does_not_fail(params, htmx):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.get(url, params, **headers)
        assert response.status_code < 500, (url, params)

    request_does_not_fail()


# The main forms: the page that shows each, and the field that must come back when it is wrong.
FORM_PAGES = [
    "/mo-hinh/dang-ky/",
    "/mo-hinh/{initiative}/sua/",
    "/mo-hinh/{initiative}/tien-do/",
    "/to-chuc/them/",
    "/to-chuc/{organization}/sua/",
    "/to-chuc/{organization}/ket-thuc/",
    "/can-bo/them/",
    "/can-bo/{person}/sua/",
    "/van-ban/them/",
    "/van-ban/{document}/sua/",
    "/binh-xet/tao/",
    "/binh-xet/{round}/sua/",
    "/nguoi-dung/moi/",
    "/nguoi-dung/{officer}/",
    "/cham-diem/{assignment}/",
    "/mo-hinh/{initiative}/cong-nhan/",
    "/doi-mat-khau/",
    "/khen-thuong/ghi-nhan/",
    "/khen-thuong/de-nghi/tao/",
    "/khen-thuong/hinh-thuc/them/",
    "/khen-thuong/le/them/",
    "/bao-cao-dinh-ky/nghia-vu/{obligation}/2026-06/",
    "/bao-cao-dinh-ky/mau/tao/",
    "/bao-cao-dinh-ky/mau/{template}/sua/",
    "/chi-tieu/them/",
    "/chi-tieu/{programme}/sua/",
    "/chi-tieu/{programme}/them-chi-tieu/",
    "/chi-tieu/muc/{target}/sua/",
    "/chi-tieu/muc/{target}/phan-bo/",
    "/chi-tieu/muc/{target}/bao-cao/",
    "/khao-sat/them/",
    "/khao-sat/{inspection}/sua/",
]


@pytest.mark.parametrize("url", FORM_PAGES)
def test_no_form_input_answers_500_and_a_refused_form_keeps_what_was_typed(world, url):
    client = world["client"]
    url = fill(url, world)
    form = page_forms(client, url, "post")
    fields = sorted({*form["data"], *form["text"], *form["choice"]} - {"csrfmiddlewaretoken"})

    @FUZZ
    @given(field=st.sampled_from(fields), value=TEXT)
    def post_does_not_fail(field, value):
        data = {name: list(values) for name, values in form["data"].items()}
        data[field] = [value]
        response = client.post(url, data)
        assert response.status_code < 500, (url, field, value)
        if response.status_code == 200:
            body = response.content.decode()
            assert "errorlist" in body or 'role="alert"' in body, (url, field, value)
            shown = CONTROL_CHARACTERS.sub("", value)
            # (A picker's search box, ``…__search``, is a typing aid, not a value of the form.)
            typed = field in form["text"] and not field.endswith("__search")
            if typed and "password" not in field and shown.strip():
                assert escape(shown) in body, (url, field, value)

    post_does_not_fail()


@given(username=TEXT, password=TEXT)
@FUZZ
def test_no_login_input_answers_500(username, password):
    response = Client().post("/dang-nhap/", {"username": username, "password": password})
    assert response.status_code in (200, 429), (username, password)
    body = response.content.decode()
    assert "errorlist" in body or "Tài khoản tạm thời bị khóa" in body


def test_an_over_long_username_at_login_is_refused_in_vietnamese(client):
    response = client.post("/dang-nhap/", {"username": "a" * 300, "password": PASSWORD})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Giá trị này chỉ có tối đa 150 kí tự (hiện có 300)" in body


# Each of these answered 500 (the search boxes on PostgreSQL only).
KNOWN = [
    "/mo-hinh/?q=a%00b",
    "/mo-hinh/chon/?field=place&q=a%00b",
    "/to-chuc/?q=a%00b",
    "/to-chuc/chon/?q=a%00b",
    "/can-bo/?q=a%00b",
    "/can-bo/chon/?q=a%00b",
    "/van-ban/?q=a%00b",
    "/dia-ban/tim/?q=a%00b",
    "/dia-ban/chon/?q=a%00b",
    "/nguoi-dung/?q=a%00b",
    "/to-chuc/them/?parent=abc",
    "/van-ban/?issuer=%C2%B2",
    "/can-bo/excel/xuat/?q=" + "a+" * 1500,
]


@pytest.mark.parametrize("url", KNOWN)
def test_inputs_that_answered_500_are_ignored(world, url):
    response = world["client"].get(url)
    assert response.status_code == 200


def test_a_nul_in_a_search_is_dropped_and_the_search_still_finds(world):
    response = world["client"].get("/can-bo/", {"q": "Nguy\x00ễn Văn Thử"})
    assert "Nguyễn Văn Thử" in response.content.decode()
    assert response.context["query"] == "Nguyễn Văn Thử"


def test_a_nul_in_a_form_is_dropped_and_the_rest_is_saved(world):
    organization = world["organization"]
    client = world["client"]
    url = f"/to-chuc/{organization.pk}/sua/"
    data = page_forms(client, url, "post")["data"]
    data["name"] = ["Ban Dân vận\x00 xã Bình\x0b An"]
    response = client.post(url, data)
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Ban Dân vận xã Bình An"


def test_a_damaged_version_is_refused_in_words_and_keeps_the_form(world):
    initiative = world["initiative"]
    client = world["client"]
    url = f"/mo-hinh/{initiative.pk}/sua/"
    data = page_forms(client, url, "post")["data"]
    data["version"] = ["abc"]
    data["name"] = ["Dân vận khéo ở xã Bình An, sửa lại"]
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Biểu mẫu này đã bị hỏng trên đường gửi về" in body
    assert ">\nDân vận khéo ở xã Bình An, sửa lại</textarea>" in body
    initiative.refresh_from_db()
    assert initiative.name == "Dân vận khéo ở xã Bình An"


# Buttons and small forms that post a few fields the views read themselves.
ACTIONS = [
    ("/bao-cao/xuat/", ["format", "query"]),
    ("/binh-xet/{round}/trang-thai/", ["to_state"]),
    ("/binh-xet/{round}/loc/", ["year", "status", "place", "fields_of_work", "q"]),
    ("/binh-xet/{round}/them/", ["initiative", "initiative__search"]),
    ("/binh-xet/{round}/phan-cong/", ["initiative", "reviewer"]),
    ("/binh-xet/{round}/quyet-dinh/", ["pick", "decision", "outcome", "level"]),
    ("/mo-hinh/{initiative}/trang-thai/", ["to_state", "reason"]),
    ("/can-bo/{person}/position/them/", ["organization", "title", "valid_from"]),
    ("/thong-bao/da-doc/", ["id", "next"]),
    ("/bao-cao-dinh-ky/bao-cao/{submission}/tra-lai/", ["comment", "version"]),
    ("/bao-cao-dinh-ky/bao-cao/{submission}/chap-nhan/", ["comment", "version"]),
    ("/bao-cao-dinh-ky/mau/{template}/trang-thai/", ["active"]),
    ("/bao-cao-dinh-ky/mau/{template}/nhac/", ["ky", "don-vi"]),
]


@pytest.mark.parametrize(("url", "names"), ACTIONS, ids=[u for u, _n in ACTIONS])
def test_no_posted_action_answers_500(world, url, names):
    client = world["client"]
    url = fill(url, world)

    @FUZZ
    @given(
        data=st.dictionaries(
            st.sampled_from(names), st.lists(TEXT, min_size=1, max_size=3), min_size=1
        )
    )
    def post_does_not_fail(data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)

    post_does_not_fail()


@pytest.mark.parametrize(
    "url",
    [
        "/mo-hinh/{big}/",
        "/to-chuc/{big}/",
        "/can-bo/{big}/",
        "/van-ban/{big}/",
        "/dia-ban/{big}/",
        "/binh-xet/{big}/",
        "/cham-diem/{big}/",
        "/nguoi-dung/{big}/",
        "/mo-hinh/{initiative}/minh-chung/{big}/",
        "/bao-cao-dinh-ky/bao-cao/{big}/",
        "/bao-cao-dinh-ky/mau/{big}/tinh-hinh/",
        "/bao-cao-dinh-ky/nghia-vu/{big}/2026-06/",
        "/bao-cao-dinh-ky/mau/{big}/",
    ],
)
def test_an_id_beyond_any_column_is_not_found(world, url):
    url = fill(url, world, big="9" * 25)
    response = world["client"].get(url)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


@pytest.mark.django_db
def test_a_ticked_id_beyond_any_column_is_an_invalid_choice_never_a_500():
    """Found by the fuzz test: ``reviewers=10000000000000000000`` reached SQLite, which cannot
    bind it (OverflowError, a 500)."""
    field = RecordsChoiceField(queryset=User.objects.all(), required=False)
    with pytest.raises(ValidationError) as refused:
        field.clean(["10000000000000000000"])
    assert refused.value.code == "invalid_pk_value"
    assert field.clean([]).count() == 0


# ---- follow-ups and dialogues (danvan.followups, danvan.dialogues) ----------------------------


@pytest.fixture
def dialogue_world(world):
    from tests.dialogues.factories import add_opinion, make_dialogue, make_petition
    from tests.followups.factories import make_followup

    dialogue = make_dialogue()
    add_opinion(dialogue, answer="Đã trả lời")
    followup = make_followup(owner=world["organization"])
    petition = make_petition(responsible=world["organization"])
    return world | {"dialogue": dialogue, "followup": followup, "petition": petition}


DIALOGUE_SEARCH_PAGES = [
    ("/theo-doi/", ["q", "state", "overdue", "page", "org", "unit"]),
    ("/theo-doi/qua-han/", ["page"]),
    ("/theo-doi/nhac-viec/", ["page"]),
    ("/theo-doi/{followup}/", ["page"]),
    ("/doi-thoai/", ["q", "kind", "year", "page"]),
    ("/doi-thoai/{dialogue}/", ["page"]),
    ("/kien-nghi/", ["q", "state", "category", "overdue", "page"]),
    ("/kien-nghi/{petition}/", ["page"]),
    ("/kien-nghi/them/", ["dialogue"]),
    ("/tra-cuu-kien-nghi/", ["code"]),
    ("/tinh-hinh-nhan-dan/", ["months", "level"]),
    ("/kien-nghi/excel/xuat/", ["q", "state", "category", "overdue", "ca_nhan"]),
    ("/doi-thoai/excel/xuat/", ["q", "kind", "year"]),
]


@pytest.mark.parametrize(
    ("url", "names"), DIALOGUE_SEARCH_PAGES, ids=[u for u, _n in DIALOGUE_SEARCH_PAGES]
)
def test_no_query_string_of_dialogues_and_followups_answers_500(dialogue_world, url, names):
    test_no_query_string_answers_500(dialogue_world, url, names)


DIALOGUE_FORM_PAGES = [
    "/theo-doi/them/",
    "/theo-doi/{followup}/sua/",
    "/theo-doi/{followup}/bao-cao/",
    "/doi-thoai/them/",
    "/doi-thoai/{dialogue}/sua/",
    "/doi-thoai/{dialogue}/y-kien/",
    "/kien-nghi/them/",
    "/kien-nghi/{petition}/chuyen/",
    "/kien-nghi/{petition}/tra-loi/",
    "/kien-nghi/{petition}/mo-lai/",
    "/kien-nghi/{petition}/an-danh/",
    "/tinh-hinh-nhan-dan/them/",
]


@pytest.mark.parametrize("url", DIALOGUE_FORM_PAGES)
def test_no_dialogue_or_followup_form_input_answers_500(dialogue_world, url):
    test_no_form_input_answers_500_and_a_refused_form_keeps_what_was_typed(dialogue_world, url)


DIALOGUE_ACTIONS = [
    ("/theo-doi/{followup}/trang-thai/", ["to_state", "reason"]),
    ("/theo-doi/nhac-viec/da-doc/", ["id"]),
    ("/kien-nghi/{petition}/ket-thuc/", ["x"]),
    ("/tra-cuu-kien-nghi/mo-lai/", ["code", "reason"]),
]


@pytest.mark.parametrize(("url", "names"), DIALOGUE_ACTIONS, ids=[u for u, _n in DIALOGUE_ACTIONS])
def test_no_posted_dialogue_or_followup_action_answers_500(dialogue_world, url, names):
    test_no_posted_action_answers_500(dialogue_world, url, names)
