"""No input answers 500 on the pages of activities and campaigns: the fuzzing of
``tests/core/test_no_server_error.py`` (its strategies and form reader) over this app's search
pages, main forms and posted actions, with a world of its own."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant
from danvan.activities import services
from tests.activities import factories as f
from tests.core.test_no_server_error import FUZZ, TEXT, FormReader, page_forms
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    f.seed()
    officer = UserFactory()
    for role in (Role.ADMIN, Role.STAFF):
        Grant.objects.create(user=officer, role=role, unit=f.tuyen_quang())
    activity = f.seed_000()
    tq = f.legacy("L.08.")
    campaign = f.make_campaign(organiser=f.make_organization(unit=tq), scope_unit=tq)
    line = services.set_plan_line(
        campaign=campaign, unit=f.lam_binh(), planned_activities=3, acting_user=None
    )
    client = Client()
    client.force_login(officer)
    return {"client": client, "activity": activity, "campaign": campaign, "line": line}


def fill(url, world):
    return url.format(**{key: getattr(value, "pk", "") for key, value in world.items()})


SEARCH_PAGES = [
    ("/hoat-dong/", ["q", "page", "start", "end", "unit", "organization", "campaign", "kind"]),
    ("/hoat-dong/lich/", ["year", "month", "q", "unit", "campaign", "kind"]),
    ("/hoat-dong/excel/xuat/", ["q", "start", "end", "unit", "campaign", "kind"]),
    ("/hoat-dong/ghi-nhan/", ["campaign"]),
    ("/hoat-dong/{activity}/", ["page"]),
    ("/dot-phong-trao/", ["q", "page"]),
    ("/dot-phong-trao/{campaign}/", ["page"]),
    ("/hoat-dong/danh-muc/", ["page"]),
]


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


FORM_PAGES = [
    "/hoat-dong/ghi-nhan/",
    "/hoat-dong/{activity}/sua/",
    "/dot-phong-trao/tao/",
    "/dot-phong-trao/{campaign}/sua/",
    "/dot-phong-trao/{campaign}/ke-hoach/",
]


@pytest.mark.parametrize("url", FORM_PAGES)
def test_no_form_input_answers_500_and_a_refused_form_keeps_what_was_typed(world, url):
    from html import escape

    from danvan.core.middleware import CONTROL_CHARACTERS

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
            typed = field in form["text"] and not field.endswith("__search")
            if typed and shown.strip():
                assert escape(shown) in body, (url, field, value)

    post_does_not_fail()


ACTIONS = [
    (
        "/hoat-dong/danh-muc/work-kind/",
        ["entry", "work-kind-name", "work-kind-unit", "work-kind-order", "work-kind-active"],
    ),
    ("/hoat-dong/danh-muc/activity-kind/", ["entry", "activity-kind-name", "activity-kind-order"]),
    ("/dot-phong-trao/{campaign}/ke-hoach/{line}/xoa/", ["x"]),
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
        "/hoat-dong/{big}/",
        "/hoat-dong/{big}/sua/",
        "/dot-phong-trao/{big}/",
        "/dot-phong-trao/{big}/ke-hoach/",
    ],
)
def test_an_id_beyond_any_column_is_not_found(world, url):
    response = world["client"].get(url.format(big="9" * 25))
    assert response.status_code == 404


def test_removing_a_plan_line_of_another_campaign_is_not_found(world):
    other = f.make_campaign()
    response = world["client"].post(f"/dot-phong-trao/{other.pk}/ke-hoach/{world['line'].pk}/xoa/")
    assert response.status_code == 404
    assert world["campaign"].plan_lines.count() == 1
