"""Point 5 of issue 12: the minute PDF is made in the background like the report files; the job
is its author's only (the matrix of the URL walk)."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from danvan.accounts.enums import Role
from danvan.reviews.models import MinuteJob
from tests.factories.organizations import dong_thap, tuyen_quang
from tests.permissions import check_matrix, user_with_role
from tests.reviews.factories import make_committee, make_round

pytestmark = pytest.mark.django_db

NOBODY_ELSE = dict.fromkeys(Role.values, (404, 404))


def _finished(unit) -> MinuteJob:
    committee = make_committee(name=f"Ban Chỉ đạo {unit.name}", unit=unit)
    review_round = make_round(committee=committee, scope_unit=unit)
    job = MinuteJob.objects.create(
        round=review_round,
        user=user_with_role(Role.STAFF, unit=unit),
        status=MinuteJob.State.DONE,
        filename="bien-ban.pdf",
    )
    job.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.7 bien ban"))
    return job


@pytest.mark.parametrize("suffix", ["", "tep/"])
def test_matrix_a_minute_job_is_its_authors_only(suffix):
    inside, outside = _finished(tuyen_quang()), _finished(dong_thap())
    check_matrix(
        url_for=lambda job: f"/binh-xet/bien-ban/{job.pk}/{suffix}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=NOBODY_ELSE,
        superuser=(404, 404),
    )
    client = Client()
    client.force_login(inside.user)
    response = client.get(f"/binh-xet/bien-ban/{inside.pk}/{suffix}")
    assert response.status_code == 200
    if suffix:
        assert b"".join(response.streaming_content) == b"%PDF-1.7 bien ban"


def test_matrix_the_minute_is_queued_by_those_who_read_the_round():
    inside = make_round()
    outside = make_round(
        committee=make_committee(name="Ban Chỉ đạo tỉnh Đồng Tháp", unit=dong_thap()),
        scope_unit=dong_thap(),
    )
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/bien-ban/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda r: MinuteJob.objects.filter(round=r).count(),
        expect={"admin": (302, 404), "staff": (302, 404), "viewer": (302, 404)},
        superuser=(302, 302),
    )


def test_the_minute_request_returns_at_once_with_a_job_page():
    review_round = make_round()
    staff = user_with_role(Role.STAFF, unit=review_round.committee.unit)
    client = Client()
    client.force_login(staff)

    response = client.post(f"/binh-xet/{review_round.pk}/bien-ban/")

    job = MinuteJob.objects.get(round=review_round)
    assert response["Location"] == f"/binh-xet/bien-ban/{job.pk}/"
    assert job.user == staff
