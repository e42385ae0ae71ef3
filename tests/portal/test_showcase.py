"""The public showcase (issue 19, item 3): only recognised models that their owner did not
withhold, only the fields safe to publish, only the measures marked public; the public pages of
the activities and documents articles cite."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.accounts.enums import Role
from danvan.core import measures as registry
from danvan.core.models import AuditEvent
from danvan.core.permissions import OutOfScope
from danvan.initiatives.models import Field
from danvan.initiatives.publication import set_showcase_withheld
from danvan.portal import figures
from danvan.reviews.services.decisions import record_recognition
from tests.factories.organizations import dong_thap, tuyen_quang
from tests.initiatives.factories import make_initiative, seed, thap_muoi
from tests.permissions import check_matrix, user_with_role
from tests.reviews.factories import make_decision

pytestmark = pytest.mark.django_db


def recognise(initiative, *, outcome="recognised", level="province"):
    decision = make_decision(issuer=initiative.owner_organization, number=f"{initiative.pk}-QĐ/BDV")
    return record_recognition(
        initiative=initiative,
        outcome=outcome,
        level=level,
        decision=decision,
        decided_on=date(2023, 12, 20),
        acting_user=None,
    )


@pytest.fixture
def models():
    seed()
    first = Field.objects.order_by("order", "name").first()
    shown = make_initiative(
        name="Dân vận khéo giữ gìn đường làng",
        fields=[first],
        content="Vận động các hộ góp ngày công.",
        results_text="Làm mới 2 km đường bê tông.",
    )
    withheld = make_initiative(name="Mô hình tạm giữ lại")
    plain = make_initiative(name="Mô hình chưa công nhận")
    failed = make_initiative(name="Mô hình chưa đạt")
    elsewhere = make_initiative(name="Mô hình ở Đồng Tháp", place=thap_muoi(), year=2022)
    for initiative in (shown, withheld, elsewhere):
        recognise(initiative)
    recognise(failed, outcome="not_met", level="")
    set_showcase_withheld(initiative=withheld, withheld=True, acting_user=None)
    return {
        "shown": shown,
        "withheld": withheld,
        "plain": plain,
        "failed": failed,
        "elsewhere": elsewhere,
        "field": first,
    }


def test_the_list_shows_only_recognised_models_not_withheld(models):
    page = Client().get("/dien-hinh/").content.decode()
    assert "Dân vận khéo giữ gìn đường làng" in page
    assert "Mô hình ở Đồng Tháp" in page
    assert "Mô hình tạm giữ lại" not in page
    assert "Mô hình chưa công nhận" not in page
    assert "Mô hình chưa đạt" not in page


def test_the_list_filters_by_province_of_today_field_and_year(models):
    client = Client()
    by_province = client.get(f"/dien-hinh/?tinh={tuyen_quang().pk}").content.decode()
    assert "Dân vận khéo giữ gìn đường làng" in by_province
    assert "Mô hình ở Đồng Tháp" not in by_province
    by_field = client.get(f"/dien-hinh/?linh-vuc={models['field'].pk}").content.decode()
    assert "Dân vận khéo giữ gìn đường làng" in by_field
    assert "Mô hình ở Đồng Tháp" not in by_field
    by_year = client.get("/dien-hinh/?nam=2022").content.decode()
    assert "Mô hình ở Đồng Tháp" in by_year
    assert "Dân vận khéo giữ gìn đường làng" not in by_year
    # Nonsense is ignored, never a server error.
    assert client.get("/dien-hinh/?tinh=abc&nam=-1&linh-vuc=%C2%B2").status_code == 200


def test_a_models_page_shows_its_public_facts_only(models):
    shown = models["shown"]
    page = Client().get(f"/dien-hinh/{shown.pk}/").content.decode()
    assert "Dân vận khéo giữ gìn đường làng" in page
    assert "Làm mới 2 km đường bê tông." in page
    assert "Vận động các hộ góp ngày công." in page
    assert shown.owner_organization.name in page
    assert "Xã Bình An" in page
    assert "tỉnh Tuyên Quang" in page
    assert models["field"].name in page
    assert f"Quyết định số {shown.pk}-QĐ/BDV ngày 20/12/2023" in page


def test_withheld_and_unrecognised_models_have_no_page(models):
    client = Client()
    for key in ("withheld", "plain", "failed"):
        assert client.get(f"/dien-hinh/{models[key].pk}/").status_code == 404


def test_withholding_takes_a_cached_page_down_at_once(models):
    client = Client()
    shown = models["shown"]
    assert client.get(f"/dien-hinh/{shown.pk}/").status_code == 200
    assert client.get(f"/dien-hinh/{shown.pk}/")["X-Portal-Cache"] == "hit"
    set_showcase_withheld(initiative=shown, withheld=True, acting_user=None)
    assert client.get(f"/dien-hinh/{shown.pk}/").status_code == 404
    assert "Dân vận khéo giữ gìn đường làng" not in client.get("/dien-hinh/").content.decode()


def test_only_those_who_may_edit_a_model_withhold_it(models):
    shown = models["shown"]
    viewer = user_with_role(Role.VIEWER, unit=tuyen_quang())
    with pytest.raises(OutOfScope):
        set_showcase_withheld(initiative=shown, withheld=True, acting_user=viewer)
    outsider = user_with_role(Role.STAFF, unit=dong_thap())
    with pytest.raises(OutOfScope):
        set_showcase_withheld(initiative=shown, withheld=True, acting_user=outsider)
    shown.refresh_from_db()
    assert shown.showcase_withheld is False
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    set_showcase_withheld(initiative=shown, withheld=True, acting_user=staff)
    shown.refresh_from_db()
    assert shown.showcase_withheld is True
    event = AuditEvent.objects.filter(action="initiatives.initiative.withheld").latest("id")
    assert event.actor_id == staff.pk
    assert event.changes == {"showcase_withheld": [False, True]}


def test_the_toggle_on_the_work_page(models, client):
    shown = models["shown"]
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    client.force_login(staff)
    page = client.get(f"/mo-hinh/{shown.pk}/").content.decode()
    assert f'action="/mo-hinh/{shown.pk}/cong-thong-tin/"' in page
    response = client.post(f"/mo-hinh/{shown.pk}/cong-thong-tin/", {"withheld": "1"})
    assert response.status_code == 302
    shown.refresh_from_db()
    assert shown.showcase_withheld is True
    viewer = Client()
    viewer.force_login(user_with_role(Role.VIEWER, unit=tuyen_quang()))
    assert "cong-thong-tin/" not in viewer.get(f"/mo-hinh/{shown.pk}/").content.decode()


def _withheld(initiative) -> bool:
    return (
        type(initiative).objects.values_list("showcase_withheld", flat=True).get(pk=initiative.pk)
    )


def test_matrix_of_the_withhold_toggle(models):
    shown, other = models["shown"], models["elsewhere"]
    check_matrix(
        url_for=lambda initiative: f"/mo-hinh/{initiative.pk}/cong-thong-tin/",
        inside=shown,
        outside=other,
        scope_unit=tuyen_quang(),
        method="post",
        data=lambda initiative: {"withheld": "0" if _withheld(initiative) else "1"},
        snapshot=_withheld,
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (302, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )


def test_matrix_of_a_models_public_page(models):
    check_matrix(
        url_for=lambda initiative: f"/dien-hinh/{initiative.pk}/",
        inside=models["shown"],
        outside=models["withheld"],
        scope_unit=tuyen_quang(),
        expect=dict.fromkeys(Role.values, (200, 404)),
        superuser=(200, 404),
        anonymous=(200, 404),
    )


def test_figures_are_the_public_measures_only(models):
    codes = figures.public_codes()
    assert set(codes) == {
        "registered",
        "replicated",
        "recognised",
        "outstanding",
        "activities_held",
        "participants",
        "people_reached",
    }
    assert "active" not in codes
    assert "suspended" not in codes
    found = figures.province_figures(2023)
    assert found["columns"] == [str(registry.get_measure(code).label) for code in codes]
    rows = {row["label"]: dict(zip(codes, row["values"], strict=True)) for row in found["rows"]}
    tuyen_quang_row = rows["Tỉnh Tuyên Quang"]
    # Four registered in 2023 at xã Bình An; recognised: the one shown and the one withheld
    # (a count names no model).
    assert tuyen_quang_row["registered"] == 4
    assert tuyen_quang_row["recognised"] == 2
    assert "Tỉnh Đồng Tháp" in rows  # recognised in 2023, registered in 2022
    assert rows["Tỉnh Đồng Tháp"]["registered"] == 0
    assert rows["Tỉnh Đồng Tháp"]["recognised"] == 1


def test_the_page_never_shows_a_measure_not_marked_public(models):
    page = Client().get("/dien-hinh/?nam=2023").content.decode()
    for measure in registry.measures():
        label = str(measure.label)
        if measure.public:
            assert f">{label}</th>" in page
        else:
            assert f">{label}</th>" not in page, measure.code


def test_the_map_is_drawn_without_tiles(models, settings):
    settings.DANVAN_MAP_TILE_URL = ""
    page = Client().get("/dien-hinh/?nam=2023").content.decode()
    assert '<svg class="map"' in page
    assert f'href="/dien-hinh/?tinh={tuyen_quang().pk}"' in page
    assert "<image" not in page


def _list_queries() -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/dien-hinh/").status_code == 200
    return len(queries)


def test_the_list_reads_in_a_constant_number_of_queries():
    seed()
    first = Field.objects.order_by("order", "name").first()
    recognise(make_initiative(fields=[first]))
    one = _list_queries()
    for _ in range(2):
        recognise(make_initiative(fields=[first]))
    assert _list_queries() == one
