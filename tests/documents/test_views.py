import re
from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.core.queries import events_for_object
from danvan.documents import services
from danvan.documents.models import Document
from tests.documents.factories import (
    PDF_BYTES,
    dong_thap,
    make_document,
    make_organization,
    pdf_upload,
    tuyen_quang,
)
from tests.permissions import check_matrix, user_with_role

pytestmark = pytest.mark.django_db

ALL_IN = dict.fromkeys(("admin", "staff", "unit_editor", "reviewer", "viewer"), (200, 404))
EDITORS_IN = {
    "admin": (200, 404),
    "staff": (200, 404),
    "unit_editor": (200, 404),
    "reviewer": (403, 404),
    "viewer": (403, 404),
}


def text_of(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def rows(body: str) -> int:
    return len(re.findall(r"<tr>\s*<td>", body))


@pytest.fixture
def pair():
    """A document of tỉnh Tuyên Quang (inside every matrix scope) and one of tỉnh Đồng Tháp."""
    inside = make_document(
        issuer=make_organization(name="Ban Dân vận Huyện ủy Lâm Bình", unit=tuyen_quang()),
        number="54-KH/HU",
        file=pdf_upload(),
    )
    outside = make_document(
        issuer=make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap()),
        number="01-NQ/TU",
        file=pdf_upload(),
    )
    return inside, outside


@pytest.fixture
def staff_client(client):
    client.force_login(user_with_role("staff", unit=tuyen_quang()))
    return client


def test_matrix_document_page(pair):
    check_matrix(
        url_for=lambda document: f"/van-ban/{document.pk}/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        expect=ALL_IN,
    )


def test_matrix_edit_page(pair):
    check_matrix(
        url_for=lambda document: f"/van-ban/{document.pk}/sua/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        expect=EDITORS_IN,
    )


def test_matrix_edit_post_writes_nothing_when_refused(pair):
    inside, outside = pair
    check_matrix(
        url_for=lambda document: f"/van-ban/{document.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        data={"title": ""},  # an invalid form: who may edit gets it back (200), nothing saved
        expect=EDITORS_IN,
    )
    assert Document.objects.get(pk=inside.pk).version == 1
    assert Document.objects.get(pk=outside.pk).version == 1


def test_matrix_file_download(pair):
    check_matrix(
        url_for=lambda document: f"/van-ban/{document.pk}/tep/",
        inside=pair[0],
        outside=pair[1],
        scope_unit=tuyen_quang(),
        expect=ALL_IN,
    )


def test_matrix_organisation_grant_does_not_reach_a_sibling():
    parent = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang")
    own = make_organization(name="Ban Dân vận Huyện ủy Lâm Bình", parent=parent)
    sibling = make_organization(name="Ban Dân vận Huyện ủy Na Hang", parent=parent)
    check_matrix(
        url_for=lambda document: f"/van-ban/{document.pk}/",
        inside=make_document(issuer=own),
        outside=make_document(issuer=sibling),
        scope_organization=own,
        expect=ALL_IN,
    )


def test_central_documents_are_read_by_everyone_with_a_grant_and_edited_by_superusers(
    admin_client,
):
    document = make_document(
        issuer=make_organization(name="Ban Dân vận Trung ương", central=True),
        number="18-NQ/TW",
        title="Nghị quyết về công tác dân vận",
    )
    viewer = user_with_role("viewer", unit=dong_thap())
    staff = user_with_role("staff", unit=tuyen_quang())
    for user in (viewer, staff):
        client = Client()
        client.force_login(user)
        assert (
            "Nghị quyết về công tác dân vận"
            in client.get(f"/van-ban/{document.pk}/").content.decode()
        )
        assert client.get(f"/van-ban/{document.pk}/sua/").status_code == 403
    assert admin_client.get(f"/van-ban/{document.pk}/sua/").status_code == 200


def test_register_lists_rows_in_vietnamese_form(staff_client):
    issuer = make_organization(name="Ban Dân vận Huyện ủy Lâm Bình")
    make_document(
        issuer=issuer,
        number="54-KH/HU",
        issued_on=date(2021, 9, 10),
        title="Kế hoạch thực hiện phong trào “Dân vận khéo”",
    )
    make_document(issuer=make_organization(unit=dong_thap()), title="Văn bản của Đồng Tháp")
    body = staff_client.get("/van-ban/").content.decode()
    assert rows(body) == 1
    text = text_of(body)
    assert "Kế hoạch 54-KH/HU" in text
    assert "10/09/2021" in text
    assert "Ban Dân vận Huyện ủy Lâm Bình" in text
    assert "Kế hoạch thực hiện phong trào “Dân vận khéo”" in text
    assert "Văn bản của Đồng Tháp" not in text


