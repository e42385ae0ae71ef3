"""``core.permissions``: the services' own check, and a refusal answered as 404 by every view."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from danvan.core.permissions import OutOfScope, allowed, ensure, ensure_choice
from danvan.initiatives import services
from tests.factories.accounts import AdminFactory, UserFactory
from tests.initiatives.factories import make_initiative, seed, tuyen_quang
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


def test_ensure_raises_out_of_scope_unless_the_rule_allows():
    nobody = UserFactory()
    with pytest.raises(OutOfScope) as refused:
        ensure(nobody, "documents.add_document")
    assert refused.value.perm == "documents.add_document"
    ensure(AdminFactory(), "documents.add_document")
    ensure(None, "documents.add_document")  # the system itself (demo data, commands)
    assert not allowed(nobody, "territory.add_unit", tuyen_quang())
    assert allowed(user_with_role("staff", unit=tuyen_quang()), "territory.add_unit", tuyen_quang())


def test_ensure_choice_refuses_on_the_field_and_ignores_an_empty_choice():
    nobody = UserFactory()
    ensure_choice(nobody, "territory.change_unit", None, field="unit", message="x")
    with pytest.raises(ValidationError) as refused:
        ensure_choice(nobody, "territory.change_unit", tuyen_quang(), field="unit", message="Ngoài")
    assert refused.value.message_dict == {"unit": ["Ngoài"]}


def test_a_view_whose_service_refuses_answers_404_and_says_no_success(monkeypatch):
    """Between the view's own check and the service's (a grant revoked meanwhile), the service
    is the authority: the page is a 404, never a success message, never a 500."""
    seed()
    initiative = make_initiative(name="Dân vận khéo ở xã Bình An")

    def refuse(**kwargs):
        raise OutOfScope("initiatives.change_initiative", kwargs["initiative"])

    monkeypatch.setattr(services, "add_progress", refuse)
    client = Client()
    client.force_login(user_with_role("staff", unit=tuyen_quang()))
    response = client.post(
        f"/mo-hinh/{initiative.pk}/tien-do/", {"date": "01/03/2024", "text": "Ra quân"}
    )
    assert response.status_code == 404
    assert not initiative.progress.exists()
