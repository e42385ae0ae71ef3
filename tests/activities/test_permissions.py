"""The permission matrix of activities and campaigns: every URL taking an id × every role, an
object in tỉnh Tuyên Quang (every role's scope) and one in tỉnh Đồng Tháp."""

from datetime import date

import pytest

from danvan.accounts.enums import Role
from danvan.activities import services
from danvan.activities.models import Activity, Campaign, PlanLine
from tests.activities import factories as f
from tests.permissions import READER_ROLES, check_matrix

pytestmark = pytest.mark.django_db

READERS = dict.fromkeys(READER_ROLES, (200, 404))
EDITORS = {
    Role.ADMIN: (200, 404),
    Role.STAFF: (200, 404),
    Role.UNIT_EDITOR: (200, 404),
    Role.REVIEWER: (403, 404),
    Role.VIEWER: (403, 404),
}
MANAGERS = {
    Role.ADMIN: (200, 404),
    Role.STAFF: (200, 404),
    Role.UNIT_EDITOR: (403, 404),
    Role.REVIEWER: (403, 404),
    Role.VIEWER: (403, 404),
}


def posted(expect):
    return {
        role: (302 if inside == 200 else inside, outside)
        for role, (inside, outside) in expect.items()
    }


@pytest.fixture(autouse=True)
def _catalogues():
    f.seed()


@pytest.fixture
def activities():
    inside = f.make_activity(title="Ra quân ở Bình An")
    outside = f.make_activity(
        title="Ra quân ở Đồng Tháp",
        place=f.thap_muoi(),
        organiser=f.make_organization(unit=f.dong_thap()),
    )
    return inside, outside


@pytest.fixture
def campaigns():
    inside = f.make_campaign(name="Tháng Dân vận Tuyên Quang")
    outside = f.make_campaign(
        name="Tháng Dân vận Đồng Tháp", organiser=f.make_organization(unit=f.dong_thap())
    )
    return inside, outside


def test_the_activity_page(activities):
    inside, outside = activities
    check_matrix(
        url_for=lambda a: f"/hoat-dong/{a.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        expect=READERS,
    )


def test_the_activity_edit_page(activities):
    inside, outside = activities
    check_matrix(
        url_for=lambda a: f"/hoat-dong/{a.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        expect=EDITORS,
    )


def test_changing_an_activity(activities):
    inside, outside = activities

    def form(activity):
        activity.refresh_from_db()
        link = activity.organizations.get()
        return {
            "title": f"Ra quân lần {activity.version + 1}",
            "kind": activity.kind_id,
            "start_date": "13/05/2022",
            "place": activity.place_id,
            "org_1": link.organization_id,
            "role_1": "organiser",
            "version": activity.version,
        }

    check_matrix(
        url_for=lambda a: f"/hoat-dong/{a.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        method="post",
        data=form,
        snapshot=lambda a: Activity.objects.filter(pk=a.pk).values("title", "version").get(),
        expect=posted(EDITORS),
        superuser=(302, 302),
    )


def test_the_campaign_page(campaigns):
    inside, outside = campaigns
    check_matrix(
        url_for=lambda c: f"/dot-phong-trao/{c.pk}/",
        inside=inside,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        expect=READERS,
    )


def test_the_campaign_edit_page_and_the_plan_page(campaigns):
    inside, outside = campaigns
    for suffix in ("sua/", "ke-hoach/"):
        check_matrix(
            url_for=lambda c, s=suffix: f"/dot-phong-trao/{c.pk}/{s}",
            inside=inside,
            outside=outside,
            scope_unit=f.tuyen_quang(),
            expect=MANAGERS,
        )


def test_changing_a_campaign(campaigns):
    inside, outside = campaigns

    def form(campaign):
        campaign.refresh_from_db()
        return {
            "name": f"Tháng Dân vận, lần {campaign.version + 1}",
            "kind": "month",
            "start_date": "01/05/2022",
            "end_date": "31/05/2022",
            "organiser": campaign.organiser_id,
            "version": campaign.version,
        }

    check_matrix(
        url_for=lambda c: f"/dot-phong-trao/{c.pk}/sua/",
        inside=inside,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        method="post",
        data=form,
        snapshot=lambda c: Campaign.objects.filter(pk=c.pk).values("name", "version").get(),
        expect=posted(MANAGERS),
        superuser=(302, 302),
    )


def test_setting_a_plan(campaigns):
    inside, outside = campaigns
    units = {inside.pk: f.binh_an_today(), outside.pk: f.thap_muoi()}
    counter = iter(range(1, 1000))

    check_matrix(
        url_for=lambda c: f"/dot-phong-trao/{c.pk}/ke-hoach/",
        inside=inside,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        method="post",
        data=lambda c: {"unit": units[c.pk].pk, "planned_activities": next(counter)},
        snapshot=lambda c: list(c.plan_lines.values_list("planned_activities", flat=True)),
        expect=posted(MANAGERS),
        superuser=(302, 302),
    )


def test_removing_a_plan_line(campaigns):
    inside, outside = campaigns
    units = {inside.pk: f.binh_an_today(), outside.pk: f.thap_muoi()}

    def line(campaign):
        """The campaign's line, set again after an allowed removal (the next check needs one)."""
        found = PlanLine.objects.filter(campaign=campaign).first()
        return found or services.set_plan_line(
            campaign=campaign, unit=units[campaign.pk], planned_activities=3, acting_user=None
        )

    check_matrix(
        url_for=lambda c: f"/dot-phong-trao/{c.pk}/ke-hoach/{line(c).pk}/xoa/",
        inside=inside,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        method="post",
        snapshot=lambda c: line(c).pk,
        expect=posted(MANAGERS),
        superuser=(302, 302),
    )


def test_a_campaign_of_the_province_is_seen_by_a_district_and_not_by_another_province():
    tq = f.legacy("L.08.")
    campaign = f.make_campaign(organiser=f.make_organization(unit=tq), scope_unit=tq)
    check_matrix(
        url_for=lambda c: f"/dot-phong-trao/{c.pk}/",
        inside=campaign,
        outside=f.make_campaign(organiser=f.make_organization(unit=f.dong_thap())),
        scope_unit=f.lam_binh(),
        expect=READERS,
    )
    assert campaign.start_date == date(2022, 5, 1)


def test_adding_to_a_catalogue():
    from danvan.activities.models import WorkKind

    names = iter(range(1, 1000))
    check_matrix(
        url_for=lambda key: f"/hoat-dong/danh-muc/{key}/",
        inside="work-kind",
        outside="khong-co",
        scope_unit=f.tuyen_quang(),
        method="post",
        data=lambda key: {
            f"{key}-name": f"Cầu dân sinh {next(names)}",
            f"{key}-unit": "cầu",
            f"{key}-order": "5",
        },
        snapshot=lambda key: WorkKind.objects.count() if key == "work-kind" else 0,
        expect={
            Role.ADMIN: (302, 404),
            Role.STAFF: (302, 404),
            Role.UNIT_EDITOR: (403, 404),
            Role.REVIEWER: (403, 404),
            Role.VIEWER: (403, 404),
            # A catalogue is not a scoped record: every signed-in officer finds the page.
            Role.PORTAL_EDITOR: (403, 404),
            Role.PORTAL_MODERATOR: (403, 404),
        },
        superuser=(302, 404),
    )
