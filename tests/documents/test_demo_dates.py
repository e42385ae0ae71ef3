"""Issue 12, point 9: the demonstration documents and organisations carry their own dates in the
audit log and as their registration time, not the day of the install."""

import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.documents import demo as documents_demo
from danvan.documents.models import Document
from danvan.organizations import demo as organizations_demo
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _events_of(model, pk) -> list[AuditEvent]:
    kind = ContentType.objects.get_for_model(model)
    return list(AuditEvent.objects.filter(content_type=kind, object_id=str(pk)))


def test_demo_documents_are_registered_on_the_day_they_were_issued(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    organizations_demo.load_demo(stdout=io.StringIO())
    documents_demo.load_demo(stdout=io.StringIO())

    documents = list(Document.objects.all())
    assert len(documents) == len(documents_demo.DOCUMENTS)
    for document in documents:
        events = _events_of(Document, document.pk)
        assert events, document.number
        assert {timezone.localdate(e.occurred_at) for e in events} == {document.issued_on}
        assert timezone.localdate(document.created_at) == document.issued_on
    guide = Document.objects.get(number="02-HD/BDVTU")
    assert guide.issued_on == date(2021, 9, 10)


def test_demo_organisations_are_recorded_on_their_own_dates(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    organizations_demo.load_demo(stdout=io.StringIO())

    today = timezone.localdate()
    old = Organization.objects.get(name="Ban Dân vận Trung ương")
    merged = Organization.objects.get(name="Ban Tuyên giáo và Dân vận Trung ương")
    created = lambda org: {  # noqa: E731
        timezone.localdate(e.occurred_at) for e in _events_of(Organization, org.pk)
    }
    assert created(old) == {organizations_demo.ON_FILE, old.valid_to}  # on file, then ended
    assert old.valid_to < organizations_demo.MERGER
    assert created(merged) == {organizations_demo.MERGER, old.valid_to}  # founded, succeeded
    every = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Organization))
    assert not [e for e in every if timezone.localdate(e.occurred_at) == today]


def test_demo_people_are_recorded_when_they_took_their_post(settings, tmp_path):
    from danvan.organizations.models import Person

    settings.VAR_DIR = tmp_path
    organizations_demo.load_demo(stdout=io.StringIO())

    today = timezone.localdate()
    people = list(Person.objects.all())
    assert len(people) == len(organizations_demo.PEOPLE)
    for full_name, *_rest, since in organizations_demo.PEOPLE:
        person = next(p for p in people if p.full_name == full_name)
        days = {timezone.localdate(e.occurred_at) for e in _events_of(Person, person.pk)}
        assert days == {max(since, organizations_demo.ON_FILE)}, full_name
        assert today not in days
