"""Portal editors and moderators come from danvan's grants and reach their section only."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import WorkflowPage

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant
from tests.factories.accounts import UserFactory
from tests.permissions import user_with_role
from tests.portal.conftest import publish_article

HOST = {"HTTP_HOST": "127.0.0.1"}


@pytest.fixture
def articles(portal):
    return {
        "tq": publish_article(portal["tq"], title="Tin Tuyên Quang"),
        "dt": publish_article(portal["dt"], title="Tin Đồng Tháp"),
    }


@pytest.fixture
def granted(django_capture_on_commit_callbacks):
    """``granted(role, organization=…)``: a user with that grant, the groups synced as after
    the commit."""

    def make(role, **scope):
        with django_capture_on_commit_callbacks(execute=True):
            return user_with_role(role, **scope)

    return make


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_grant_opens_the_own_section_only(portal, articles, granted):
    editor = granted(Role.PORTAL_EDITOR, organization=portal["tq_org"])
    groups = list(editor.groups.values_list("name", flat=True))
    assert groups == [f"Biên tập · Tuyên Quang #{portal['tq'].pk}"]
    assert articles["tq"].permissions_for_user(editor).can_edit()
    assert not articles["tq"].permissions_for_user(editor).can_publish()
    assert not articles["dt"].permissions_for_user(editor).can_edit()
    client = signed_in(editor)
    assert client.get(f"/bien-tap/pages/{articles['tq'].pk}/edit/", **HOST).status_code == 200
    refused = client.get(f"/bien-tap/pages/{articles['dt'].pk}/edit/", **HOST)
    assert refused.status_code in (302, 403)
    assert refused.status_code == 403 or "/bien-tap/" in refused["Location"]
    assert client.get(
        f"/bien-tap/pages/add/portal/articlepage/{portal['dt'].pk}/", **HOST
    ).status_code in (302, 403)


def test_a_moderator_publishes_and_approves_in_the_sections_workflow(portal, articles, granted):
    moderator = granted(Role.PORTAL_MODERATOR, organization=portal["tq_org"])
    assert articles["tq"].permissions_for_user(moderator).can_publish()
    assert not articles["dt"].permissions_for_user(moderator).can_publish()
    workflow = WorkflowPage.objects.get(page=portal["tq"]).workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [
        f"Duyệt tin · Tuyên Quang #{portal['tq'].pk}"
    ]


def test_removing_the_grant_removes_the_group(
    portal, articles, granted, django_capture_on_commit_callbacks
):
    editor = granted(Role.PORTAL_EDITOR, organization=portal["tq_org"])
    assert editor.groups.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        Grant.objects.filter(user=editor).delete()
    assert editor.groups.count() == 0
    assert not articles["tq"].permissions_for_user(editor).can_edit()
    # The group stays for the others; only membership follows the grants.
    assert Group.objects.filter(name__startswith="Biên tập · Tuyên Quang").exists()


def test_a_work_grant_does_not_open_the_cms(portal, articles, granted):
    staff = granted(Role.STAFF, unit=portal["tq_org"].unit)
    response = signed_in(staff).get("/bien-tap/", **HOST)
    assert response.status_code in (302, 403)
    assert not articles["tq"].permissions_for_user(staff).can_edit()


def test_a_unit_grant_covers_the_sections_of_organisations_in_that_unit(portal, articles, granted):
    editor = granted(Role.PORTAL_EDITOR, unit=portal["dt_org"].unit)
    assert articles["dt"].permissions_for_user(editor).can_edit()
    assert not articles["tq"].permissions_for_user(editor).can_edit()


def test_a_section_made_later_reaches_the_editors_already_granted(
    portal, granted, django_capture_on_commit_callbacks
):
    from tests.factories.organizations import make_organization
    from tests.portal.conftest import add_section

    child = make_organization(name="Ban Dân vận Huyện ủy Lâm Bình", parent=portal["tq_org"])
    editor = granted(Role.PORTAL_EDITOR, organization=portal["tq_org"])
    with django_capture_on_commit_callbacks(execute=True):
        section = add_section(portal["home"], title="Lâm Bình", slug="lam-binh", organization=child)
    article = publish_article(section, title="Tin Lâm Bình")
    assert article.permissions_for_user(editor).can_edit()


def test_the_menu_offers_portal_editing_only_to_editors(portal, articles, granted):
    editor = granted(Role.PORTAL_EDITOR, organization=portal["tq_org"])
    plain = UserFactory()
    assert (
        'href="/bien-tap/"' in signed_in(editor).get("/nhat-ky-cua-toi/", **HOST).content.decode()
    )
    assert (
        'href="/bien-tap/"'
        not in signed_in(plain).get("/nhat-ky-cua-toi/", **HOST).content.decode()
    )
