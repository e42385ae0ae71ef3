"""The Excel import writes in bulk: what it writes, in how many queries, and what a second
import of the same file does."""

# The fixtures come from the Excel tests (catalogues, owner, phu_tho_staff): a test taking one
# as a parameter is not a redefinition.
# ruff: noqa: F811

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.initiatives import services
from danvan.initiatives.models import CodeSequence, Initiative, StatusChange
from danvan.organizations.models import Organization
from tests.initiatives.test_excel import (
    GOOD_VALUES,
    NGOC_LAP,
    OWNER,
    catalogues,  # noqa: F401
    commune,
    owner,  # noqa: F401
    phu_tho_staff,  # noqa: F401
    row,
    run,
    xlsx,
)

pytestmark = pytest.mark.django_db


def rows(count: int, name: str = "Mô hình số", **changes) -> list[list]:
    return [row(**{**GOOD_VALUES, "name": f"{name} {n}", **changes}) for n in range(count)]


def counts() -> tuple[int, int, int]:
    return Initiative.objects.count(), StatusChange.objects.count(), AuditEvent.objects.count()


def test_an_import_writes_each_record_with_its_fields_walk_and_audit_events(owner, phu_tho_staff):
    before = AuditEvent.objects.count()
    result = run(xlsx(rows(3)), user=phu_tho_staff)
    assert (result.created, result.errors, result.committed) == (3, [], True)
    saved = list(Initiative.objects.order_by("id"))
    assert [(i.code, i.name, i.status, i.version) for i in saved] == [
        (f"25-2022-{n + 1:05d}", f"Mô hình số {n}", "active", 2) for n in range(3)
    ]
    assert {tuple(sorted(f.name for f in i.fields.all())) for i in saved} == {
        ("Kinh tế", "Quốc phòng - an ninh")
    }
    walk = StatusChange.objects.filter(initiative=saved[0]).order_by("id")
    assert [(c.from_status, c.to_status, c.changed_by) for c in walk] == [
        ("", "registered", phu_tho_staff),
        ("registered", "active", phu_tho_staff),
    ]
    actions = AuditEvent.objects.for_object(saved[2]).order_by("id").values_list("action")
    assert [a for (a,) in actions] == [
        "initiatives.initiative.registered",
        "initiatives.initiative.status_changed",
    ]
    assert AuditEvent.objects.count() - before == 6
    assert CodeSequence.objects.get(prefix="25-2022").last == 3


def test_the_timeline_says_the_record_was_registered_by_an_import(owner, phu_tho_staff):
    run(xlsx(rows(1)), user=phu_tho_staff)
    client = Client()
    client.force_login(phu_tho_staff)
    initiative = Initiative.objects.get()
    page = client.get(reverse("initiatives:initiative-detail", args=[initiative.pk]))
    text = page.content.decode()
    assert "Đăng ký khi nhập từ Excel." in text
    assert "Trạng thái: đã đăng ký → đang thực hiện" in text


def test_imported_codes_continue_the_sequence_without_gaps(owner):
    first = services.register_initiative(
        data={"name": "Có trước", "kind": "model", "subject": "collective",
              "owner_organization": owner, "place": commune("08335"), "year": 2022},
        acting_user=None,
    )  # fmt: skip
    run(xlsx(rows(4)))
    later = services.register_initiative(
        data={"name": "Có sau", "kind": "model", "subject": "collective",
              "owner_organization": owner, "place": commune("08335"), "year": 2022},
        acting_user=None,
    )  # fmt: skip
    codes = sorted(Initiative.objects.values_list("code", flat=True))
    assert codes == [f"25-2022-{n:05d}" for n in range(1, 7)]
    assert (first.code, later.code) == ("25-2022-00001", "25-2022-00006")


def test_an_error_leaves_nothing_written_and_keep_valid_writes_only_the_valid_rows(owner):
    bad = row(name="Lĩnh vực lạ", owner_organization=OWNER, fields="thể thao", place=NGOC_LAP,
              year=2022)  # fmt: skip
    content = xlsx([*rows(2), bad, *rows(1, name="Mô hình cuối")])
    before = counts()
    result = run(content)
    assert (result.created, [e.row for e in result.errors], result.committed) == (0, [4], False)
    assert counts() == before
    assert not CodeSequence.objects.exists()
    kept = run(content, keep_valid=True)
    assert (kept.created, [e.row for e in kept.errors], kept.committed) == (3, [4], True)
    assert sorted(Initiative.objects.values_list("name", flat=True)) == [
        "Mô hình cuối 0",
        "Mô hình số 0",
        "Mô hình số 1",
    ]
    assert CodeSequence.objects.get(prefix="25-2022").last == 3


def test_a_second_import_of_the_file_writes_nothing_and_reports_every_row_unchanged(owner):
    content = xlsx(rows(5))
    run(content)
    before = counts()
    again = run(content)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 5, [])
    assert counts() == before


def test_the_same_row_twice_in_a_file_is_an_error_on_the_second(owner):
    # Issue 11: the second row used to be counted "unchanged", silently.
    result = run(xlsx([*rows(1), *rows(1)]))
    assert (result.created, [(e.row, e.message[:16]) for e in result.errors]) == (
        0,
        [(3, "Trùng với dòng 2")],
    )
    assert not Initiative.objects.exists()


def test_a_changed_row_of_a_new_record_later_in_the_file_is_an_error_not_an_update(owner):
    # Issue 11: the later row used to overwrite the earlier one, silently.
    result = run(xlsx([*rows(1), *rows(1, content="Nội dung mới")]), keep_valid=True)
    assert (result.created, result.updated, [e.row for e in result.errors]) == (1, 0, [3])
    assert Initiative.objects.get().content == GOOD_VALUES["content"]


def queries_of_import(content, **options) -> int:
    with CaptureQueriesContext(connection) as captured:
        result = run(content, **options)
    assert result.errors == []
    return len(captured)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(owner, phu_tho_staff):
    queries_of_import(xlsx(rows(1, name="Lần đầu")), user=phu_tho_staff)  # grants, sequence…
    ten, forty = xlsx(rows(10)), xlsx(rows(40, name="Mô hình khác"))
    first_ten = queries_of_import(ten, user=phu_tho_staff)
    first_forty = queries_of_import(forty, user=phu_tho_staff)
    assert first_forty == first_ten
    assert queries_of_import(forty, user=phu_tho_staff) == queries_of_import(
        ten, user=phu_tho_staff
    )
    assert Initiative.objects.count() == 51


def test_a_last_row_that_fails_after_adding_an_owner_leaves_the_others_written(phu_tho_staff):
    new_owner = {"owner_organization": "Chi bộ khu 5 xã Ngọc Lập", "place": NGOC_LAP, "year": 2022}
    failing = row(name="Hỏng", fields="thể thao", **new_owner)
    content = xlsx([*rows(2), failing])
    result = run(content, user=phu_tho_staff, create_missing=True, keep_valid=True)
    assert (result.created, [e.row for e in result.errors]) == (2, [4])
    assert Initiative.objects.count() == 2
    assert not Organization.objects.filter(name="Chi bộ khu 5 xã Ngọc Lập").exists()
