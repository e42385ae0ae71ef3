import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from danvan.core.admin import AuditEventAdmin
from danvan.core.models import AuditEvent, AuditImmutableError
from danvan.core.queries import events_by_actor, events_for_object
from danvan.core.services import diff, record_event, snapshot

pytestmark = pytest.mark.django_db


def test_record_event_stores_actor_action_object_and_changes(user, admin_user):
    event = record_event(
        action="accounts.user.updated",
        acting_user=admin_user,
        obj=user,
        changes={"email": ["cu@example.vn", "moi@example.vn"]},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "accounts.user.updated"
    assert stored.actor == admin_user
    assert stored.actor_label == admin_user.full_name
    assert stored.object_id == str(user.pk)
    assert stored.object_label == user.full_name
    assert stored.changes == {"email": ["cu@example.vn", "moi@example.vn"]}
    assert list(events_for_object(user)) == [stored]
    assert list(events_by_actor(admin_user)) == [stored]


def test_record_event_without_a_user_is_a_system_event(user):
    event = record_event(action="core.setup.ran", acting_user=None, obj=user)
    assert event.actor is None
    assert event.actor_label == ""


def test_diff_keeps_only_changed_fields():
    assert diff({"a": 1, "b": "x"}, {"a": 1, "b": "y", "c": None}) == {"b": ["x", "y"]}
    assert diff({}, {"a": 1}) == {"a": [None, 1]}


def test_snapshot_records_related_objects_by_name(user):
    event = record_event(action="x.y.z", acting_user=user, obj=user)
    assert snapshot(event, ["action", "actor"]) == {"action": "x.y.z", "actor": user.full_name}


def test_saving_an_existing_event_again_is_refused(user):
    event = record_event(action="x.y.created", acting_user=user)
    event.action = "x.y.forged"
    with pytest.raises(AuditImmutableError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "x.y.created"


def test_deleting_an_event_is_refused(user):
    event = record_event(action="x.y.created", acting_user=user)
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_is_refused(user):
    event = record_event(action="x.y.created", acting_user=user)
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x.y.forged")
    assert AuditEvent.objects.get(pk=event.pk).action == "x.y.created"


def test_the_database_itself_refuses_an_update(user):
    event = record_event(action="x.y.created", acting_user=user)
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", ["forged", event.pk])  # noqa: S608
    assert AuditEvent.objects.get(pk=event.pk).action == "x.y.created"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger on PostgreSQL only")
def test_postgresql_refuses_a_delete(user):
    event = record_event(action="x.y.created", acting_user=user)
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])  # noqa: S608
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_cannot_add_change_or_delete_events(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = AuditEventAdmin(AuditEvent, admin.site)
    event = record_event(action="x.y.created", acting_user=admin_user)
    assert model_admin.has_view_permission(request, event) is True
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request, event) is False
    assert model_admin.has_delete_permission(request, event) is False


def test_admin_change_page_shows_no_save_or_delete(admin_client, admin_user):
    event = record_event(action="x.y.created", acting_user=admin_user)
    response = admin_client.get(f"/quan-tri/core/auditevent/{event.pk}/change/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="_save"' not in body
    assert "/delete/" not in body
    response = admin_client.post(f"/quan-tri/core/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_request_address_is_recorded_from_the_request(client, user):
    client.force_login(user)
    client.post("/dang-xuat/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.9")
    event = events_for_object(user).get(action="accounts.user.logged_out")
    # Not behind a proxy: a client-supplied X-Forwarded-For is not believed.
    assert event.ip_address == "10.1.2.3"


def test_behind_the_proxy_the_forwarded_address_is_recorded(client, user, settings):
    settings.DANVAN_TRUSTED_PROXIES = 2
    client.force_login(user)
    client.post(
        "/dang-xuat/",
        REMOTE_ADDR="10.1.2.3",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9, 10.0.0.1",
    )
    event = events_for_object(user).get(action="accounts.user.logged_out")
    # Two proxies of ours: the second entry from the right; the client's own entry is ignored.
    assert event.ip_address == "203.0.113.9"
