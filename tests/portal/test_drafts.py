"""From the work to the news (issue 19, item 4): the button on an activity's, a campaign's, a
review round's and a report's page drafts an unpublished article in the officer's section, from
records they can see only."""

from datetime import date

import pytest
from django.http import QueryDict
from django.test import Client

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant
from danvan.activities.enums import Role as LinkRole
from danvan.activities.services import record_activity
from danvan.core.models import AuditEvent
from danvan.portal.models import ArticlePage
from danvan.reports.forms import initial_params
from danvan.reports.models import ReportJob
from tests.activities import factories as activity_factories
from tests.documents.factories import make_document
from tests.factories.organizations import dong_thap, make_organization, tuyen_quang
from tests.permissions import check_matrix, user_with_role
from tests.portal.helpers import make_editor, make_section, site
from tests.reviews.factories import make_committee, make_round

pytestmark = pytest.mark.django_db


def drafted(key: str) -> int:
    return ArticlePage.objects.filter(drafted_from=key).count()


@pytest.fixture
def newsroom():
    """A section of Ban Dân vận tỉnh Tuyên Quang and an officer who sees the province's records
    and writes in that section."""
    site()
    activity_factories.seed()
    organisation = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=tuyen_quang())
    section = make_section(organisation)
    officer = make_editor(organisation)
    Grant.objects.create(user=officer, role=Role.STAFF, unit=tuyen_quang())
    return {"section": section, "officer": officer, "organisation": organisation}


ORGANISER = LinkRole.ORGANISER


def an_activity(**extra):
    organiser = make_organization(name="Sở Nội vụ tỉnh Tuyên Quang")
    plan = make_document(issuer=organiser, number="54-KH/HU", title="Kế hoạch dân vận 2022")
    data = {
        "title": "Ra quân làm đường giao thông nông thôn",
        "kind": activity_factories.kind("labour"),
        "place": extra.pop("place", None) or activity_factories.binh_an_today(),
        "start_date": date(2022, 5, 13),
        "reached": 300,
    }
    organiser = extra.pop("organiser", organiser)
    counts = {activity_factories.category("party-members"): 10}
    activity = record_activity(
        data=data,
        organizations=[{"organization": organiser, "role": ORGANISER, "counts": counts}],
        documents=[plan],
        acting_user=None,
    )
    return activity, plan


def test_an_activity_becomes_a_draft_article(newsroom):
    activity, plan = an_activity()
    client = Client()
    client.force_login(newsroom["officer"])
    page = client.get(f"/hoat-dong/{activity.pk}/").content.decode()
    assert f'action="/cong-thong-tin/viet-tin/hoat-dong/{activity.pk}/"' in page
    response = client.post(
        f"/cong-thong-tin/viet-tin/hoat-dong/{activity.pk}/",
        {"section": newsroom["section"].pk},
    )
    article = ArticlePage.objects.get(drafted_from=f"activities.activity:{activity.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/bien-tap/pages/{article.pk}/edit/"
    assert article.live is False
    assert article.get_parent().pk == newsroom["section"].pk
    assert article.lead == (
        "Ngày 13/05/2022, Sở Nội vụ tỉnh Tuyên Quang tổ chức hoạt động “Ra quân làm đường giao "
        "thông nông thôn” tại xã Bình An, tỉnh Tuyên Quang."
    )
    body = " ".join(str(block.value) for block in article.body)
    assert "Kế hoạch số 54-KH/HU ngày 10/09/2021 của Sở Nội vụ tỉnh Tuyên Quang" in body
    assert "thu hút 10 lượt người tham gia" in body
    assert "tiếp cận 300 lượt người dân" in body
    assert list(article.activities.all()) == [activity]
    assert list(article.documents.all()) == [plan]
    assert activity.place in article.places.all()
    event = AuditEvent.objects.get(action="portal.article.drafted")
    assert event.actor_id == newsroom["officer"].pk
    assert event.message == f"activities.activity:{activity.pk}"


def test_out_of_scope_records_are_not_drafted(newsroom):
    elsewhere, _plan = an_activity(
        place=activity_factories.thap_muoi(),
        organiser=make_organization(name="Ban Dân vận Đồng Tháp", unit=dong_thap()),
    )
    client = Client()
    client.force_login(newsroom["officer"])
    url = f"/cong-thong-tin/viet-tin/hoat-dong/{elsewhere.pk}/"
    assert client.post(url, {"section": newsroom["section"].pk}).status_code == 404
    assert drafted(f"activities.activity:{elsewhere.pk}") == 0
    assert not AuditEvent.objects.filter(action="portal.article.drafted").exists()


def test_only_a_section_the_officer_writes_in(newsroom):
    other = make_section(
        make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap()),
        title="Đồng Tháp",
    )
    activity, _plan = an_activity()
    client = Client()
    client.force_login(newsroom["officer"])
    url = f"/cong-thong-tin/viet-tin/hoat-dong/{activity.pk}/"
    assert client.post(url, {"section": other.pk}).status_code == 403
    assert client.post(url, {"section": "abc"}).status_code == 403
    assert drafted(f"activities.activity:{activity.pk}") == 0
    # An officer who writes in no section sees no button and may not draft.
    reader = Client()
    reader.force_login(user_with_role(Role.STAFF, unit=tuyen_quang()))
    assert "viet-tin" not in reader.get(f"/hoat-dong/{activity.pk}/").content.decode()
    assert reader.post(url).status_code == 403


