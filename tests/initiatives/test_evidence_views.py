"""Evidence of initiatives on the pages: the upload address, files served only inside the
initiative's scope, and the section of the detail page."""

import io

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from PIL import Image

from danvan.accounts.models import User
from danvan.core.formatting import format_date
from danvan.initiatives.evidence_views import evidence_context
from danvan.initiatives.models import Evidence
from tests.initiatives.evidence_helpers import (
    PDF_BYTES,
    READERS_IN,
    add_evidence,
    add_url,
    body,
    client_for,
    file_url,
    jpeg_with_gps,
    picture,
    province,
    stored_bytes,
    thumbnail_url,
    upload,
)
from tests.permissions import check_matrix, user_with_role

pytestmark = pytest.mark.django_db


# ---- the upload page -------------------------------------------------------------------------


def test_an_editor_uploads_and_is_sent_back_to_the_initiative_with_a_success_message(
    initiative, staff
):
    response = client_for(staff).post(
        add_url(initiative),
        {
            "evidence-file": upload("hien-dat.jpg", jpeg_with_gps((800, 600))),
            "evidence-caption": "Hộ ông Nông Văn Tư hiến đất",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/mo-hinh/{initiative.pk}/#evidence"
    evidence = Evidence.objects.get(initiative=initiative)
    assert evidence.caption == "Hộ ông Nông Văn Tư hiến đất"
    assert evidence.original_name == "hien-dat.jpg"
    assert evidence.uploaded_by == staff
    sent = list(get_messages(response.wsgi_request))
    assert [message.level for message in sent] == [messages.SUCCESS]
    assert "hien-dat.jpg" in str(sent[0])


def test_a_refused_upload_is_sent_back_with_the_reason_and_writes_nothing(initiative, staff):
    response = client_for(staff).post(
        add_url(initiative), {"evidence-file": upload("photo.jpg", b"MZ" + b"\x00" * 300)}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/mo-hinh/{initiative.pk}/#evidence"
    assert Evidence.objects.count() == 0
    sent = list(get_messages(response.wsgi_request))
    assert [message.level for message in sent] == [messages.ERROR]
    # The reason comes from core.uploads, translated: the accepted kinds by their names.
    assert "PDF, Word (.docx), Excel (.xlsx), JPEG, PNG, WebP." in str(sent[0])


def test_an_upload_without_a_file_is_sent_back_with_an_error(initiative, staff):
    response = client_for(staff).post(add_url(initiative), {"evidence-caption": "Không có tệp"})
    assert response.status_code == 302
    assert [m.level for m in get_messages(response.wsgi_request)] == [messages.ERROR]
    assert Evidence.objects.count() == 0


def test_a_reader_without_change_permission_gets_403_on_upload(initiative, tuyen_quang):
    for role in ("viewer", "reviewer"):
        response = client_for(user_with_role(role, unit=tuyen_quang)).post(
            add_url(initiative), {"evidence-file": upload("a.pdf", PDF_BYTES)}
        )
        assert response.status_code == 403
    assert Evidence.objects.count() == 0


def test_an_editor_of_another_province_gets_404_on_upload(initiative):
    editor = user_with_role("staff", unit=province("82"))
    response = client_for(editor).post(
        add_url(initiative), {"evidence-file": upload("a.pdf", PDF_BYTES)}
    )
    assert response.status_code == 404
    assert Evidence.objects.count() == 0


def test_the_upload_address_takes_post_only(initiative, staff):
    assert client_for(staff).get(add_url(initiative)).status_code == 405


def test_matrix_upload(initiative, outside, tuyen_quang):
    editors = dict.fromkeys(("admin", "staff", "unit_editor"), (302, 404))
    check_matrix(
        url_for=add_url,
        inside=initiative,
        outside=outside,
        scope_unit=tuyen_quang,
        method="post",
        data={"evidence-caption": "Không có tệp"},  # refused by the form: nothing is written
        expect=editors | {"reviewer": (403, 404), "viewer": (403, 404)},
        superuser=(302, 302),
    )
    assert Evidence.objects.count() == 0


def test_matrix_upload_by_organisation_grant(initiative, outside):
    check_matrix(
        url_for=add_url,
        inside=initiative,
        outside=outside,
        scope_organization=initiative.owner_organization,
        method="post",
        data={},
        expect={
            "admin": (302, 404),
            "staff": (302, 404),
            "unit_editor": (302, 404),
            "reviewer": (403, 404),
            "viewer": (403, 404),
        },
        superuser=(302, 302),
    )


# ---- serving ---------------------------------------------------------------------------------


@pytest.fixture
def photos(initiative, outside, staff):
    """A photo of the initiative in tỉnh Tuyên Quang and one of the initiative in Đồng Tháp."""
    inside_photo = add_evidence(
        initiative=initiative,
        uploaded=upload("Họp dân thôn Khuổi Tẩu.png", picture("PNG", (900, 600))),
        acting_user=staff,
    )
    outside_photo = add_evidence(
        initiative=outside, uploaded=upload("ruong.jpg", jpeg_with_gps()), acting_user=None
    )
    return inside_photo, outside_photo


def test_a_viewer_in_scope_sees_the_photo_inline_and_its_thumbnail(photos, tuyen_quang):
    photo = photos[0]
    client = client_for(user_with_role("viewer", unit=tuyen_quang))

    full = client.get(file_url(photo))
    assert full.status_code == 200
    assert full["Content-Type"] == "image/jpeg"
    assert full["Content-Disposition"] == 'inline; filename="hop-dan-thon-khuoi-tau.jpg"'
    assert full["X-Content-Type-Options"] == "nosniff"
    assert "private" in full["Cache-Control"]
    assert body(full) == stored_bytes(photo.file)

    small = client.get(thumbnail_url(photo))
    assert small.status_code == 200
    assert small["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(body(small))).size == (320, 213)


def test_a_user_out_of_scope_gets_404_for_the_file_and_the_thumbnail(photos):
    photo = photos[0]
    client = client_for(user_with_role("staff", unit=province("82")))
    assert client.get(file_url(photo)).status_code == 404
    assert client.get(thumbnail_url(photo)).status_code == 404
    # …while the photo of their own province is theirs to see.
    assert client.get(file_url(photos[1])).status_code == 200


def test_evidence_of_another_initiative_is_not_found_under_this_one(photos, admin_client):
    inside_photo, outside_photo = photos
    url = f"/mo-hinh/{inside_photo.initiative_id}/minh-chung/{outside_photo.pk}/"
    assert admin_client.get(url).status_code == 404
    assert admin_client.get(url + "anh-nho/").status_code == 404


def test_a_document_has_no_thumbnail(initiative, staff, admin_client):
    evidence = add_evidence(
        initiative=initiative, uploaded=upload("a.pdf", PDF_BYTES), acting_user=staff
    )
    assert admin_client.get(thumbnail_url(evidence)).status_code == 404


def test_a_file_missing_from_storage_is_not_found(photos, admin_client):
    photo = photos[0]
    default_storage.delete(photo.file.name)
    assert admin_client.get(file_url(photo)).status_code == 404


def test_matrix_file(photos, tuyen_quang):
    check_matrix(
        url_for=file_url,
        inside=photos[0],
        outside=photos[1],
        scope_unit=tuyen_quang,
        expect=READERS_IN,
    )


def test_matrix_thumbnail(photos, tuyen_quang):
    check_matrix(
        url_for=thumbnail_url,
        inside=photos[0],
        outside=photos[1],
        scope_unit=tuyen_quang,
        expect=READERS_IN,
    )


# ---- the section of the detail page ----------------------------------------------------------


def render_section(user, initiative) -> tuple[dict, str]:
    request = RequestFactory().get(f"/mo-hinh/{initiative.pk}/")
    request.user = user
    context = evidence_context(request, initiative)
    return context, render_to_string("initiatives/_evidence.html", context, request=request)


def test_the_section_lists_photos_and_documents_with_size_uploader_and_date(initiative, staff):
    staff.first_name, staff.last_name = "Hoàng Thị", "Lan"
    staff.save()
    photo = add_evidence(
        initiative=initiative,
        uploaded=upload("duong.jpg", jpeg_with_gps((640, 480), orientation=1)),
        caption="Đường bê tông thôn Khuổi Tẩu",
        acting_user=staff,
    )
    document = add_evidence(
        initiative=initiative,
        uploaded=upload("Báo cáo.pdf", PDF_BYTES + b"%" * (1536 * 1024 - len(PDF_BYTES))),
        acting_user=None,
    )

    context, html = render_section(staff, initiative)

    assert context["evidence_list"] == [document, photo]  # newest first
    assert f'href="{file_url(photo)}"' in html
    assert f'src="{thumbnail_url(photo)}"' in html
    assert 'alt="Đường bê tông thôn Khuổi Tẩu"' in html
    assert f'href="{file_url(document)}"' in html
    assert "Báo cáo.pdf" in html
    assert "1,5 MB" in html  # 1,536 KB, written the Vietnamese way
    assert thumbnail_url(document) not in html
    assert staff.get_full_name() in html
    assert format_date(photo.uploaded_at) in html
    assert 'class="empty-state"' not in html


def test_an_editor_gets_the_upload_form(initiative, staff):
    context, html = render_section(staff, initiative)
    assert context["can_add_evidence"] is True
    assert f'action="{add_url(initiative)}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="evidence-file"' in html
    assert 'name="evidence-caption"' in html
    assert "JPEG, PNG, WebP" in html
    assert "PDF, Word (.docx), Excel (.xlsx)" in html
    assert "15 MB" in html
    assert "20 MB" in html
    assert 'class="empty-state"' in html
    assert "<script" not in html
    assert "style=" not in html


def test_a_viewer_gets_the_list_without_the_upload_form(initiative, staff, tuyen_quang):
    add_evidence(initiative=initiative, uploaded=upload("a.pdf", PDF_BYTES), acting_user=staff)
    context, html = render_section(user_with_role("viewer", unit=tuyen_quang), initiative)
    assert context["can_add_evidence"] is False
    assert context["evidence_form"] is None
    assert "a.pdf" in html
    assert "<form" not in html
    assert f'action="{add_url(initiative)}"' not in html


def test_the_section_takes_as_many_queries_for_many_files_as_for_one(initiative, staff):
    def queries_to_render() -> int:
        fresh = User.objects.get(pk=staff.pk)  # no permission cached on the user
        cache.clear()  # nor in the cache (accounts.backends)
        with CaptureQueriesContext(connection) as captured:
            render_section(fresh, initiative)
        return len(captured)

    add_evidence(initiative=initiative, uploaded=upload("a.pdf", PDF_BYTES), acting_user=staff)
    one = queries_to_render()
    for number in range(4):
        uploader = user_with_role("staff", unit=initiative.place)
        add_evidence(
            initiative=initiative,
            uploaded=upload(f"{number}.jpg", jpeg_with_gps((64, 48), orientation=1)),
            acting_user=uploader,
        )
    assert queries_to_render() == one


def test_the_detail_page_shows_the_uploaded_photo_after_the_redirect(initiative, staff):
    client = client_for(staff)
    response = client.post(
        add_url(initiative),
        {
            "evidence-file": upload("hop-dan.png", picture("PNG")),
            "evidence-caption": "Họp dân bàn làm đường",
        },
        follow=True,
    )
    evidence = Evidence.objects.get(initiative=initiative)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="evidence"' in html
    assert f'src="{thumbnail_url(evidence)}"' in html
    assert "Họp dân bàn làm đường" in html
    assert 'class="message message--success"' in html
