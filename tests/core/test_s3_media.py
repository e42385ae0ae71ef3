"""Media on S3-compatible storage (``DANVAN_S3_BUCKET``, the ``s3`` extra: django-storages +
boto3), against moto's S3 server started in this process: files go in through the services,
come back through the views, are deleted after commit and swept — the same code as on disk."""

import io
import socket
from datetime import timedelta

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from moto.server import ThreadedMotoServer

from config.settings import s3_storage
from danvan.core.files import unreferenced_files
from danvan.documents import services as documents
from tests.commit import committed, rolled_back
from tests.documents.factories import (
    PDF_BYTES,
    docx_upload,
    make_document,
    make_organization,
    pdf_upload,
)
from tests.initiatives.evidence_helpers import (
    add_evidence,
    body,
    client_for,
    file_url,
    jpeg_with_gps,
    make_initiative,
    province,
    upload,
)
from tests.initiatives.evidence_helpers import (
    evidence_service as evidence_module,
)
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

BUCKET = "danvan-media"
KEYS = {"DANVAN_S3_ACCESS_KEY_ID": "testing", "DANVAN_S3_SECRET_ACCESS_KEY": "testing"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh bucket; the media storage configured from the environment variables an
    operator sets, through the settings' own ``s3_storage``."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="ap-southeast-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            {
                "DANVAN_S3_BUCKET": BUCKET,
                "DANVAN_S3_ENDPOINT_URL": s3_endpoint,
                "DANVAN_S3_REGION": "ap-southeast-1",
                "DANVAN_S3_PREFIX": "media/",
                **KEYS,
            }
        ),
    }
    yield client
    for key in keys(client):
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def initiative():
    return make_initiative(province("08"), "Vận động nhân dân xây dựng môi trường xanh")


@pytest.fixture
def staff():
    return user_with_role("staff", unit=province("08"))


def keys(client) -> list[str]:
    listing = client.list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_the_settings_choose_s3_storage_from_the_environment():
    config = s3_storage({"DANVAN_S3_BUCKET": "b", "DANVAN_S3_ENDPOINT_URL": "https://s3.vn"})
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["bucket_name"] == "b"
    assert config["OPTIONS"]["endpoint_url"] == "https://s3.vn"
    assert config["OPTIONS"]["file_overwrite"] is False
    assert config["OPTIONS"]["default_acl"] == "private"


def test_an_evidence_photo_goes_to_the_bucket_and_comes_back_through_the_view(
    bucket, initiative, staff
):
    evidence = add_evidence(
        initiative=initiative,
        uploaded=upload("hien-dat.jpg", jpeg_with_gps((800, 600))),
        acting_user=staff,
    )
    assert keys(bucket) == sorted(
        [f"media/{evidence.file.name}", f"media/{evidence.thumbnail.name}"]
    )
    response = client_for(staff).get(file_url(evidence))
    assert response.status_code == 200
    assert body(response)[:2] == b"\xff\xd8"  # the re-encoded JPEG


def test_a_rolled_back_upload_leaves_nothing_in_the_bucket(bucket, initiative, staff):
    with rolled_back():
        evidence_module.add_evidence(
            initiative=initiative, uploaded=upload("a.pdf", PDF_BYTES), acting_user=staff
        )
    assert keys(bucket) == []


def test_a_replaced_attachment_is_deleted_from_the_bucket_after_commit(bucket):
    document = make_document(issuer=make_organization(), file=pdf_upload())
    first = document.file.name
    with default_storage.open(first, "rb") as handle:
        assert handle.read() == PDF_BYTES
    with committed():
        updated = documents.update_document(
            document=document, data={}, version=1, file=docx_upload(), acting_user=None
        )
    assert keys(bucket) == [f"media/{updated.file.name}"]


def test_the_sweep_walks_the_bucket_removes_an_orphan_and_keeps_referenced_files(bucket):
    document = make_document(issuer=make_organization(), file=pdf_upload())
    bucket.put_object(Bucket=BUCKET, Key="media/documents/2025/bo-roi.pdf", Body=b"%PDF old")
    bucket.put_object(Bucket=BUCKET, Key="media/sao-luu/ghi-chu.txt", Body=b"not ours")
    future = timezone.now() + timedelta(minutes=1)
    assert [f.name for f in unreferenced_files(default_storage, older_than=future)] == [
        "documents/2025/bo-roi.pdf"
    ]
    out = io.StringIO()
    call_command("media", "sweep", "--older-than", "0", stdout=out)
    assert out.getvalue().splitlines()[0] == "documents/2025/bo-roi.pdf"
    assert keys(bucket) == sorted([f"media/{document.file.name}", "media/sao-luu/ghi-chu.txt"])
