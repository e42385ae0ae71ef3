from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danvan.accounts.enums import Role
from danvan.core.queries import events_for_object
from danvan.initiatives import services
from danvan.initiatives.enums import Status
from danvan.initiatives.models import Field, QuantityType
from danvan.initiatives.queries import (
    field_by_text,
    initiatives_visible_to,
    lineage,
    measured_results,
)
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import dong_thap, make_organization, tuyen_quang
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogues():
    services.seed_catalogues()


def commune(code: str, era: str = "current") -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(era=era, level="commune", code=code)


def register(name="Dân vận khéo trong xây dựng nông thôn mới", place=None, owner=None, **extra):
    place = place or commune("02296")
    owner = owner or make_organization(name=f"Chi bộ {name[:20]}", unit=place)
    data = {
        "name": name,
        "kind": "model",
        "subject": "collective",
        "owner_organization": owner,
        "place": place,
        "year": 2023,
        **extra,
    }
    return services.register_initiative(data=data, acting_user=None)


def test_codes_are_readable_unique_and_by_todays_province():
    first = register()
    second = register(name="Mô hình thứ hai")
    # xã Phúc Lộc of huyện Ba Bể (old map) counts for tỉnh Thái Nguyên (19) today.
    old_place = commune("01894", era="legacy")
    third = register(name="Môi trường xanh, sạch, đẹp", place=old_place)
    assert first.code == "08-2023-00001"
    assert second.code == "08-2023-00002"
    assert third.code == "19-2023-00001"


def test_registration_is_audited_and_starts_registered():
    initiative = register()
    assert initiative.status == Status.REGISTERED
    event = events_for_object(initiative).get()
    assert event.action == "initiatives.initiative.registered"
    assert event.changes["status"] == [None, "đã đăng ký"]
    assert list(initiative.status_changes.values_list("to_status", flat=True)) == ["registered"]


def test_legal_transitions_and_illegal_ones_refused_with_a_message():
    initiative = register()
    services.transition(initiative=initiative, to_status=Status.ACTIVE, acting_user=None)
    services.transition(
        initiative=initiative,
        to_status=Status.SUSPENDED,
        reason="Cần củng cố lại",
        acting_user=None,
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.SUSPENDED
    with pytest.raises(ValidationError) as error:
        services.transition(initiative=initiative, to_status=Status.REGISTERED, acting_user=None)
    assert "đang ở trạng thái “củng cố” không thể chuyển sang “đã đăng ký”" in str(error.value)
    with pytest.raises(ValidationError):
        services.transition(
            initiative=initiative, to_status=Status.ENDED, acting_user=None
        )  # no reason
    services.transition(
        initiative=initiative, to_status=Status.ENDED, reason="Hoàn thành", acting_user=None
    )
    with pytest.raises(ValidationError):
        services.transition(
            initiative=initiative, to_status=Status.ACTIVE, reason="x", acting_user=None
        )
    history = list(
        initiative.status_changes.order_by("id").values_list("from_status", "to_status", "reason")
    )
    assert history == [
        ("", "registered", ""),
        ("registered", "active", ""),
        ("active", "suspended", "Cần củng cố lại"),
        ("suspended", "ended", "Hoàn thành"),
    ]


def test_stale_edit_is_refused_and_nothing_overwritten():
    initiative = register()
    services.update_initiative(
        initiative=initiative, data={"name": "Tên mới"}, version=1, acting_user=None
    )
    with pytest.raises(ValidationError):
        services.update_initiative(
            initiative=initiative, data={"name": "Tên khác"}, version=1, acting_user=None
        )
    initiative.refresh_from_db()
    assert initiative.name == "Tên mới"
    assert initiative.version == 2
    assert initiative.name_folded == "ten moi"


def test_progress_feeds_the_measured_results():
    initiative = register()
    money = QuantityType.objects.get(code="money")
    workdays = QuantityType.objects.get(code="workdays")
    services.add_progress(
        initiative=initiative,
        day=date(2023, 5, 13),
        text="Làm đường",
        acting_user=None,
        quantities={money: "97000000", workdays: "120"},
    )
    services.add_progress(
        initiative=initiative,
        day=date(2023, 6, 1),
        text="Trồng cây",
        acting_user=None,
        quantities={money: "3000000"},
    )
    totals = {row["type"].code: row["total"] for row in measured_results(initiative)}
    assert totals == {"money": 100_000_000, "workdays": 120}
    with pytest.raises(ValidationError):
        services.add_progress(
            initiative=initiative, day=date(2099, 1, 1), text="x", acting_user=None
        )


def test_replication_lineage_both_ways_and_no_cycles():
    original = register(name="Gốc")
    copy = register(name="Nhân rộng 1", replicated_from=original)
    copy_of_copy = register(name="Nhân rộng 2", replicated_from=copy)
    other = register(name="Nhân rộng 3", replicated_from=original)
    tree = lineage(original)
    assert tree["count"] == 3
    assert [(depth, item.name) for depth, item in tree["descendants"]] == [
        (1, "Nhân rộng 1"),
        (1, "Nhân rộng 3"),
        (2, "Nhân rộng 2"),
    ]
    assert [item.name for item in lineage(copy_of_copy)["ancestors"]] == ["Gốc", "Nhân rộng 1"]
    with pytest.raises(ValidationError):
        services.update_initiative(
            initiative=original,
            data={"replicated_from": copy_of_copy},
            version=original.version,
            acting_user=None,
        )
    assert other.replicated_from == original


def test_fields_are_found_by_alias():
    assert field_by_text("an ninh - quốc phòng") == Field.objects.get(name="Quốc phòng - an ninh")
    assert field_by_text("NÔNG THÔN MỚI").name == "Xây dựng nông thôn mới"
    assert field_by_text("không có") is None


def test_validation_messages():
    place = commune("02296")
    with pytest.raises(ValidationError) as error:
        services.register_initiative(
            data={
                "name": " ",
                "kind": "model",
                "subject": "collective",
                "place": place,
                "year": 2023,
            },
            acting_user=None,
        )
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.register_initiative(
            data={
                "name": "X",
                "kind": "model",
                "subject": "individual",
                "place": place,
                "year": 2023,
                "owner_organization": make_organization(name="Y", unit=place),
            },
            acting_user=None,
        )
    assert "owner_person" in error.value.message_dict


def test_scope_of_the_selector():
    tq = register(name="Ở Tuyên Quang")
    dt_place = AdministrativeUnit.objects.filter(
        era="current", level="commune", parent=dong_thap()
    ).first()
    dt = register(name="Ở Đồng Tháp", place=dt_place)
    old = register(name="Ở huyện Lâm Bình cũ", place=commune("02290", era="legacy"))
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    assert set(initiatives_visible_to(staff)) == {tq, old}
    editor = user_with_role(Role.UNIT_EDITOR, organization=dt.owner_organization)
    assert list(initiatives_visible_to(editor)) == [dt]
    assert editor.has_perm("initiatives.change_initiative", dt)
    assert not editor.has_perm("initiatives.change_initiative", tq)
    viewer = user_with_role(Role.VIEWER, unit=tuyen_quang())
    assert not viewer.has_perm("initiatives.change_initiative", tq)
