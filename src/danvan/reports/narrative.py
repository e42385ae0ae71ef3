"""The paragraph a Party report opens its results with, written from the figures:

    Trong 10 tháng năm 2022, toàn huyện xây dựng được 114 mô hình, trong đó có 99 mô hình tập
    thể và 15 mô hình cá nhân.

Each sentence is said only when it has something to say: nothing built ("chưa xây dựng được mô
hình nào"), one subject only ("1 mô hình tập thể", no "trong đó"), a comparison only when the
previous period had any, statuses and areas only when not zero. Numbers are written the
Vietnamese way (1.234). The words are English msgids translated in the Vietnamese catalogue;
files and the command line write them in Vietnamese."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from danvan.core.formatting import format_number, format_percent
from danvan.reports.enums import Dimension
from danvan.reports.figures import Report

AREA_SUFFIX = {
    Dimension.ETHNIC_MINORITY: lambda: pgettext("narrative", "in ethnic-minority areas"),
    Dimension.RELIGIOUS: lambda: pgettext("narrative", "in religious areas"),
    Dimension.BORDER: lambda: pgettext("narrative", "in border areas"),
}


class _Words:
    def __init__(self, report: Report):
        summary = report.summary
        self.models = summary["model"].value
        self.exemplars = summary["exemplar"].value
        self.suffix = " ".join(AREA_SUFFIX[area]() for area in report.areas)

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


def _built(report: Report, words: _Words) -> str:
    total = report.total.figures["registered"].value
    collective = report.summary["collective"].value
    individual = report.summary["individual"].value
    context = {"period": report.period.label(), "scope": report.scope_phrase}
    if total == 0:
        what = words.noun(0)
        if words.suffix:
            what = f"{what} {words.suffix}"
        return _("In %(period)s, %(scope)s has not built any %(what)s yet.") % {
            **context,
            "what": what,
        }
    if collective and individual:
        return _("In %(period)s, %(scope)s built %(total)s, of which %(first)s and %(second)s.") % {
            **context,
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
        **context,
        "total": words.count(total, qualifier, suffix=True),
    }


def _compared(report: Report, words: _Words) -> str:
    figure = report.total.figures["registered"]
    if not figure.previous:
        return ""
    context = {
        "comparison": report.period.comparison_label(),
        "previous": words.count(figure.previous),
    }
    if figure.change == 0:
        return _("The same number as in %(comparison)s (%(previous)s).") % context
    context |= {
        "change": words.count(abs(figure.change)),
        "percent": format_percent(abs(figure.percent)),
    }
    if figure.change > 0:
        return _("Compared with %(comparison)s (%(previous)s), %(change)s more (%(percent)s).") % (
            context
        )
    return _("Compared with %(comparison)s (%(previous)s), %(change)s fewer (%(percent)s).") % (
        context
    )


def _statuses(report: Report, words: _Words) -> str:
    figures = report.total.figures
    parts = []
    if active := figures["active"].value:
        parts.append(
            ngettext("%(what)s is being carried out", "%(what)s are being carried out", active)
            % {"what": words.count(active)}
        )
    if ended := figures["ended"].value:
        parts.append(
            ngettext("%(what)s has ended", "%(what)s have ended", ended)
            % {"what": words.count(ended)}
        )
    if replicated := figures["replicated"].value:
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
    return _("To date, %(parts)s.") % {"parts": _(", ").join(parts)}


def _areas(report: Report, words: _Words) -> str:
    minority = report.summary["ethnic_minority"].value
    if not minority or Dimension.ETHNIC_MINORITY in report.areas:
        return ""
    return ngettext(
        "%(what)s is in an ethnic-minority area.",
        "%(what)s are in ethnic-minority areas.",
        minority,
    ) % {"what": words.count(minority)}


def _recognised(report: Report, words: _Words) -> str:
    figures = report.total.figures
    recognised = figures["recognised"].value
    if not recognised:
        return ""
    levels = [
        (_("commune level"), figures["recognised_commune"].value),
        (_("district level"), figures["recognised_district"].value),
        (_("province level"), figures["recognised_province"].value),
        (_("central level"), figures["recognised_central"].value),
    ]
    detail = _(", ").join(
        _("%(level)s %(count)s") % {"level": level, "count": format_number(count)}
        for level, count in levels
        if count
    )
    sentence = ngettext(
        "%(what)s was recognised (%(levels)s)",
        "%(what)s were recognised (%(levels)s)",
        recognised,
    ) % {"what": words.count(recognised), "levels": detail}
    if outstanding := figures["outstanding"].value:
        sentence = _("%(sentence)s, of which %(count)s outstanding") % {
            "sentence": sentence,
            "count": format_number(outstanding),
        }
    return f"{sentence}."


def write_narrative(report: Report) -> str:
    words = _Words(report)
    sentences = [
        _built(report, words),
        _compared(report, words),
        _statuses(report, words),
        _recognised(report, words),
        _areas(report, words),
    ]
    return " ".join(sentence for sentence in sentences if sentence)