def test_register_query_count_does_not_grow_with_rows(staff_client):
    issuer = make_organization()
    make_document(issuer=issuer)
    staff_client.get("/van-ban/")  # warm the session and the content types
    with CaptureQueriesContext(connection) as one:
        body = staff_client.get("/van-ban/").content.decode()
    assert rows(body) == 1
    make_document(issuer=make_organization())
    make_document(issuer=issuer)
    with CaptureQueriesContext(connection) as three:
        body = staff_client.get("/van-ban/").content.decode()
    assert rows(body) == 3
    assert len(three) == len(one)


def test_register_filters_by_kind_year_and_text_without_diacritics(staff_client):
    issuer = make_organization()
    make_document(issuer=issuer, number="54-KH/HU", title="Kế hoạch dân vận khéo")
    make_document(issuer=issuer, number="02-HD/BDVTU", title="Hướng dẫn dân vận khéo")
    make_document(
        issuer=issuer, number="07-KH/HU", title="Kế hoạch năm 2019", issued_on=date(2019, 5, 2)
    )

    def numbers(params):
        body = staff_client.get("/van-ban/", params).content.decode()
        return sorted(re.findall(r"\d+-[A-Z]+/[A-Z]+", text_of(body).split("Tiêu đề")[-1]))

    assert numbers({"q": "dan van kheo"}) == ["02-HD/BDVTU", "54-KH/HU"]
    assert numbers({"q": "dan van kheo", "kind": "ke_hoach"}) == ["54-KH/HU"]
    assert numbers({"year": "2019"}) == ["07-KH/HU"]
    assert numbers({"q": "54-kh/hu"}) == ["54-KH/HU"]
    # A bad value is ignored, not an error.
    assert numbers({"year": "abc", "kind": "thong_tu"}) == ["02-HD/BDVTU", "07-KH/HU", "54-KH/HU"]


