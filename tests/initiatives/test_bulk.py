import pytest
from django.core.exceptions import ValidationError

from danvan.accounts.enums import Role
from danvan.core.models import AuditEvent
from danvan.initiatives import services
from danvan.initiatives.bulk import new_initiative, register_initiatives_in_bulk
from danvan.initiatives.models import CodeSequence, Initiative, StatusChange
from tests.initiatives.factories import binh_an, field, make_organization, seed, tuyen_quang
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

NOTE = "Registered by an import from Excel."
REASON = "Set by an import from Excel."


@pytest.fixture(autouse=True)
def catalogues():
    seed()


@pytest.fixture
def owner():
    return make_organization(name="Ban Dân vận Huyện ủy Lâm Bình", unit=tuyen_quang())


def data(owner, name, year=2023, **extra) -> dict:
    return {"name": name, "kind": "model", "subject": "collective", "owner_organization": owner,
            "place": binh_an(), "year": year, "content": "Họp dân hằng tháng", **extra}  # fmt: skip


def events_of(initiative) -> list[tuple[str, dict, str]]:
    events = AuditEvent.objects.for_object(initiative).order_by("id")
    return [(e.action, e.changes, e.message) for e in events]


def test_a_bulk_registration_writes_the_records_fields_walks_and_audit_events(owner):
    editor = user_with_role(Role.STAFF, unit=tuyen_quang())
    rows = [
        new_initiative(data=data(owner, "Dân vận khéo  số 1"), fields=[field("Kinh tế")],
                       status="active", reason=REASON, note=NOTE),
        new_initiative(data=data(owner, "Dân vận khéo số 2", year=2024), status="ended",
                       reason=REASON, note=NOTE),
        new_initiative(data=data(owner, "Dân vận khéo số 3"), status="draft", note=NOTE),
    ]  # fmt: skip
    created = register_initiatives_in_bulk(rows=rows, acting_user=editor)
    saved = list(Initiative.objects.order_by("id"))
    assert [i.pk for i in created] == [i.pk for i in saved]
    assert [(i.code, i.name, i.status, i.version, i.created_by) for i in saved] == [
        ("08-2023-00001", "Dân vận khéo số 1", "active", 2, editor),
        ("08-2024-00001", "Dân vận khéo số 2", "ended", 3, editor),
        ("08-2023-00002", "Dân vận khéo số 3", "draft", 1, editor),
    ]
    assert (saved[0].name_folded, saved[0].search_folded) == (
        "dan van kheo so 1",
        "dan van kheo so 1 hop dan hang thang",
    )
    assert [f.name for f in saved[0].fields.all()] == ["Kinh tế"]
    assert dict(CodeSequence.objects.values_list("prefix", "last")) == {
        "08-2023": 2,
        "08-2024": 1,
    }
    walks = [
        [(c.from_status, c.to_status, c.reason, c.changed_by) for c in
         StatusChange.objects.filter(initiative=i).order_by("id")]
        for i in saved
    ]  # fmt: skip
    assert walks == [
        [("", "registered", NOTE, editor), ("registered", "active", "", editor)],
        [("", "registered", NOTE, editor), ("registered", "active", "", editor),
         ("active", "ended", REASON, editor)],
        [("", "draft", NOTE, editor)],
    ]  # fmt: skip
    assert events_of(saved[0]) == [
        (
            "initiatives.initiative.registered",
            {"code": [None, "08-2023-00001"], "name": [None, "Dân vận khéo số 1"],
             "kind": [None, "Mô hình"], "subject": [None, "Tập thể"],
             "place": [None, "Xã Bình An"], "year": [None, 2023],
             "status": [None, "đã đăng ký"]},
            NOTE,
        ),
        ("initiatives.initiative.status_changed",
         {"status": ["đã đăng ký", "đang thực hiện"]}, ""),
    ]  # fmt: skip
    event = AuditEvent.objects.for_object(saved[0]).order_by("id").first()
    assert (event.actor, event.object_label) == (editor, "08-2023-00001 — Dân vận khéo số 1")


def test_the_registered_event_is_the_one_the_single_row_service_writes(owner):
    one = services.register_initiative(data=data(owner, "Một"), acting_user=None)
    (bulk,) = register_initiatives_in_bulk(
        rows=[new_initiative(data=data(owner, "Hai"))], acting_user=None
    )
    single_event, bulk_event = events_of(one)[0], events_of(bulk)[0]
    assert single_event[0] == bulk_event[0]
    assert {
        key: value for key, value in single_event[1].items() if key not in {"code", "name"}
    } == {key: value for key, value in bulk_event[1].items() if key not in {"code", "name"}}
    assert (bulk.code, bulk.version) == ("08-2023-00002", 1)


def test_codes_continue_the_sequence_without_gaps_or_duplicates(owner):
    first = services.register_initiative(data=data(owner, "Trước"), acting_user=None)
    rows = [new_initiative(data=data(owner, f"Nhập {n}")) for n in range(3)]
    created = register_initiatives_in_bulk(rows=rows, acting_user=None)
    after = services.register_initiative(data=data(owner, "Sau"), acting_user=None)
    codes = [first.code, *[i.code for i in created], after.code]
    assert codes == [f"08-2023-{n:05d}" for n in range(1, 6)]
    assert CodeSequence.objects.get(prefix="08-2023").last == 5


def test_a_row_is_checked_by_the_rules_of_the_single_row_service(owner):
    with pytest.raises(ValidationError) as caught:
        new_initiative(data=data(owner, "  "))
    assert caught.value.message_dict == {"name": ["Nhập tên mô hình, điển hình."]}
    with pytest.raises(ValidationError) as caught:
        new_initiative(data=data(owner, "Củng cố"), status="suspended")
    assert list(caught.value.message_dict) == ["reason"]
    with pytest.raises(ValidationError) as caught:
        new_initiative(data=data(owner, "Năm lạ", year=1999))
    assert list(caught.value.message_dict) == ["year"]


def test_only_checked_rows_are_registered(owner):
    with pytest.raises(TypeError):
        register_initiatives_in_bulk(rows=[data(owner, "Chưa kiểm tra")], acting_user=None)
    assert not Initiative.objects.exists()


def test_bulk_registered_records_are_in_their_province_of_today_for_the_list(owner):
    from danvan.initiatives.queries import initiatives_visible_to

    rows = [new_initiative(data=data(owner, f"Dân vận khéo số {n}"), note=NOTE) for n in (1, 2)]
    register_initiatives_in_bulk(rows=rows, acting_user=None)
    assert set(Initiative.objects.values_list("place_province", flat=True)) == {
        binh_an().today_province_path
    }
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    assert initiatives_visible_to(staff).count() == 2
