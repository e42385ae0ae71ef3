"""The register of honours as an Excel sheet."""

from django.utils.translation import gettext_lazy as _

from danvan.core.spreadsheets import Column

EXPORT_COLUMNS = (
    Column(header=_("Recipient"), key="recipient", width=40),
    Column(header=_("Kind of honour"), key="kind", width=40),
    Column(header=_("Decided on"), key="decided_on", width=14),
    Column(header=_("Number of the decision"), key="decision_number", width=18),
    Column(header=_("Signed by"), key="signer", width=24),
    Column(header=_("Place"), key="place", width=40),
    Column(header=_("Ethnic group"), key="ethnicity", width=14),
    Column(header=_("Gender"), key="gender", width=10),
    Column(header=_("Ceremony"), key="ceremony", width=30),
    Column(header=_("Recorded"), key="source", width=20),
)


def honour_row(honour) -> dict:
    person = honour.person
    return {
        "recipient": honour.recipient_name,
        "kind": honour.kind.name,
        "decided_on": honour.decided_on,
        "decision_number": honour.decision_number,
        "signer": honour.signer,
        "place": honour.place.full_name if honour.place_id else "",
        "ethnicity": person.ethnicity if person else "",
        "gender": person.get_gender_display() if person and person.gender else "",
        "ceremony": honour.ceremony.name if honour.ceremony_id else "",
        "source": str(honour.get_source_display()),
    }
