from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.audit_context import current_ip
from danvan.core.bulk_insert import insert_many, insert_values, update_many
from danvan.core.models import AuditEvent
from danvan.core.services import event_values, record_event, record_events
from danvan.organizations.models import Organization
from tests.factories.organizations import make_organization, unit

pytestmark = pytest.mark.django_db


def stored(queryset, exclude=("id",)):
    return [
        {key: value for key, value in row.items() if key not in exclude}
        for row in queryset.order_by("id").values()
    ]


def test_insert_many_writes_the_rows_bulk_create_writes_and_sets_the_keys():
    parent = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=unit("08"))
    fields = {"kind": "dan_van", "unit": unit("08"), "parent": parent,
              "valid_from": date(2020, 1, 1)}  # fmt: skip
    made = [Organization(name=f"Ban Dân vận số {n}", name_folded=f"ban dan van so {n}",
                         path=f"{parent.path}{n}.", **fields) for n in range(3)]  # fmt: skip
    Organization.objects.bulk_create(made)
    expected = stored(Organization.objects, exclude=("id",))
    Organization.objects.filter(pk__in=[o.pk for o in made]).delete()
    again = [Organization(name=f"Ban Dân vận số {n}", name_folded=f"ban dan van so {n}",
                          path=f"{parent.path}{n}.", **fields) for n in range(3)]  # fmt: skip
    insert_many(again)
    assert stored(Organization.objects, exclude=("id",)) == expected
    assert [o.pk for o in again] == list(
        Organization.objects.filter(parent=parent).order_by("id").values_list("pk", flat=True)
    )
    assert not again[0]._state.adding


def test_insert_values_converts_dates_json_and_addresses_like_the_orm(user, admin_user):
    token = current_ip.set("10.0.0.7")
    try:
        event = {"action": "core.test.done", "acting_user": admin_user, "obj": user,
                 "changes": {"day": [None, date(2025, 7, 1)]}, "message": "x" * 600}  # fmt: skip
        values = event_values(**event)
        one = record_event(**event)
    finally:
        current_ip.reset(token)
    with CaptureQueriesContext(connection) as captured:
        record_events([values, values])
    assert len(captured) == 1
    events = AuditEvent.objects.filter(action="core.test.done")
    rows = stored(events, exclude=("id", "occurred_at"))
    assert rows[1] == rows[2] == rows[0]
    assert rows[0]["changes"] == {"day": [None, "2025-07-01"]}
    assert (rows[0]["ip_address"], len(rows[0]["message"])) == ("10.0.0.7", 500)
    assert events.filter(occurred_at__gte=one.occurred_at).count() == 3


def test_insert_values_fills_defaults_and_returns_the_keys():
    assert insert_values(Organization, []) == []
    parent = make_organization(name="Huyện ủy Lâm Bình", unit=unit("08"))
    keys = insert_values(
        Organization,
        [{"name": "Chi bộ 1", "name_folded": "chi bo 1", "kind": "party_cell",
          "unit_id": unit("08").pk, "parent_id": parent.pk, "path": f"{parent.path}1."}],
    )  # fmt: skip
    created = Organization.objects.get(pk=keys[0])
    assert (created.name, created.parent, created.version, created.note) == (
        "Chi bộ 1",
        parent,
        1,
        "",
    )


def test_update_many_writes_each_rows_values_and_leaves_the_others():
    made = [make_organization(name=f"Hội Nông dân xã số {n}", unit=unit("08")) for n in range(3)]
    untouched = stored(Organization.objects.filter(pk=made[2].pk), exclude=())
    with CaptureQueriesContext(connection) as queries:
        update_many(
            Organization,
            ["name", "valid_from"],
            [
                ["Hội Nông dân xã Bình An", date(2025, 7, 1), made[0].pk],
                ["Hội Nông dân xã Lăng Can", None, made[1].pk],
            ],
        )
    assert len(queries) == 1
    rows = dict(Organization.objects.filter(pk__in=[o.pk for o in made[:2]]).values_list(
        "pk", "name"))  # fmt: skip
    assert rows == {made[0].pk: "Hội Nông dân xã Bình An", made[1].pk: "Hội Nông dân xã Lăng Can"}
    assert Organization.objects.get(pk=made[0].pk).valid_from == date(2025, 7, 1)
    assert Organization.objects.get(pk=made[1].pk).valid_from is None
    assert stored(Organization.objects.filter(pk=made[2].pk), exclude=()) == untouched
