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
