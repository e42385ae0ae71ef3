"""Who may register and change documents. Who may *see* them is the selector's business
(``queries.documents_visible_to``): views fetch through it, so a document out of scope is a 404
before any of these rules is asked."""

import rules

from danvan.accounts.enums import EDIT_ROLES
from danvan.accounts.queries import covers, has_any_role


@rules.predicate
def edits_somewhere(user) -> bool:
    return has_any_role(user, EDIT_ROLES)


@rules.predicate
def edits_documents_of_issuer(user, document) -> bool:
    if document is None:
        return False
    issuer = document.issuer
    if issuer.unit_id is None:  # documents of central bodies: system administrators only
        return user.is_superuser
    return covers(user, roles=EDIT_ROLES, units=[issuer.unit], organizations=[issuer])


rules.add_perm("documents.add_document", rules.is_superuser | edits_somewhere)
rules.add_perm("documents.change_document", rules.is_superuser | edits_documents_of_issuer)
