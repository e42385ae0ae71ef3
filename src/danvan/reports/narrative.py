"""The paragraph a Party report opens its results with, written from the figures:

    Trong 10 tháng năm 2022, toàn huyện xây dựng được 114 mô hình, trong đó có 99 mô hình tập
    thể và 15 mô hình cá nhân.

The sentences come from the apps that own the measures (``danvan.core.measures``): the narrative
parts they register (several figures in one sentence, in their order) and each chosen measure's
own ``Sentence`` (zero / one / many). Each sentence is said only when it has something to say.
The words are English msgids translated in the Vietnamese catalogue; files and the command line
write them in Vietnamese."""

from danvan.core import measures as registry
from danvan.core.formatting import format_number
from danvan.reports.figures import Report


def _parts(codes) -> list[registry.NarrativePart]:
    chosen = set(codes)
    return [part for part in registry.narrative_parts() if chosen.intersection(part.about)]


def narrative_reads(codes) -> list[str]:
    """The measures the narrative of a report of these measures reads, in order, each once."""
    reads: dict[str, None] = {}
    for part in _parts(codes):
        reads.update(dict.fromkeys((*part.about, *part.reads)))
    return [code for code in reads if code in {m.code for m in registry.measures()}]


def _own_sentence(measure: registry.Measure, context: registry.NarrativeContext) -> str:
    value = context.value(measure.code)
    words = {"scope": context.scope_phrase, "period": context.period_label}
    if not value:
        return str(measure.sentence.zero) % words if measure.sentence.zero else ""
    return measure.sentence.many % {"count": value, "number": format_number(value), **words}


def write_narrative(report: Report) -> str:
    context = registry.NarrativeContext(
        period_label=report.period.label(),
        comparison_label=report.period.comparison_label(),
        scope_phrase=report.scope_phrase,
        areas=tuple(report.areas),
        figures={**report.summary, **report.total.figures},
        period_end=report.period.end,
    )
    sentences = [part.write(context) for part in _parts(report.measures)]
    for code in report.measures:
        measure = registry.get_measure(code)
        if measure.sentence is not None:
            sentences.append(_own_sentence(measure, context))
    return " ".join(sentence for sentence in sentences if sentence)
