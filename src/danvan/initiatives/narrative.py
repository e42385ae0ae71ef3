"""The sentences the models and exemplars contribute to a report's narrative (registered as
narrative parts of the measures registry by ``measures.register``):

    Trong 10 tháng năm 2022, toàn huyện xây dựng được 114 mô hình, trong đó có 99 mô hình tập
    thể và 15 mô hình cá nhân. So với cùng kỳ năm 2021 (100 mô hình), tăng 14 mô hình (14,0%).
    Đến nay, 80 mô hình đang thực hiện, 5 mô hình đã kết thúc. Có 45 mô hình ở vùng đồng bào
    dân tộc thiểu số.

Nothing built: "chưa xây dựng được mô hình nào"; one subject only: "1 mô hình cá nhân" (no
"trong đó"); exemplars are named *điển hình*, both kinds *mô hình, điển hình*; numbers `1.234`,
per cent `14,0%`. ``Words`` is what other apps' sentences about initiatives use too (the
recognitions)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from danvan.core import measures as registry
from danvan.core.formatting import format_date, format_number, format_percent
from danvan.core.measures import NarrativeContext

# What every sentence about initiatives reads: the noun ("mô hình", "điển hình") follows them.
KINDS = ("model", "exemplar")


class Words:
    def __init__(self, context: NarrativeContext):
        self.models = context.value("model")
        self.exemplars = context.value("exemplar")
        self.suffix = context.area_phrase()

    def noun(self, count: int) -> str:
        if self.exemplars and not self.models:
            return ngettext("exemplar", "exemplars", count)
        if self.exemplars and self.models:
            return pgettext("narrative", "models and exemplars")
        return ngettext("model", "models", count)

    def count(self, count: int, qualifier: str = "", *, suffix: bool = False) -> str:
        """ "114 mô hình", "99 mô hình tập thể", with the area suffix when asked."""
        noun = self.noun(count)
        if qualifier:
            text = _("%(count)s %(qualifier)s %(noun)s") % {
                "count": format_number(count),
                "qualifier": qualifier,
                "noun": noun,
            }
        else:
            text = _("%(count)s %(noun)s") % {"count": format_number(count), "noun": noun}
        return f"{text} {self.suffix}" if suffix and self.suffix else text


def built(context: NarrativeContext) -> str:
    words = Words(context)
    total = context.value("registered")
    collective = context.value("collective")
    individual = context.value("individual")
    where = {"period": context.period_label, "scope": context.scope_phrase}
    if total == 0:
        what = words.noun(0)
        if words.suffix:
            what = f"{what} {words.suffix}"
        return _("In %(period)s, %(scope)s has not built any %(what)s yet.") % {
            **where,
            "what": what,
        }
    if collective and individual:
        return _("In %(period)s, %(scope)s built %(total)s, of which %(first)s and %(second)s.") % {
            **where,
            "total": words.count(total, suffix=True),
            "first": words.count(collective, pgettext("narrative", "collective")),
            "second": words.count(individual, pgettext("narrative", "individual")),
        }
    qualifier = ""
    if collective == total:
        qualifier = pgettext("narrative", "collective")
    elif individual == total:
        qualifier = pgettext("narrative", "individual")
    return _("In %(period)s, %(scope)s built %(total)s.") % {
        **where,
        "total": words.count(total, qualifier, suffix=True),
    }


def compared(context: NarrativeContext) -> str:
    words = Words(context)
    figure = context.figures["registered"]
    if not figure.previous:
        return ""
    values = {"comparison": context.comparison_label, "previous": words.count(figure.previous)}
    if figure.change == 0:
        return _("The same number as in %(comparison)s (%(previous)s).") % values
    values |= {
        "change": words.count(abs(figure.change)),
        "percent": format_percent(abs(figure.percent)),
    }
    if figure.change > 0:
        return _("Compared with %(comparison)s (%(previous)s), %(change)s more (%(percent)s).") % (
            values
        )
    return _("Compared with %(comparison)s (%(previous)s), %(change)s fewer (%(percent)s).") % (
        values
    )


def statuses(context: NarrativeContext) -> str:
    words = Words(context)
    parts = []
    if active := context.value("active"):
        parts.append(
            ngettext("%(what)s is being carried out", "%(what)s are being carried out", active)
            % {"what": words.count(active)}
        )
    if ended := context.value("ended"):
        parts.append(
            ngettext("%(what)s has ended", "%(what)s have ended", ended)
            % {"what": words.count(ended)}
        )
    if replicated := context.value("replicated"):
        parts.append(
            ngettext(
                "%(what)s replicates a model from elsewhere",
                "%(what)s replicate models from elsewhere",
                replicated,
            )
            % {"what": words.count(replicated)}
        )
    if not parts:
        return ""
    end = context.period_end
    if end is not None and end < timezone.localdate():
        # The statuses are those at the end of the period (measures.status_on), not today's.
        return _("As of %(day)s, %(parts)s.") % {
            "day": format_date(end),
            "parts": _(", ").join(parts),
        }
    return _("To date, %(parts)s.") % {"parts": _(", ").join(parts)}


def areas(context: NarrativeContext) -> str:
    minority = context.value("ethnic_minority")
    if not minority or "ethnic_minority" in context.areas:
        return ""
    return ngettext(
        "%(what)s is in an ethnic-minority area.",
        "%(what)s are in ethnic-minority areas.",
        minority,
    ) % {"what": Words(context).count(minority)}


def register() -> None:
    for key, about, write, reads, order in (
        ("initiatives-built", ("registered",), built, ("collective", "individual"), 10),
        ("initiatives-compared", ("registered",), compared, (), 20),
        ("initiatives-statuses", ("active", "ended", "replicated"), statuses, (), 30),
        ("initiatives-areas", ("registered",), areas, ("ethnic_minority",), 50),
    ):
        registry.register_narrative(
            registry.NarrativePart(
                key=key, about=about, write=write, reads=(*reads, *KINDS), order=order
            )
        )
