"""Photos and files of an activity: checked by content, photos re-encoded with a thumbnail and
without metadata, written on commit, served only within scope."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from danvan.accounts.enums import Role
from danvan.activities.models import ActivityEvidence
from tests.activities import factories as f
from tests.commit import committed
from tests.conftest import files_under
from tests.permissions import READER_ROLES, check_matrix, user_with_role

pytestmark = pytest.mark.django_db


def png(name="ra-quan.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def activity():
    f.seed()
    return f.make_activity(title="Ra quân làm đường")


def test_an_editor_adds_a_photo_kept_as_jpeg_with_a_thumbnail(activity, client, media_dir):
    editor = user_with_role("unit_editor", unit=f.tuyen_quang())
    client.force_login(editor)
    with committed():
        response = client.post(
            f"/hoat-dong/{activity.pk}/minh-chung/",
            {"file": png(), "caption": "Ra quân sáng 13/5"},
        )
    assert response.status_code == 302
    evidence = ActivityEvidence.objects.get()
    assert (evidence.kind, evidence.original_name, evidence.caption) == (
        "image",
        "ra-quan.png",
        "Ra quân sáng 13/5",
    )
    assert len(files_under(media_dir)) == 2  # the photo and its thumbnail
    page = client.get(f"/hoat-dong/{activity.pk}/").content.decode()
    assert "Ra quân sáng 13/5" in page
    assert "Thêm ảnh, tệp" in page or "Đã thêm ảnh, tệp" in page
    photo = client.get(f"/hoat-dong/{activity.pk}/minh-chung/{evidence.pk}/")
    assert photo["Content-Type"] == "image/jpeg"
    assert b"".join(photo.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_written(
    activity, client, media_dir
):
    client.force_login(user_with_role("staff", unit=f.tuyen_quang()))
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    with committed():
        response = client.post(f"/hoat-dong/{activity.pk}/minh-chung/", {"file": fake}, follow=True)
    assert ActivityEvidence.objects.count() == 0
    assert files_under(media_dir) == []
    assert "message--error" in response.content.decode()


def test_the_files_are_in_the_permission_matrix(activity):
    from danvan.activities.services import add_activity_evidence

    outside = f.make_activity(
        place=f.thap_muoi(), organiser=f.make_organization(unit=f.dong_thap())
    )
    with committed():
        inside_file = add_activity_evidence(activity=activity, uploaded=png(), acting_user=None)
        outside_file = add_activity_evidence(activity=outside, uploaded=png(), acting_user=None)
    files = {activity.pk: inside_file.pk, outside.pk: outside_file.pk}
    check_matrix(
        url_for=lambda a: f"/hoat-dong/{a.pk}/minh-chung/{files[a.pk]}/",
        inside=activity,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        expect=dict.fromkeys(READER_ROLES, (200, 404)),
    )
    check_matrix(
        url_for=lambda a: f"/hoat-dong/{a.pk}/minh-chung/",
        inside=activity,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        method="post",
        data=lambda a: {"file": png(), "caption": "x"},
        snapshot=lambda a: a.evidence.count(),
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (302, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
        },
        superuser=(302, 302),
    )
