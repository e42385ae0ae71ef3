"""No input answers 500 on the honours pages that take an id (the shared fuzz in
tests/core/test_no_server_error.py covers the lists and the forms without one)."""

from datetime import date

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from danvan.honors import services
from tests.core.test_no_server_error import FUZZ, TEXT, FormReader, page_forms
from tests.honors.factories import (
    commune_ban,
    make_kind,
    medal,
    officer,
    person_with_service,
    tuyen_quang,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    user = officer(unit=tuyen_quang())
    kind = make_kind(name="Bằng khen thử")
    proposal = services.create_proposal(
        data={"title": "Đề nghị", "kind": kind, "proposer": commune_ban()}, acting_user=None
    )
    services.add_nominee(
        proposal=proposal, recipient=person_with_service((date(2001, 1, 1), None)), acting_user=None
    )
    considered = services.create_proposal(
        data={"title": "Đang xét", "kind": kind, "proposer": commune_ban()}, acting_user=None
    )
    services.add_nominee(
        proposal=considered,
        recipient=person_with_service((date(2002, 1, 1), None)),
        acting_user=None,
    )
    services.transition_proposal(proposal=considered, action="submit", acting_user=None)
    client = Client()
    client.force_login(user)
    return {"client": client, "kind": kind, "proposal": proposal, "considered": considered}


PAGES = [
    ("/khen-thuong/hinh-thuc/{kind}/ung-vien/", ["unit", "unit__search", "as_of"]),
    ("/khen-thuong/de-nghi/{proposal}/", ["page"]),
]


@pytest.mark.parametrize(("url", "names"), PAGES, ids=[u for u, _n in PAGES])
def test_no_query_string_answers_500(world, url, names):
    client = world["client"]
    url = url.format(kind=world["kind"].pk, proposal=world["proposal"].pk)

    @FUZZ
    @given(params=st.dictionaries(st.sampled_from(names), st.lists(TEXT, min_size=1, max_size=2)))
    def request_does_not_fail(params):
        assert client.get(url, params).status_code < 500, (url, params)

    request_does_not_fail()


FORMS = [
    ("/khen-thuong/hinh-thuc/{kind}/sua/", "/khen-thuong/hinh-thuc/{kind}/sua/"),
    ("/khen-thuong/de-nghi/{proposal}/", "/khen-thuong/de-nghi/{proposal}/them/"),
    (
        "/khen-thuong/de-nghi/{considered}/quyet-dinh/",
        "/khen-thuong/de-nghi/{considered}/quyet-dinh/",
    ),
]


@pytest.mark.parametrize(("page", "action"), FORMS, ids=[a for _p, a in FORMS])
def test_no_form_input_answers_500(world, page, action):
    client = world["client"]
    ids = {k: world[k].pk for k in ("kind", "proposal", "considered")}
    page, action = page.format(**ids), action.format(**ids)
    response = client.get(page)
    reader = FormReader()
    reader.feed(response.content.decode())
    form = next(f for f in reader.forms if f["action"] in (action, "") and f["method"] == "post")
    if not form["data"]:
        form = page_forms(client, page, "post")
    fields = sorted({*form["data"], *form["text"], *form["choice"]} - {"csrfmiddlewaretoken"})

    @FUZZ
    @given(field=st.sampled_from(fields), value=TEXT)
    def post_does_not_fail(field, value):
        data = {name: list(values) for name, values in form["data"].items()}
        data[field] = [value]
        assert client.post(action, data).status_code < 500, (action, field, value)

    post_does_not_fail()


ACTIONS = [
    ("/khen-thuong/de-nghi/{considered}/chuyen/", ["action", "version", "reason"]),
    ("/khen-thuong/de-nghi/{considered}/bot/", ["nominee", "reason"]),
]


@pytest.mark.parametrize(("url", "names"), ACTIONS, ids=[u for u, _n in ACTIONS])
def test_no_posted_action_answers_500(world, url, names):
    client = world["client"]
    url = url.format(considered=world["considered"].pk)
    medal()

    @FUZZ
    @given(data=st.dictionaries(st.sampled_from(names), st.lists(TEXT, min_size=1, max_size=2)))
    def post_does_not_fail(data):
        assert client.post(url, data).status_code < 500, (url, data)

    post_does_not_fail()
