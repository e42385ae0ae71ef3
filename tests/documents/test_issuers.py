"""Finding 3 of issue 11: a registering unit could enter a document "issued by" Ban Dân vận
Trung ương — seen by every account in the country, editable by nobody but a superuser. The
issuer must be an organisation the user registers documents for: the form does not offer the
others and the service refuses them, whoever calls it (a view, an import)."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from danvan.accounts.enums import Role
from danvan.core.permissions import OutOfScope
from danvan.documents import services
from danvan.documents.models import Document
from tests.core.import_helpers import submit
from tests.documents.factories import dong_thap, make_document, make_organization, tuyen_quang
from tests.factories.accounts import AdminFactory
from tests.permissions import check_matrix, user_with_role

pytestmark = pytest.mark.django_db

CENTRAL = "Ban Dân vận Trung ương"


@pytest.fixture
def central():
    return make_organization(name=CENTRAL, central=True)


@pytest.fixture
def lam_binh():
    return make_organization(name="Ban Dân vận Huyện ủy Lâm Bình", unit=tuyen_quang())


def data(issuer, **fields):
    return {
        "kind": "",
        "number": "12-HD/BDVTW",
        "issued_on": "10/09/2021",
        "issuer": issuer.pk,
        "title": "Hướng dẫn thực hiện phong trào thi đua Dân vận khéo",
        "summary": "",
        **fields,
    }


def service_data(issuer) -> dict:
    return {
        "kind": "",
        "number": "12-HD/BDVTW",
        "issued_on": date(2021, 9, 10),
        "issuer": issuer,
        "title": "Hướng dẫn",
        "summary": "",
    }


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [Role.UNIT_EDITOR, Role.STAFF, Role.ADMIN])
def test_the_form_does_not_offer_a_central_body_and_refuses_it(central, lam_binh, role):
    client = client_of(user_with_role(role, unit=tuyen_quang()))
    page = client.get("/van-ban/them/").content.decode()
    assert f'value="{lam_binh.pk}"' in page
    assert f'value="{central.pk}"' not in page
    response = client.post("/van-ban/them/", data(central))
    assert response.status_code == 200
    assert "Chọn một tổ chức trong danh sách." in response.content.decode()
    assert not Document.objects.exists()


def test_the_service_refuses_an_issuer_above_or_beside_the_scope(central, lam_binh):
    editor = user_with_role(Role.UNIT_EDITOR, unit=tuyen_quang())
    beside = make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap())
    for issuer in (central, beside):
        with pytest.raises(ValidationError) as error:
            services.create_document(data=service_data(issuer), acting_user=editor)
        assert error.value.message_dict == {
            "issuer": ["Chọn cơ quan ban hành trong phạm vi của đồng chí."]
        }
    assert not Document.objects.exists()


def test_a_document_cannot_be_moved_to_a_central_issuer(central, lam_binh):
    editor = user_with_role(Role.UNIT_EDITOR, unit=tuyen_quang())
    document = make_document(issuer=lam_binh)
    with pytest.raises(ValidationError) as error:
        services.update_document(
            document=document, data={"issuer": central}, version=1, acting_user=editor
        )
    assert set(error.value.message_dict) == {"issuer"}
    document.refresh_from_db()
    assert (document.issuer, document.version) == (lam_binh, 1)


def test_changing_a_document_out_of_scope_is_refused_by_the_service(lam_binh):
    stranger = user_with_role(Role.STAFF, unit=dong_thap())
    document = make_document(issuer=lam_binh, title="Kế hoạch cũ")
    with pytest.raises(OutOfScope):
        services.update_document(
            document=document, data={"title": "Đổi"}, version=1, acting_user=stranger
        )
    document.refresh_from_db()
    assert document.title == "Kế hoạch cũ"


def test_a_system_administrator_may_register_for_a_central_body(central):
    document = services.create_document(data=service_data(central), acting_user=AdminFactory())
    assert document.issuer == central


def test_an_import_cannot_name_a_central_issuer(central, lam_binh):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Văn bản"
    sheet.append(["Loại", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Tiêu đề"])
    sheet.append(["", "12-HD/BDVTW", "10/09/2021", CENTRAL, "Hướng dẫn"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_of(user_with_role(Role.UNIT_EDITOR, unit=tuyen_quang()))
    upload = SimpleUploadedFile("van-ban.xlsx", buffer.getvalue())
    body = submit(client, "/van-ban/excel/nhap/", {"file": upload})
    assert f"Không có tổ chức nào tên “{CENTRAL}” trong phạm vi của đồng chí." in body
    assert not Document.objects.exists()


def test_matrix_an_edit_is_written_only_inside_the_scope(lam_binh):
    beside = make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap())
    numbers = iter(range(1, 100))

    def form(document):
        document.refresh_from_db()
        return {
            "issuer": document.issuer_id,
            "kind": document.kind,
            "number": document.number,
            "issued_on": document.issued_on.strftime("%d/%m/%Y"),
            "title": f"Kế hoạch lần {next(numbers)}",
            "summary": "",
            "version": document.version,
        }

    check_matrix(
        url_for=lambda document: f"/van-ban/{document.pk}/sua/",
        inside=make_document(issuer=lam_binh),
        outside=make_document(issuer=beside),
        scope_unit=tuyen_quang(),
        method="post",
        data=form,
        snapshot=lambda document: (
            Document.objects.filter(pk=document.pk).values("title", "version").get()
        ),
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (302, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )
