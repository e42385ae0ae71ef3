"""The sentence the activities with the people contribute to a report's narrative:

    Trong quý II năm 2022, toàn huyện tổ chức 24 đợt hoạt động với Nhân dân tại cơ sở, thu hút
    1.250 lượt cán bộ, đảng viên tham gia, tiếp cận 3.000 lượt người dân; kết quả: 3.500 m
    đường bê tông làm mới, 1.200 cây xanh trồng mới.

One activity: "1 đợt hoạt động"; nobody counted or no work: that part is left out. None held:
said only in a report about activities alone ("… chưa tổ chức đợt hoạt động nào …"); a report
of every measure with no activity says nothing of them, as it says nothing of what is not
there."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.activities.catalogues import WORK_KINDS
from danvan.activities.models import WorkKind
from danvan.core import measures as registry
from danvan.core.formatting import format_number
from danvan.core.measures import NarrativeContext

HELD = ("activities_held", "participants", "people_reached")


def _work_codes() -> dict[str, str]:
    from danvan.activities.measures import WORK_MEASURES

    return WORK_MEASURES


def held(context: NarrativeContext) -> str:
    count = context.value("activities_held")
    where = {"period": context.period_label, "scope": context.scope_phrase}
    if not count:
        about_activities_only = all(
            registry.get_measure(code).app == "activities"
            for code in context.figures
            if code in {m.code for m in registry.measures()}
        )
        if not about_activities_only:
            return ""
        return _("In %(period)s, %(scope)s has not held any activity with the people yet.") % where
    text = ngettext(
        "In %(period)s, %(scope)s held %(count)s activity with the people at the grassroots",
        "In %(period)s, %(scope)s held %(count)s activities with the people at the grassroots",
        count,
    ) % {**where, "count": format_number(count)}
    if participants := context.value("participants"):
        text += ngettext(
            ", drawing %(count)s participation of cadres and party members",
            ", drawing %(count)s participations of cadres and party members",
            participants,
        ) % {"count": format_number(participants)}
    if reached := context.value("people_reached"):
        text += ngettext(", reaching %(count)s person", ", reaching %(count)s people", reached) % {
            "count": format_number(reached)
        }
    works = _works(context)
    if works:
        text += _("; results: %(works)s") % {"works": ", ".join(works)}
    return text + "."


def _works(context: NarrativeContext) -> list[str]:
    """ "3.500 m đường bê tông làm mới", in the catalogue's order; the names as staff keep
    them (one query, only when some work was done)."""
    done = {
        kind: context.value(code) for code, kind in _work_codes().items() if context.value(code)
    }
    if not done:
        return []
    kinds = {kind.code: kind for kind in WorkKind.objects.filter(code__in=done)}
    phrases = []
    for code, _name, _unit, _money in WORK_KINDS:
        if code in done and code in kinds:
            kind = kinds[code]
            phrases.append(work_phrase(kind, Decimal(str(done[code]))))
    return phrases


def work_phrase(kind: WorkKind, value: Decimal) -> str:
    """ "1.200 m đường nội đồng bê tông"; a name that begins with its unit says it once:
    "350 cây xanh trồng mới", "120 ngày công" (not "350 cây cây xanh…")."""
    amount = kind.amount(value)
    name = kind.name[:1].lower() + kind.name[1:]
    unit = kind.unit.lower()
    if not kind.is_money and (name == unit or name.startswith(unit + " ")):
        number = amount[: -len(kind.unit)].strip()
        return f"{number} {name}"
    return f"{amount} {name}"


def register() -> None:
    registry.register_narrative(
        registry.NarrativePart(
            key="activities-held",
            about=HELD,
            write=held,
            reads=(*HELD, *_work_codes()),
            order=200,
        )
    )
