"""The Excel round trip, what officers found missing (issue 12, 7): every erroneous row in the
preview and no "Nhập" that saves nothing; measured results and recognitions in the export;
drop-down lists in the template."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from danvan.initiatives import services
from danvan.initiatives.models import ImportJob, Initiative
from tests.initiatives.factories import make_initiative, quantity_type, seed
from tests.initiatives.test_excel import (
    GOOD,
    GOOD_VALUES,
    NGOC_LAP,
    OWNER,
    owner,  # noqa: F401 (a fixture)
    phu_tho_staff,  # noqa: F401 (a fixture)
    row,
    upload,
    xlsx,
)
from tests.initiatives.views_helpers import client_for, text_of
from tests.reports.factories import recognise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogues():
    seed()


def test_the_preview_lists_every_row_with_an_error_and_offers_no_import(phu_tho_staff, owner):  # noqa: F811
    client = Client()
    client.force_login(phu_tho_staff)
    bad_field = row(name="Lĩnh vực lạ", owner_organization=OWNER, fields="thể thao",
                    place=NGOC_LAP, year=2022)  # fmt: skip
    bad_date = row(**{**GOOD_VALUES, "name": "Ngày sai", "start_date": "31/02/2022"})
    url = upload(client, xlsx([GOOD, bad_field, bad_date])).url
    job = ImportJob.objects.get()
    assert [(r["row"], r["outcome"]) for r in job.preview["rows"]] == [
        (2, "created"),
        (3, "error"),
        (4, "error"),  # refused when read: it was missing from the list
    ]
    page = client.get(url).content.decode()
    assert '<td class="num">4</td>' in page.split('id="preview-rows"')[1]
    assert 'name="confirm"' not in page
    assert "Nhập lúc này sẽ không lưu được gì" in text_of(page)
    assert not Initiative.objects.exists()


def test_the_preview_offers_import_when_the_valid_rows_are_kept(phu_tho_staff, owner):  # noqa: F811
    client = Client()
    client.force_login(phu_tho_staff)
    bad = row(**{**GOOD_VALUES, "name": "Ngày sai", "start_date": "31/02/2022"})
    page = client.get(upload(client, xlsx([GOOD, bad]), keep_valid="on").url).content.decode()
    assert 'name="confirm"' in page


def test_the_preview_offers_no_import_when_nothing_would_change(phu_tho_staff, owner):  # noqa: F811
    client = Client()
    client.force_login(phu_tho_staff)
    client.post(upload(client, xlsx([GOOD])).url, {"confirm": "1"})
    page = client.get(upload(client, xlsx([GOOD])).url).content.decode()
    assert 'name="confirm"' not in page
    assert "mọi dòng đều đã cập nhật" in page


def test_the_export_carries_measured_results_and_recognitions():
    initiative = make_initiative(name="Mô hình có kết quả")
    services.set_quantities(
        initiative=initiative,
        quantities={quantity_type("money"): Decimal("1500000"), quantity_type("workdays"): 120},
        acting_user=None,
    )
    recognise(initiative, on=date(2024, 7, 1), outcome="recognised", level="district")
    response = client_for().get(reverse("initiatives:initiative-export"))
    sheet = load_workbook(io.BytesIO(response.content))["Mô hình"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Mã")
    record = dict(zip(rows[header_at], rows[header_at + 1], strict=True))
    assert record["Kinh phí huy động (đồng)"] == 1500000
    assert record["Ngày công (ngày công)"] == 120
    assert record["Hộ gia đình tham gia (hộ)"] is None
    assert record["Công nhận"].startswith("Công nhận cấp huyện, QĐ ")
    assert record["Công nhận"].endswith("ngày 01/07/2024")


def test_the_template_offers_drop_down_lists_for_its_fixed_columns(user_client):
    response = user_client.get(reverse("initiatives:initiative-template"))
    sheet = load_workbook(io.BytesIO(response.content))["Mô hình"]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["C2"] == '"Mô hình,Điển hình"'
    assert lists["D2"] == '"Tập thể,Cá nhân"'
    assert lists["L2"] == '"x"'
    assert "Đang thực hiện" in lists["O2"]


def test_the_documents_and_people_templates_offer_their_fixed_words(user_client):
    documents = load_workbook(io.BytesIO(user_client.get("/van-ban/excel/mau/").content)).active
    kinds = [v.formula1 for v in documents.data_validations.dataValidation]
    assert any("kế hoạch" in formula and "quyết định" in formula for formula in kinds)
    people = load_workbook(io.BytesIO(user_client.get("/can-bo/excel/mau/").content)).active
    genders = [v.formula1 for v in people.data_validations.dataValidation]
    assert any("nữ" in formula for formula in genders)
