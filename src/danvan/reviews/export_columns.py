"""The recognitions of an initiative as a column of the initiatives' Excel export (registered
through ``core.registry`` so that initiatives, below reviews, does not import it)."""

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from danvan.core.formatting import format_date
from danvan.core.spreadsheets import Column
from danvan.reviews.enums import RecognitionLevel, RecognitionOutcome
from danvan.reviews.models import Recognition

COLUMNS = (
    Column(
        "Công nhận",
        "recognitions",
        width=50,
        help=gettext_lazy("Recognitions decided, with their decision (export only)."),
    ),
)


def recognition_text(recognition: Recognition) -> str:
    """'Công nhận cấp huyện, QĐ 12/QĐ-HU ngày 01/07/2025'."""
    words = [capfirst(str(RecognitionOutcome(recognition.outcome).label))]
    if recognition.level:
        words.append(str(RecognitionLevel(recognition.level).label))
    decision = recognition.decision
    cited = f"QĐ {decision.number} " if decision.number else "QĐ "
    return f"{' '.join(words)}, {cited}ngày {format_date(recognition.decided_on)}"


def recognition_values(ids: list[int]) -> dict[int, dict[str, str]]:
    """Per initiative id, its recognitions in the order decided, one per line (in Vietnamese,
    like the rest of the exchange format)."""
    found: dict[int, list[str]] = {}
    recognitions = (
        Recognition.objects.filter(initiative_id__in=ids)
        .select_related("decision")
        .order_by("decided_on", "pk")
    )
    with translation.override("vi"):
        for recognition in recognitions:
            found.setdefault(recognition.initiative_id, []).append(recognition_text(recognition))
    return {pk: {"recognitions": "\n".join(lines)} for pk, lines in found.items()}
