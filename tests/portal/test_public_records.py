"""The public pages of what articles cite: an activity (no names of people), a document (its
file only when marked public). Records no published article cites have no public page."""

from datetime import date

import pytest
from django.test import Client

from danvan.accounts.enums import Role
from danvan.activities.enums import Role as LinkRole
from danvan.activities.services import record_activity
from tests.activities import factories as activity_factories
from tests.documents.factories import make_document, pdf_upload
from tests.factories.organizations import make_organization, make_person, tuyen_quang
from tests.permissions import check_matrix
from tests.portal.helpers import make_section, publish_article, site

pytestmark = pytest.mark.django_db
EVERYONE = dict.fromkeys(Role.values, (200, 404))


@pytest.fixture
def section():
    site()
    activity_factories.seed()
    return make_section(make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang"))


def an_activity(*, title: str, documents=()):
    organiser = make_organization(name="Sở Nội vụ tỉnh Tuyên Quang")
    counts = {
        activity_factories.category("party-members"): 10,
        activity_factories.category("civil-servants"): 5,
    }
    return record_activity(
        data={
            "title": title,
            "kind": activity_factories.kind("labour"),
            "place": activity_factories.binh_an_today(),
            "start_date": date(2022, 5, 13),
            "reached": 300,
        },
        organizations=[{"organization": organiser, "role": LinkRole.ORGANISER, "counts": counts}],
        people=[make_person(full_name="Nguyễn Văn Bí Mật")],
        documents=documents,
        acting_user=None,
    )


def test_a_cited_activity_shows_totals_and_no_names(section):
    plan = make_document(issuer=make_organization(), number="54-KH/HU")
    cited = an_activity(title="Ra quân làm đường", documents=[plan])
    publish_article(section, activities=[cited])
    page = Client().get(f"/cong-khai/hoat-dong/{cited.pk}/").content.decode()
    assert "Ra quân làm đường" in page
    assert "13/05/2022" in page
    assert "Sở Nội vụ tỉnh Tuyên Quang" in page
    assert "Xã Bình An" in page
    assert "<dd>15 (" in page  # 10 party members + 5 civil servants
    assert "<dd>300</dd>" in page
    assert "Nguyễn Văn Bí Mật" not in page
    # The plan is not cited by an article nor public: no link to it.
    assert "54-KH/HU" not in page


def test_matrix_of_a_public_activity(section):
    cited = an_activity(title="Hoạt động có tin")
    uncited = an_activity(title="Hoạt động chưa có tin")
    publish_article(section, activities=[cited])
    check_matrix(
        url_for=lambda activity: f"/cong-khai/hoat-dong/{activity.pk}/",
        inside=cited,
        outside=uncited,
        scope_unit=tuyen_quang(),
        expect=EVERYONE,
        superuser=(200, 404),
        anonymous=(200, 404),
    )


def test_matrix_of_a_public_document(section):
    issuer = make_organization(name="Ban Thường vụ Huyện ủy Lâm Bình")
    cited = make_document(issuer=issuer, number="54-KH/HU", summary="Về công tác dân vận.")
    internal = make_document(issuer=issuer, number="55-KH/HU")
    publish_article(section, documents=[cited])
    page = Client().get(f"/cong-khai/van-ban/{cited.pk}/").content.decode()
    assert "54-KH/HU" in page
    assert "10/09/2021" in page
    assert "Ban Thường vụ Huyện ủy Lâm Bình" in page
    assert "Về công tác dân vận." in page
    check_matrix(
        url_for=lambda document: f"/cong-khai/van-ban/{document.pk}/",
        inside=cited,
        outside=internal,
        scope_unit=tuyen_quang(),
        expect=EVERYONE,
        superuser=(200, 404),
        anonymous=(200, 404),
    )


def test_matrix_of_a_documents_file_only_when_public(section):
    issuer = make_organization()
    public = make_document(issuer=issuer, number="1-KH/HU", file=pdf_upload(), public=True)
    cited_only = make_document(issuer=issuer, number="2-KH/HU", file=pdf_upload())
    publish_article(section, documents=[cited_only])
    assert "/tep/" not in Client().get(f"/cong-khai/van-ban/{cited_only.pk}/").content.decode()
    assert f"/cong-khai/van-ban/{public.pk}/tep/" in (
        Client().get(f"/cong-khai/van-ban/{public.pk}/").content.decode()
    )
    check_matrix(
        url_for=lambda document: f"/cong-khai/van-ban/{document.pk}/tep/",
        inside=public,
        outside=cited_only,
        scope_unit=tuyen_quang(),
        expect=EVERYONE,
        superuser=(200, 404),
        anonymous=(200, 404),
    )
