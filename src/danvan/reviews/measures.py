"""What can be counted of the recognitions, declared for the measures registry
(``danvan.core.measures``; registered by ``ReviewsConfig.ready()``).

The source: the recognitions of the initiatives the user may see (``recognitions_visible_to``),
dated by the day they were decided, placed and owned as their initiative is, grouped and
filtered by their initiative's dimensions and flags. Each initiative counts once per measure,
however many decisions it had in the period."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from danvan.core import measures as registry
from danvan.core.formatting import format_number
from danvan.core.measures import Breakdown, Measure, NarrativeContext
from danvan.initiatives import measures as initiatives
from danvan.initiatives.narrative import KINDS, Words
from danvan.reviews import queries
from danvan.reviews.enums import LEVELLED_OUTCOMES, RecognitionLevel, RecognitionOutcome
from danvan.reviews.models import Recognition

SOURCE = "recognitions"
BY_LEVEL = Breakdown(
    title=gettext_lazy("Recognitions by level"), header=gettext_lazy("Recognised at")
)
LEVELS = {
    "recognised_commune": (
        RecognitionLevel.COMMUNE,
        pgettext_lazy("report measure", "Recognised at commune level"),
    ),
    "recognised_district": (
        RecognitionLevel.DISTRICT,
        pgettext_lazy("report measure", "Recognised at district level"),
    ),
    "recognised_province": (
        RecognitionLevel.PROVINCE,
        pgettext_lazy("report measure", "Recognised at province level"),
    ),
    "recognised_central": (
        RecognitionLevel.CENTRAL,
        pgettext_lazy("report measure", "Recognised at central level"),
    ),
}


def _records(user):
    return queries.recognitions_visible_to(user) if user is not None else Recognition.objects.all()


def _decided(start, end) -> Q:
    return Q(decided_on__gte=start, decided_on__lte=end)


def _recognised(**lookups):
    return lambda: Q(outcome__in=LEVELLED_OUTCOMES, **lookups)


def recognised(context: NarrativeContext) -> str:
    """ "12 mô hình được công nhận (cấp xã: 8, cấp huyện: 4), trong đó 2 tiêu biểu." """
    count = context.value("recognised")
    if not count:
        return ""
    words = Words(context)
    detail = _(", ").join(
        _("%(level)s %(count)s") % {"level": level.label, "count": format_number(value)}
        for code, (level, _label) in LEVELS.items()
        if (value := context.value(code))
    )
    sentence = ngettext(
        "%(what)s was recognised (%(levels)s)",
        "%(what)s were recognised (%(levels)s)",
        count,
    ) % {"what": words.count(count), "levels": detail}
    if outstanding := context.value("outstanding"):
        sentence = _("%(sentence)s, of which %(count)s outstanding") % {
            "sentence": sentence,
            "count": format_number(outstanding),
        }
    return f"{sentence}."


def register() -> None:
    registry.register_source(
        registry.Source(
            code=SOURCE,
            app="reviews",
            label=gettext_lazy("Recognition"),
            title=initiatives.TITLE,  # the recognitions of the models and exemplars
            records=_records,
            dated=_decided,
            place="initiative__place",
            place_today="initiative__place_today",
            owner="initiative__owner_organization",
            counted="initiative",
            distinct=True,
            dimensions=initiatives.dimensions(prefix="initiative__"),
            filters=initiatives.filters(prefix="initiative__"),
        )
    )
    declared = [
        ("recognised", pgettext_lazy("report measure", "Recognised"), _recognised(), None),
        *(
            (code, label, _recognised(level=level), BY_LEVEL)
            for code, (level, label) in LEVELS.items()
        ),
        (
            "outstanding",
            pgettext_lazy("report measure", "Outstanding"),
            lambda: Q(outcome=RecognitionOutcome.OUTSTANDING),
            None,
        ),
    ]
    for order, (code, label, condition, breakdown) in enumerate(declared, start=1):
        registry.register_measure(
            Measure(
                code=code,
                label=label,
                source=SOURCE,
                condition=condition,
                breakdown=breakdown,
                dashboard=code in {"recognised", "outstanding"},
                public=code in {"recognised", "outstanding"},
                order=200 + 10 * order,
            )
        )
    registry.register_narrative(
        registry.NarrativePart(
            key="recognitions",
            about=("recognised", *LEVELS, "outstanding"),
            write=recognised,
            reads=KINDS,
            order=40,
        )
    )
