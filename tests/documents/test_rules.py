import pytest

from tests.documents.factories import dong_thap, make_document, make_organization, tuyen_quang
from tests.factories.accounts import AdminFactory, UserFactory
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("staff", True),
        ("unit_editor", True),
        ("reviewer", False),
        ("viewer", False),
    ],
)
def test_only_editing_roles_register_documents(role, allowed):
    user = user_with_role(role, unit=tuyen_quang())
    assert user.has_perm("documents.add_document") is allowed


def test_a_user_without_a_grant_registers_nothing_and_a_superuser_anything():
    assert not UserFactory().has_perm("documents.add_document")
    assert AdminFactory().has_perm("documents.add_document")


def test_an_editor_changes_documents_of_issuers_in_scope_only():
    inside = make_document(issuer=make_organization(unit=tuyen_quang()))
    outside = make_document(issuer=make_organization(unit=dong_thap()))
    editor = user_with_role("unit_editor", unit=tuyen_quang())
    assert editor.has_perm("documents.change_document", inside)
    assert not editor.has_perm("documents.change_document", outside)
    assert not user_with_role("viewer", unit=tuyen_quang()).has_perm(
        "documents.change_document", inside
    )


def test_an_organisation_grant_changes_documents_of_its_subtree():
    parent = make_organization()
    child = make_organization(parent=parent)
    editor = user_with_role("staff", organization=child)
    assert editor.has_perm("documents.change_document", make_document(issuer=child))
    assert not editor.has_perm("documents.change_document", make_document(issuer=parent))


def test_documents_of_central_bodies_are_changed_by_superusers_only():
    document = make_document(issuer=make_organization(central=True), number="18-NQ/TW")
    assert not user_with_role("admin", unit=tuyen_quang()).has_perm(
        "documents.change_document", document
    )
    assert AdminFactory().has_perm("documents.change_document", document)
