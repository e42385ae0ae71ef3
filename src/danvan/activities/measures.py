"""What can be counted of the activities with the people, declared for the measures registry
(``danvan.core.measures``; registered from ``ActivitiesConfig.ready()``).

Three sources, so that each is one ``GROUP BY`` without rows multiplying one another:

- ``activities``: the activities the user may see (``activities_visible_to``), dated by their
  first day, placed at their main place (today's unit: ``place_today`` when set, else the
  place's ``today_path``), owned by their first organiser. Measures ``activities_held`` (their
  number) and ``people_reached`` (lượt người dân);
- ``activity_participants``: their head-counts (``participants``, summed), groupable by the
  category of participants too;
- ``activity_works``: the works done, one measure a kind of work of the default catalogue
  (``work_concrete_road``, ``work_trees``… summed in the kind's unit), groupable by kind of
  work. A kind staff add later is counted through that grouping.

Every source offers the kind of activity, the campaign and the kind of organisation of its
first organiser as groupings, with the same codes, so the three share a table.

A fourth, ``activities_rollup``, is the monthly rollup of the three (``ActivityMonth``, kept by
``services.rollup``: by month, province as it was and of today, kind and campaign): the engine
counts every measure from it, in one ``GROUP BY`` without joins, when the report allows —
whole months; the whole country or a province, grouped at most by province; by the kind of
activity or the campaign, not by category of participants, kind of work or organisation; for
the system or an administrator of everything (``core.measures.counted_as``)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.activities import queries
from danvan.activities.catalogues import WORK_KINDS
from danvan.activities.models import Activity, ActivityMonth, Headcount, Work
from danvan.core import measures as registry
from danvan.core.measures import Dimension, Measure
from danvan.organizations.queries import organization_kind_labels

TITLE = _("Activities with the people, %(period)s")
ORDER = 400  # initiatives use 10–120, reviews 210–260
ROLLUP = "activities_rollup"


def work_measure_code(kind_code: str) -> str:
    """ "concrete-road" → "work_concrete_road"."""
    return "work_" + kind_code.replace("-", "_")


WORK_MEASURES = {work_measure_code(code): code for code, _name, _unit, _money in WORK_KINDS}


def dimensions(prefix: str = "") -> tuple[Dimension, ...]:
    return (
        Dimension(
            "activity_kind",
            _("Kind of activity"),
            lookup=f"{prefix}kind__id",
            name_lookup=f"{prefix}kind__name",
        ),
        Dimension(
            "campaign",
            _("Campaign"),
            lookup=f"{prefix}campaign__id",
            name_lookup=f"{prefix}campaign__name",
            none_label=pgettext_lazy("report", "(no campaign)"),
        ),
        Dimension(
            "organization_kind",
            _("Kind of organisation carrying it out"),
            f"{prefix}organiser__kind",
            labels=organization_kind_labels,
        ),
    )


def _activities(user):
    return queries.activities_visible_to(user) if user is not None else Activity.objects.all()


def _rows_of(model):
    """Rows hanging on the activities the user may see (all for the system)."""

    def records(user):
        if user is None or user.is_superuser:
            return model.objects.all()
        return model.objects.filter(activity__in=_activities(user).values("pk"))

    return records


def _dated(prefix: str = ""):
    return lambda start, end: Q(**{f"{prefix}start_date__range": (start, end)})


def register() -> None:
    from danvan.activities import narrative

    common = {"app": "activities", "title": TITLE}
    rolled = {"rollup": ROLLUP, **common}
    registry.register_source(
        registry.Source(
            code=ROLLUP,
            label=_("Activities with the people"),
            records=lambda user: ActivityMonth.objects.all(),
            dated=lambda start, end: Q(month__range=(start, end)),
            place="",
            paths=("path", "today_path"),
            place_depth=ActivityMonth.DEPTH,
            dimensions=dimensions()[:2],  # the kind of activity, the campaign
            **common,
        )
    )
    registry.register_source(
        registry.Source(
            code="activities",
            label=_("Activities with the people"),
            records=_activities,
            dated=_dated(),
            place="place",
            place_today="place_today",
            owner="organiser",
            dimensions=dimensions(),
            **rolled,
        )
    )
    registry.register_source(
        registry.Source(
            code="activity_participants",
            label=_("Participants in activities with the people"),
            records=_rows_of(Headcount),
            dated=_dated("activity__"),
            place="activity__place",
            place_today="activity__place_today",
            owner="activity__organiser",
            dimensions=(
                *dimensions("activity__"),
                Dimension(
                    "participant_category",
                    _("Category of participants"),
                    lookup="category__id",
                    name_lookup="category__name",
                ),
            ),
            **rolled,
        )
    )
    registry.register_source(
        registry.Source(
            code="activity_works",
            label=_("Works done with the people"),
            records=_rows_of(Work),
            dated=_dated("activity__"),
            place="activity__place",
            place_today="activity__place_today",
            owner="activity__organiser",
            dimensions=(
                *dimensions("activity__"),
                Dimension(
                    "work_kind", _("Kind of work"), lookup="kind__id", name_lookup="kind__name"
                ),
            ),
            **rolled,
        )
    )
    registry.register_measure(
        Measure(
            code="activities_held",
            public=True,
            label=pgettext_lazy("report measure", "Activities with the people"),
            source="activities",
            order=ORDER,
            rollup_sum="activities",
        )
    )
    registry.register_measure(
        Measure(
            code="participants",
            public=True,
            label=pgettext_lazy("report measure", "Participants"),
            source="activity_participants",
            sum_of="count",
            order=ORDER + 10,
            rollup_sum="headcount",
        )
    )
    registry.register_measure(
        Measure(
            code="people_reached",
            public=True,
            label=pgettext_lazy("report measure", "People reached"),
            source="activities",
            sum_of="reached",
            order=ORDER + 20,
            rollup_sum="reached",
        )
    )
    for order, (code, name, unit, _money) in enumerate(WORK_KINDS, start=1):
        registry.register_measure(
            Measure(
                code=work_measure_code(code),
                label=f"{name} ({unit})",
                source="activity_works",
                condition=_kind_is(code),
                sum_of="quantity",
                rollup_sum="quantity",
                rollup_condition=_kind_is(code, "work_kind"),
                default=False,
                order=ORDER + 30 + order,
            )
        )
    narrative.register()


def _kind_is(code: str, kind: str = "kind"):
    return lambda: Q(**{f"{kind}__code": code})