def test_register_answers_htmx_with_the_results_only(staff_client):
    make_document(issuer=make_organization(), title="Kế hoạch dân vận khéo")
    response = staff_client.get("/van-ban/", {"q": "kheo"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert rows(body) == 1


def test_register_says_when_nothing_matches_or_nothing_exists(staff_client):
    body = text_of(staff_client.get("/van-ban/").content.decode())
    assert "Chưa có văn bản nào được đăng ký trong phạm vi của đồng chí." in body
    make_document(issuer=make_organization())
    body = text_of(staff_client.get("/van-ban/", {"q": "khong co van ban nay"}).content.decode())
    assert "Không có văn bản nào phù hợp với điều kiện lọc." in body


def test_register_pages_by_fifty(staff_client):
    issuer = make_organization()
    for _ in range(51):
        make_document(issuer=issuer)
    first = staff_client.get("/van-ban/").content.decode()
    assert rows(first) == 50
    assert "page=2" in first
    assert rows(staff_client.get("/van-ban/", {"page": "2"}).content.decode()) == 1
    assert rows(staff_client.get("/van-ban/", {"page": "999"}).content.decode()) == 1


def test_document_page_shows_fields_file_link_edit_link_and_timeline(staff_client, pair):
    inside, _ = pair
    body = staff_client.get(f"/van-ban/{inside.pk}/").content.decode()
    text = text_of(body)
    assert "54-KH/HU" in text
    assert "10/09/2021" in text
    assert f'href="/to-chuc/{inside.issuer.pk}/"' in body
    assert f'href="/van-ban/{inside.pk}/tep/"' in body
    assert f'href="/van-ban/{inside.pk}/sua/"' in body
    assert "Đăng ký văn bản" in text  # the timeline's action label
    viewer = user_with_role("viewer", unit=tuyen_quang())
    staff_client.force_login(viewer)
    assert (
        f'href="/van-ban/{inside.pk}/sua/"'
        not in staff_client.get(f"/van-ban/{inside.pk}/").content.decode()
    )


def test_timeline_shows_more_with_htmx(staff_client):
    document = make_document(issuer=make_organization())
    for version in range(1, 23):
        services.update_document(
            document=document,
            data={"title": f"Lần sửa {version}"},
            version=version,
            acting_user=None,
        )
    body = staff_client.get(f"/van-ban/{document.pk}/").content.decode()
    assert f"/van-ban/{document.pk}/?page=2" in body
    more = staff_client.get(f"/van-ban/{document.pk}/", {"page": "2"}, HTTP_HX_REQUEST="true")
    assert "<html" not in more.content.decode()
    assert more.content.decode().count("timeline__event") == 3


def test_download_is_an_attachment_with_a_safe_name(staff_client, pair):
    inside, _ = pair
    response = staff_client.get(f"/van-ban/{inside.pk}/tep/")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="ke-hoach-54-kh-hu-10-09-2021.pdf"'
    )


def test_a_document_without_file_has_no_download(staff_client):
    document = make_document(issuer=make_organization())
    assert staff_client.get(f"/van-ban/{document.pk}/tep/").status_code == 404
    assert "/tep/" not in staff_client.get(f"/van-ban/{document.pk}/").content.decode()


def test_register_a_document_with_its_file_through_the_page(client):
    editor = user_with_role("unit_editor", unit=tuyen_quang())
    client.force_login(editor)
    issuer = make_organization(name="Ban Dân vận Huyện ủy Lâm Bình")
    outside = make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap())
    form = client.get("/van-ban/them/").content.decode()
    assert "Ban Dân vận Huyện ủy Lâm Bình" in form
    assert "Đồng Tháp" not in form
    response = client.post(
        "/van-ban/them/",
        {
            "issuer": issuer.pk,
            "kind": "",
            "number": " 54-KH/HU ",
            "issued_on": "10/09/2021",
            "title": "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở",
            "summary": "",
            "file": pdf_upload(),
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/van-ban/{document.pk}/"
    assert (document.kind, document.number, document.file_kind) == ("ke_hoach", "54-KH/HU", "pdf")
    assert events_for_object(document).filter(actor=editor).count() == 2
    # An issuer out of scope is not a choice.
    refused = client.post(
        "/van-ban/them/",
        {"issuer": outside.pk, "number": "1-KH/TU", "issued_on": "01/01/2022", "title": "X"},
    )
    assert refused.status_code == 200
    assert Document.objects.count() == 1


def test_form_errors_are_explained_and_input_kept(client):
    client.force_login(user_with_role("staff", unit=tuyen_quang()))
    issuer = make_organization()
    make_document(issuer=issuer, number="54-KH/HU")
    response = client.post(
        "/van-ban/them/",
        {"issuer": issuer.pk, "number": "55-KH/HU", "issued_on": "31/02/2021", "title": "Kế hoạch"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in body
    assert 'value="55-KH/HU"' in body
    # A refusal of the service shows on the form too.
    body = client.post(
        "/van-ban/them/",
        {"issuer": issuer.pk, "number": "54-kh/hu", "issued_on": "01/10/2021", "title": "Kế hoạch"},
    ).content.decode()
    assert "đã có văn bản số, ký hiệu 54-kh/hu ban hành năm 2021" in body
    # A file that is not what it claims is refused on the file field.
    body = client.post(
        "/van-ban/them/",
        {
            "issuer": issuer.pk,
            "number": "56-KH/HU",
            "issued_on": "01/10/2021",
            "title": "Kế hoạch",
            "file": SimpleUploadedFile("x.pdf", b"<html></html>"),
        },
    ).content.decode()
    assert 'id="id_file_error"' in body  # the refusal of core.uploads, on the file field
    assert Document.objects.count() == 1


def test_edit_through_the_page_and_a_stale_edit_is_refused(client):
    client.force_login(user_with_role("unit_editor", unit=tuyen_quang()))
    document = make_document(issuer=make_organization(), number="54-KH/HU")
    form = {
        "issuer": document.issuer.pk,
        "kind": "ke_hoach",
        "number": "54-KH/HU",
        "issued_on": "10/09/2021",
        "title": "Tiêu đề mới",
        "summary": "Tóm tắt",
        "version": "1",
    }
    page = client.get(f"/van-ban/{document.pk}/sua/").content.decode()
    assert 'name="version" value="1"' in page
    assert 'value="10/09/2021"' in page
    response = client.post(f"/van-ban/{document.pk}/sua/", form)
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.version) == ("Tiêu đề mới", 2)
    stale = client.post(f"/van-ban/{document.pk}/sua/", form | {"title": "Lần nữa"})
    assert stale.status_code == 200
    assert "Có người khác đã sửa hồ sơ này trong lúc đồng chí đang sửa" in stale.content.decode()
    document.refresh_from_db()
    assert (document.title, document.version) == ("Tiêu đề mới", 2)


def test_add_page_is_for_editing_roles(client):
    client.force_login(user_with_role("viewer", unit=tuyen_quang()))
    assert client.get("/van-ban/them/").status_code == 403
    assert "/van-ban/them/" not in client.get("/van-ban/").content.decode()


def test_home_counts_only_the_documents_in_scope_and_hides_an_empty_count(staff_client):
    assert "Văn bản trong phạm vi" not in staff_client.get("/").content.decode()
    make_document(issuer=make_organization())
    make_document(issuer=make_organization())
    make_document(issuer=make_organization(unit=dong_thap()))
    cache.clear()  # the home figures are kept for two minutes (core.fresh): here they age
    body = text_of(staff_client.get("/").content.decode())
    assert re.search(r"2 Văn bản trong phạm vi", body)