def test_matrix_of_drafting_from_an_activity(newsroom):
    inside, _ = an_activity()
    outside, _ = an_activity(
        place=activity_factories.thap_muoi(),
        organiser=make_organization(name="Ban Dân vận Đồng Tháp", unit=dong_thap()),
    )
    key = "activities.activity:{}".format
    check_matrix(
        url_for=lambda activity: f"/cong-thong-tin/viet-tin/hoat-dong/{activity.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda activity: drafted(key(activity.pk)),
        # Every reading role sees the activity, but none writes in a portal section.
        expect={
            **dict.fromkeys((Role.ADMIN, Role.STAFF, Role.UNIT_EDITOR), (403, 404)),
            **dict.fromkeys((Role.REVIEWER, Role.VIEWER), (403, 404)),
        },
        superuser=(302, 302),
    )


def test_a_campaign_becomes_a_draft(newsroom):
    campaign = activity_factories.make_campaign(name="Tháng Dân vận năm 2022")
    activity_factories.make_activity(campaign=campaign, reached=120)
    client = Client()
    client.force_login(newsroom["officer"])
    page = client.get(f"/dot-phong-trao/{campaign.pk}/").content.decode()
    assert f'action="/cong-thong-tin/viet-tin/dot-phong-trao/{campaign.pk}/"' in page
    response = client.post(f"/cong-thong-tin/viet-tin/dot-phong-trao/{campaign.pk}/")
    article = ArticlePage.objects.get(drafted_from=f"activities.campaign:{campaign.pk}")
    assert response.status_code == 302
    body = " ".join(str(block.value) for block in article.body)
    assert "đã tổ chức 1 hoạt động với Nhân dân" in body
    assert "tiếp cận 120 lượt người dân" in body
    assert article.title == "Tháng Dân vận năm 2022"


def test_matrix_of_drafting_from_a_campaign(newsroom):
    inside = activity_factories.make_campaign(name="Đợt trong tỉnh")
    outside = activity_factories.make_campaign(
        name="Đợt ở Đồng Tháp",
        organiser=make_organization(name="Ban Dân vận Đồng Tháp", unit=dong_thap()),
        scope_unit=dong_thap(),
    )
    check_matrix(
        url_for=lambda campaign: f"/cong-thong-tin/viet-tin/dot-phong-trao/{campaign.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda campaign: drafted(f"activities.campaign:{campaign.pk}"),
        expect=dict.fromkeys(
            (Role.ADMIN, Role.STAFF, Role.UNIT_EDITOR, Role.REVIEWER, Role.VIEWER), (403, 404)
        ),
        superuser=(302, 302),
    )


def test_a_report_becomes_a_draft_for_its_author_only(newsroom):
    officer = newsroom["officer"]
    query = QueryDict(mutable=True)
    query.update(initial_params(officer))
    job = ReportJob.objects.create(
        user=officer, params={"query": query.urlencode()}, file_format="pdf", title="Báo cáo"
    )
    client = Client()
    client.force_login(officer)
    page = client.get(f"/bao-cao/tep/{job.pk}/").content.decode()
    assert f'action="/cong-thong-tin/viet-tin/bao-cao/{job.pk}/"' in page
    response = client.post(f"/cong-thong-tin/viet-tin/bao-cao/{job.pk}/")
    assert response.status_code == 302
    assert drafted(f"reports.reportjob:{job.pk}") == 1
    other = Client()
    other.force_login(make_editor(newsroom["organisation"]))
    assert other.post(f"/cong-thong-tin/viet-tin/bao-cao/{job.pk}/").status_code == 404
    assert drafted(f"reports.reportjob:{job.pk}") == 1


def test_matrix_of_drafting_from_a_report(newsroom):
    jobs = [
        ReportJob.objects.create(
            user=user_with_role(Role.VIEWER, unit=province),
            params={"query": f"nam={date.today().year}"},
            file_format="pdf",
            title="Báo cáo",
        )
        for province in (tuyen_quang(), dong_thap())
    ]
    check_matrix(
        url_for=lambda job: f"/cong-thong-tin/viet-tin/bao-cao/{job.pk}/",
        inside=jobs[0],
        outside=jobs[1],
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda job: drafted(f"reports.reportjob:{job.pk}"),
        expect=dict.fromkeys(Role.values, (404, 404)),
        superuser=(404, 404),
    )


def test_a_review_round_becomes_a_draft(newsroom):
    review_round = make_round()
    client = Client()
    client.force_login(newsroom["officer"])
    page = client.get(f"/binh-xet/{review_round.pk}/").content.decode()
    assert f'action="/cong-thong-tin/viet-tin/binh-xet/{review_round.pk}/"' in page
    response = client.post(f"/cong-thong-tin/viet-tin/binh-xet/{review_round.pk}/")
    assert response.status_code == 302
    article = ArticlePage.objects.get(drafted_from=f"reviews.reviewround:{review_round.pk}")
    assert article.lead == (
        "Ban Chỉ đạo Dân vận khéo tỉnh Tuyên Quang tổ chức đợt bình xét “Bình xét mô hình Dân "
        "vận khéo năm 2023” tỉnh Tuyên Quang, từ ngày 01/01/2023 đến ngày 31/12/2023."
    )


def test_matrix_of_drafting_from_a_review_round(newsroom):
    inside = make_round()
    outside = make_round(
        committee=make_committee(name="Ban Chỉ đạo Đồng Tháp", unit=dong_thap()),
        scope_unit=dong_thap(),
    )
    check_matrix(
        url_for=lambda review_round: f"/cong-thong-tin/viet-tin/binh-xet/{review_round.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda review_round: drafted(f"reviews.reviewround:{review_round.pk}"),
        # Those who see the round but write in no section: 403; registering units and reviewers
        # do not see rounds through the selector: 404.
        expect=dict.fromkeys((Role.ADMIN, Role.STAFF, Role.VIEWER), (403, 404)),
        superuser=(302, 302),
    )
