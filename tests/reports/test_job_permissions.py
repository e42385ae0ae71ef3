"""A report file is its author's only: the matrix of the job page and the download (issue 11,
the URL walk). Every other account — a superuser too — finds nothing there (404)."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from danvan.accounts.enums import Role
from danvan.reports.models import ReportJob
from tests.factories.organizations import dong_thap, tuyen_quang
from tests.permissions import check_matrix, user_with_role

pytestmark = pytest.mark.django_db

NOBODY_ELSE = dict.fromkeys(Role.values, (404, 404))


def finished_job(province) -> ReportJob:
    job = ReportJob.objects.create(
        user=user_with_role(Role.VIEWER, unit=province),
        params={"query": "nam=2024"},
        file_format="xlsx",
        title="Báo cáo năm 2024",
        status=ReportJob.State.DONE,
        progress=100,
    )
    job.file.save("bao-cao.xlsx", ContentFile(b"PK\x03\x04 bao cao"))
    return job


@pytest.mark.parametrize("suffix", ["", "tai-ve/"])
def test_matrix_a_report_file_is_its_authors_only(suffix):
    inside, outside = finished_job(tuyen_quang()), finished_job(dong_thap())
    check_matrix(
        url_for=lambda job: f"/bao-cao/tep/{job.pk}/{suffix}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=NOBODY_ELSE,
        superuser=(404, 404),
    )
    client = Client()
    client.force_login(inside.user)
    response = client.get(f"/bao-cao/tep/{inside.pk}/{suffix}")
    assert response.status_code == 200
    if suffix:
        assert b"".join(response.streaming_content) == b"PK\x03\x04 bao cao"
    else:
        assert "Báo cáo năm 2024" in response.content.decode()
