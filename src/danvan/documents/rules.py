"""Who may register and change documents. Who may *see* them is the selector's business
(``queries.documents_visible_to``): views fetch through it, so a document out of scope is a 404
before any of these rules is asked. The services call them themselves."""

import rules

from danvan.accounts.enums import EDIT_ROLES
from danvan.accounts.queries import covers, has_any_role


@rules.predicate
def edits_somewhere(user) -> bool:
    return has_any_role(user, EDIT_ROLES)


@rules.predicate
def edits_documents_of(user, issuer) -> bool:
    """Whether the user may register documents issued by ``issuer``: an organisation in the
    user's editing scope. Central bodies are above every scope: their documents would be seen
    by every account in the country and changed by nobody but a system administrator."""
    if issuer is None or issuer.unit_id is None:
        return False
    return covers(user, roles=EDIT_ROLES, units=[issuer.unit], organizations=[issuer])


@rules.predicate
def edits_documents_of_issuer(user, document) -> bool:
    return document is not None and edits_documents_of(user, document.issuer)


@rules.predicate
def registers_document(user, document=None) -> bool:
    """Without an object: edits somewhere. With a (new) document: its issuer is one the user
    registers documents for."""
    if document is None:
        return has_any_role(user, EDIT_ROLES)
    return edits_documents_of_issuer(user, document)


rules.add_perm("documents.add_document", rules.is_superuser | registers_document)
rules.add_perm("documents.change_document", rules.is_superuser | edits_documents_of_issuer)
rules.add_perm("documents.issue_document", rules.is_superuser | edits_documents_of)
