"""The sentences dialogues and petitions add to a report's narrative:

Trong năm 2026, toàn tỉnh tổ chức 3 cuộc đối thoại với nhân dân, tiếp nhận 12 ý kiến (trả
lời trực tiếp 5, hứa giải quyết 7); 4/7 lời hứa đến hạn được thực hiện đúng hạn, 2 lời hứa
quá hạn.
Tiếp nhận 20 kiến nghị, phản ánh; trả lời đúng hạn 15, quá hạn 3, mở lại 1.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.core.formatting import format_number
from danvan.core.measures import NarrativeContext


def dialogues(context: NarrativeContext) -> str:
    held = context.value("dialogues_held")
    where = {"period": context.period_label, "scope": context.scope_phrase}
    if not held:
        return ""  # nothing to say: the report of a scope without dialogues stays as it was
    sentence = ngettext(
        "In %(period)s, %(scope)s held %(count)s dialogue with the people",
        "In %(period)s, %(scope)s held %(count)s dialogues with the people",
        held,
    ) % {**where, "count": format_number(held)}
    if raised := context.value("opinions_raised"):
        sentence += _(
            ", received %(raised)s opinions (%(answered)s answered on the spot, "
            "%(committed)s with a commitment)"
        ) % {
            "raised": format_number(raised),
            "answered": format_number(context.value("opinions_answered")),
            "committed": format_number(context.value("opinions_committed")),
        }
    sentence += "."
    due = context.value("commitments_due")
    if due:
        sentence += " " + _("%(kept)s of the %(due)s commitments due were kept on time") % {
            "kept": format_number(context.value("commitments_kept")),
            "due": format_number(due),
        }
        if overdue := context.value("commitments_overdue"):
            sentence += _(", %(overdue)s overdue") % {"overdue": format_number(overdue)}
        sentence += "."
    return sentence


def petitions(context: NarrativeContext) -> str:
    received = context.value("petitions_received")
    if not received:
        return ""
    return _(
        "%(received)s petitions received; %(in_time)s answered in time, %(overdue)s overdue, "
        "%(reopened)s reopened."
    ) % {
        "received": format_number(received),
        "in_time": format_number(context.value("petitions_answered_in_time")),
        "overdue": format_number(context.value("petitions_overdue")),
        "reopened": format_number(context.value("petitions_reopened")),
    }
