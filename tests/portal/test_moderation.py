"""The moderation queue in the portal's admin: a section's moderators see and decide on the
comments of their own section only; every decision is in the audit log; approving shows the
comment on the (cached) page at once."""

import json

import pytest
from django.test import Client

from danvan.accounts.enums import Role
from danvan.core.models import AuditEvent
from danvan.portal import cache as portal_cache
from danvan.portal import comments, editors
from danvan.portal.enums import CommentState
from danvan.portal.models import BlockedAddress, Comment
from tests.factories.accounts import AdminFactory
from tests.factories.organizations import tuyen_quang
from tests.permissions import user_with_role
from tests.portal.factories import make_article, moderator_of, two_sections

pytestmark = pytest.mark.django_db


def pending_on(article, body="Ý kiến chờ duyệt", address="a" * 64):
    return Comment.objects.create(article=article, name="Bạn đọc", body=body, address_hash=address)


@pytest.fixture
def world():
    mine, theirs = two_sections()
    return {
        "mine": make_article(mine),
        "theirs": make_article(theirs),
        "moderator": moderator_of(mine),
    }


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_lists_the_moderators_own_section_only(world):
    pending_on(world["mine"], body="Ý kiến ở Tuyên Quang")
    pending_on(world["theirs"], body="Ý kiến ở Đồng Tháp")
    response = logged_in(world["moderator"]).get("/bien-tap/y-kien/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ý kiến ở Tuyên Quang" in html
    assert "Ý kiến ở Đồng Tháp" not in html
    admin_html = logged_in(AdminFactory()).get("/bien-tap/y-kien/").content.decode()
    assert "Ý kiến ở Tuyên Quang" in admin_html
    assert "Ý kiến ở Đồng Tháp" in admin_html
    assert comments.pending_count(world["moderator"]) == 1


def test_the_menu_shows_the_pending_count(world):
    pending_on(world["mine"])
    pending_on(world["mine"])
    pending_on(world["theirs"])
    html = logged_in(world["moderator"]).get("/bien-tap/").content.decode()
    # Wagtail's sidebar is JSON in the page, its text escaped
    assert json.dumps("Ý kiến bạn đọc (2)")[1:-1] in html


def test_approving_shows_the_comment_purges_the_cache_and_is_audited(
    world, client, django_capture_on_commit_callbacks
):
    comment = pending_on(world["mine"], body="Một ý kiến hay")
    assert "Ý kiến bạn đọc (0)" in client.get(world["mine"].url).content.decode()
    generation = portal_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(world["moderator"]).post(f"/bien-tap/y-kien/{comment.pk}/approve/")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == CommentState.APPROVED
    assert comment.moderated_by == world["moderator"]
    assert portal_cache.generation() == generation + 1
    html = client.get(world["mine"].url).content.decode()
    assert "Ý kiến bạn đọc (1)" in html
    assert "Một ý kiến hay" in html
    event = AuditEvent.objects.get(action="portal.comment.approved")
    assert event.actor_id == world["moderator"].pk


def test_rejecting_and_blocking(world):
    first = pending_on(world["mine"], body="Quảng cáo 1", address="b" * 64)
    second = pending_on(world["mine"], body="Quảng cáo 2", address="b" * 64)
    other = pending_on(world["mine"], body="Ý kiến thật", address="c" * 64)
    client = logged_in(world["moderator"])
    assert client.post(f"/bien-tap/y-kien/{other.pk}/reject/").status_code == 302
    assert client.post(f"/bien-tap/y-kien/{first.pk}/block/").status_code == 302
    states = dict(Comment.objects.values_list("pk", "state"))
    assert states == {
        first.pk: CommentState.REJECTED,
        second.pk: CommentState.REJECTED,
        other.pk: CommentState.REJECTED,
    }
    assert list(BlockedAddress.objects.values_list("address_hash", flat=True)) == ["b" * 64]
    actions = sorted(
        AuditEvent.objects.filter(action__startswith="portal.comment").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "portal.comment.blocked",
        "portal.comment.rejected",
        "portal.comment.rejected",
        "portal.comment.rejected",
    ]


def test_out_of_section_editors_and_anonymous_cannot_decide(world):
    theirs = pending_on(world["theirs"])
    mine = pending_on(world["mine"])
    moderator = logged_in(world["moderator"])
    assert moderator.post(f"/bien-tap/y-kien/{theirs.pk}/approve/").status_code == 404
    assert moderator.post(f"/bien-tap/y-kien/{mine.pk}/explode/").status_code == 404
    assert moderator.get(f"/bien-tap/y-kien/{mine.pk}/approve/").status_code == 405
    # An editor (not a moderator) of the same section: no publish permission, nothing to decide.
    section = world["mine"].get_parent().specific
    editor = user_with_role(Role.PORTAL_EDITOR, organization=section.organization)
    editors.sync_user(editor)
    assert logged_in(editor).post(f"/bien-tap/y-kien/{mine.pk}/approve/").status_code == 404
    assert "Ý kiến chờ duyệt" not in logged_in(editor).get("/bien-tap/y-kien/").content.decode()
    anonymous = Client().post(f"/bien-tap/y-kien/{mine.pk}/approve/")
    assert anonymous.status_code == 302
    assert "/y-kien/" not in anonymous["Location"].split("?")[0]
    viewer = logged_in(user_with_role(Role.VIEWER, unit=tuyen_quang()))
    assert viewer.post(f"/bien-tap/y-kien/{mine.pk}/approve/").status_code in (302, 403)
    assert set(Comment.objects.values_list("state", flat=True)) == {CommentState.PENDING}
    assert not AuditEvent.objects.filter(action__startswith="portal.comment").exists()


def test_the_decision_url_matrix(world, monkeypatch):
    """Every role, in and out of the section: only its moderators (and superusers) decide;
    whoever may not enter the CMS is sent to the sign-in page."""
    from django.db import transaction

    from tests.permissions import check_matrix

    # The grants' users join their section groups at once (on commit, which a test never does).
    monkeypatch.setattr(transaction, "on_commit", lambda callback, *a, **k: callback())

    inside = pending_on(world["mine"])
    outside = pending_on(world["theirs"])
    section = world["mine"].get_parent().specific
    check_matrix(
        url_for=lambda comment: f"/bien-tap/y-kien/{comment.pk}/approve/",
        inside=inside,
        outside=outside,
        scope_organization=section.organization,
        method="post",
        snapshot=lambda comment: (
            Comment.objects.filter(pk=comment.pk)
            .values("state", "moderated_by", "moderated_at")
            .get()
        ),
        expect={
            **dict.fromkeys(Role.values, ("login", "login")),
            Role.PORTAL_MODERATOR: (302, 404),
            Role.PORTAL_EDITOR: (404, 404),
        },
        superuser=(302, 302),
    )


def test_the_way_back_stays_on_the_site(world):
    comment = pending_on(world["mine"])
    response = logged_in(world["moderator"]).post(
        f"/bien-tap/y-kien/{comment.pk}/reject/", {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/bien-tap/y-kien/"
