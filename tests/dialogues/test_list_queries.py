"""Lists read a constant number of queries: one row or three."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dialogues.factories import (
    add_opinion,
    binh_an,
    make_dialogue,
    make_organization,
    make_petition,
    officer,
    tuyen_quang,
)

pytestmark = pytest.mark.django_db


def _count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    return len(queries), body


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/doi-thoai/", "3 cuộc đối thoại"),
        ("/kien-nghi/", "3 kiến nghị"),
        ("/tinh-hinh-nhan-dan/", "Vấn đề 2"),
        ("/theo-doi/", "3 việc cần theo dõi"),
    ],
)
def test_a_list_reads_as_many_queries_for_one_row_as_for_three(client, url, shown):
    ubnd = make_organization(name="UBND xã Bình An", unit=binh_an())
    from danvan.dialogues import services

    def one_more(n):
        dialogue = make_dialogue(chair_name=f"Chủ trì {n}")
        add_opinion(
            dialogue, commitment={"assignee_organization": ubnd, "due_date": date(2026, 9, 1)}
        )
        make_petition(responsible=ubnd, summary=f"Kiến nghị {n}")
        services.record_opinion_note(
            data={
                "noted_on": date(2026, 10, n + 1),
                "place": binh_an(),
                "field": ["land", "health", "education"][n],
                "topic": f"Vấn đề {n}",
                "level": "watch",
            },
            acting_user=None,
        )

    client.force_login(officer("staff", unit=tuyen_quang()))
    one_more(0)
    client.get(url)
    one, _body = _count(client, url)
    one_more(1)
    one_more(2)
    three, body = _count(client, url)
    assert shown in body
    assert three == one


def test_a_large_scope_is_read_as_a_subquery_and_sees_the_same_petitions(monkeypatch):
    from danvan.dialogues import queries
    from tests.dialogues.factories import dong_thap

    ubnd = make_organization(name="UBND xã Bình An", unit=binh_an())
    elsewhere = make_organization(name="UBND tỉnh Đồng Tháp", unit=dong_thap())
    mine = make_petition(responsible=ubnd, summary="Ở Bình An")
    make_petition(responsible=elsewhere, place=dong_thap(), summary="Ở Đồng Tháp")
    viewer = officer("viewer", unit=tuyen_quang())
    as_lists = list(queries.petitions_visible_to(viewer))
    monkeypatch.setattr(queries, "SCOPE_LIST_LIMIT", 1)
    as_subqueries = queries.petitions_visible_to(viewer)
    assert "SELECT" in str(as_subqueries.query).split("WHERE", 1)[1]
    assert list(as_subqueries) == as_lists == [mine]


def _in_both_forms(user, **filters) -> tuple[list, list, int]:
    """The list's rows and count (``PetitionList``) beside the selector's rows, filtered the
    same way, in the list's order."""
    from danvan.dialogues import queries

    rows = queries.PetitionList(queries.petition_scope(user), **filters)
    visible = queries.filter_petitions(queries.petitions_visible_to(user), **filters)
    return list(rows[0:50]), list(visible.order_by("due_date", "id")), rows.count()


def test_the_list_counts_each_petition_of_the_scope_once():
    """At a place of the scope, for a body of the scope elsewhere, both, or neither: the count
    adds up the two parts without counting a petition twice, and the page shows the rows the
    selector shows, in the list's order."""
    from danvan.dialogues import services
    from danvan.territory.models import AdministrativeUnit
    from tests.dialogues.factories import dong_thap

    ubnd = make_organization(name="UBND xã Bình An", unit=binh_an())
    elsewhere = make_organization(name="UBND tỉnh Đồng Tháp", unit=dong_thap())
    both = make_petition(responsible=ubnd, received_on=date(2026, 1, 5))
    body_only = make_petition(responsible=ubnd, place=dong_thap(), received_on=date(2026, 2, 5))
    place_only = make_petition(responsible=elsewhere, received_on=date(2026, 3, 5))
    outside = make_petition(responsible=elsewhere, place=dong_thap(), summary="Ở Đồng Tháp")
    transferred = make_petition(responsible=ubnd, received_on=date(2026, 4, 5))
    services.transfer_petition(
        petition=transferred, to=elsewhere, reason="Thuộc thẩm quyền tỉnh", acting_user=None
    )
    old = AdministrativeUnit.objects.exclude(era="current").filter(
        today_path__startswith=tuyen_quang().path
    )[0]
    before_the_merger = make_petition(responsible=elsewhere, place=old, summary="Xã cũ")
    viewer = officer("viewer", unit=tuyen_quang())

    rows, visible, count = _in_both_forms(viewer)
    assert set(rows) == {both, body_only, place_only, transferred, before_the_merger}
    assert rows == visible
    assert count == 5
    rows, visible, count = _in_both_forms(viewer, overdue=True)
    assert rows == visible
    assert count == len(rows) >= 3
    rows, visible, count = _in_both_forms(officer("viewer", unit=binh_an()))
    assert rows == visible
    assert count == len(rows) >= 4
    assert place_only in rows
    rows, visible, count = _in_both_forms(officer("viewer", organization=elsewhere))
    assert set(rows) == {place_only, outside, transferred, before_the_merger}
    assert rows == visible
    assert count == len(rows)


def test_the_list_of_a_superuser_and_of_someone_without_a_grant():
    from danvan.accounts.models import User
    from tests.dialogues.factories import dong_thap

    elsewhere = make_organization(name="UBND tỉnh Đồng Tháp", unit=dong_thap())
    make_petition(responsible=elsewhere, place=dong_thap())
    root = User.objects.create_superuser("root-petitions", password="x")  # noqa: S106
    assert _in_both_forms(root)[2] == 1
    nobody = User.objects.create_user("no-grant", password="x")  # noqa: S106
    assert _in_both_forms(nobody) == ([], [], 0)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "999"},
        {"page": "-1"},
        {"page": "abc"},
        {"overdue": "maybe", "state": "zzz", "category": "abc"},
        {"category": "999999", "q": "KN" + "Z" * 8},
        {"q": "đường " * 40},
    ],
)
def test_the_list_answers_any_input(client, params):
    make_petition(responsible=make_organization(name="UBND xã Bình An", unit=binh_an()))
    client.force_login(officer("staff", unit=tuyen_quang()))
    assert client.get("/kien-nghi/", params).status_code == 200


def test_a_prefix_of_units_is_the_same_as_startswith_on_either_backend():
    """On SQLite the scope's units are a range of paths (which its index serves): it selects
    exactly the units whose path starts with the prefix."""
    from danvan.dialogues.queries import _path_prefix_q
    from danvan.territory.models import AdministrativeUnit

    units = AdministrativeUnit.objects.all()
    for prefix in (tuyen_quang().path, binh_an().path, tuyen_quang().path[:-1], "C."):
        for field in ("path", "today_path"):
            by_range = set(units.filter(_path_prefix_q(field, prefix)))
            assert by_range == set(units.filter(**{f"{field}__startswith": prefix}))
            assert by_range
