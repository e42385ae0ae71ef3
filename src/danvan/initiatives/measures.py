"""What can be counted of the models and exemplars, declared for the measures registry
(``danvan.core.measures``; registered by ``InitiativesConfig.ready()``).

The source: the initiatives the user may see (``initiatives_visible_to``) that count as
registered (not a draft, not withdrawn), dated by their registration (the start date when it
lies in the year registered, else 1 January of that year: ``queries.registered_between``),
placed where they were carried out (``place``; today's unit: ``place_today`` when set, else the
place's ``today_path``) and owned by their ``owner_organization``. The measures count those
registered in the period, and of them those being carried out, ended, replicating a model…
A status is the one the initiative had at the end of the period (``status_on``: the last change
of its history up to that day), so a 2022 report printed today shows 2022's states. The
narrative's opening sentences are written in ``danvan.initiatives.narrative``; the drafts
waiting are the dashboard's pending work."""

from datetime import date, datetime, time, timedelta

from django.db.models import CharField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from danvan.core import measures as registry
from danvan.core.formatting import format_number
from danvan.core.measures import Dimension, Filter, Measure
from danvan.initiatives import queries
from danvan.initiatives.enums import Kind, Status, Subject
from danvan.initiatives.models import StatusChange
from danvan.organizations.queries import organization_kind_labels

SOURCE = "initiatives"
TITLE = _("Models and exemplars of “Skilful mass mobilisation”, %(period)s")

# The area flags: (code, field, dimension label, label of the flagged group, narrative phrase).
AREAS = (
    (
        "ethnic_minority",
        "ethnic_minority_area",
        _("Ethnic-minority area"),
        _("Ethnic-minority areas"),
        pgettext_lazy("narrative", "in ethnic-minority areas"),
    ),
    (
        "religious",
        "religious_area",
        _("Religious area"),
        _("Religious areas"),
        pgettext_lazy("narrative", "in religious areas"),
    ),
    (
        "border",
        "border_area",
        _("Border area"),
        _("Border areas"),
        pgettext_lazy("narrative", "in border areas"),
    ),
)


def _flag_labels(flagged):
    return lambda: {True: str(flagged), False: str(_("Other areas"))}


def _choices(enum):
    return lambda: dict(enum.choices)


def dimensions(prefix: str = "") -> tuple[Dimension, ...]:
    """What an initiative can be grouped by; ``prefix`` reaches it from another model's records
    ("initiative__": a recognition is grouped by its initiative)."""
    return (
        Dimension(
            "field",
            _("Field of work"),
            lookup=f"{prefix}fields__id",
            name_lookup=f"{prefix}fields__name",
            none_label=pgettext_lazy("report", "(no field of work)"),
            many=True,  # an initiative may have several fields of work
        ),
        Dimension("kind", _("Model or exemplar"), f"{prefix}kind", labels=_choices(Kind)),
        Dimension(
            "subject", _("Collective or individual"), f"{prefix}subject", labels=_choices(Subject)
        ),
        Dimension(
            "status",
            _("Status"),
            f"{prefix}status",
            labels=_choices(Status),
            as_of=lambda day: status_on(day, prefix),  # as on the period's last day
        ),
        *(
            Dimension(code, label, f"{prefix}{field}", labels=_flag_labels(flagged), flag=True)
            for code, field, label, flagged, _phrase in AREAS
        ),
        Dimension(
            "organization_kind",
            _("Kind of organisation carrying it out"),
            f"{prefix}owner_organization__kind",
            labels=organization_kind_labels,
        ),
    )


def filters(prefix: str = "") -> tuple[Filter, ...]:
    return tuple(
        Filter(code, label, f"{prefix}{field}", phrase)
        for code, field, label, _flagged, phrase in AREAS
    )


def _records(user):
    found = queries.initiatives_visible_to(user) if user is not None else queries.all_initiatives()
    return found.filter(status__in=queries.COUNTED_STATUSES)


def _registered(start, end) -> Q:
    return queries.registered_between(start, end, with_status=False)


def _where(**lookups):
    return lambda: Q(**lookups)


def status_on(day: date, prefix: str = ""):
    """An initiative's status at the end of ``day``, from its history: the status the last
    change up to that day led to; with no change by then, the status the first later change
    left; with no history at all, today's status. Correlated subqueries on the history's
    index, inside the report's single GROUP BY; ``prefix`` reaches the initiative from another
    model's records ("initiative__")."""
    bound = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    history = StatusChange.objects.filter(initiative=OuterRef(f"{prefix}pk"))
    before = history.filter(changed_at__lt=bound).order_by("-changed_at", "-id")
    after = history.filter(changed_at__gte=bound).order_by("changed_at", "id")
    return Coalesce(
        Subquery(before.values("to_status")[:1]),
        NullIf(Subquery(after.values("from_status")[:1]), Value("")),
        F(f"{prefix}status"),
        output_field=CharField(),
    )


def _status(status: str):
    """A status measure: today's status without a period, else the one at the period's end."""
    return lambda day: Q(Exact(status_on(day), Value(status)))


STATUS_MEASURES = {
    "active": Status.ACTIVE,
    "ended": Status.ENDED,
    "suspended": Status.SUSPENDED,
}

MEASURES = (
    # code, label, condition, shown by default, on the home page
    ("registered", pgettext_lazy("report measure", "Registered"), Q, True, True),
    (
        "active",
        pgettext_lazy("report measure", "Being carried out"),
        _where(status=Status.ACTIVE),
        True,
        True,
    ),
    (
        "replicated",
        pgettext_lazy("report measure", "Replicating another model"),
        _where(replicated_from__isnull=False),
        True,
        False,
    ),
    ("ended", pgettext_lazy("report measure", "Ended"), _where(status=Status.ENDED), True, False),
    (
        "suspended",
        pgettext_lazy("report measure", "Being strengthened"),
        _where(status=Status.SUSPENDED),
        False,
        False,
    ),
    # What the narrative reads ("trong đó có 99 mô hình tập thể…"), on demand in a table.
    ("collective", Subject.COLLECTIVE.label, _where(subject=Subject.COLLECTIVE), False, False),
    ("individual", Subject.INDIVIDUAL.label, _where(subject=Subject.INDIVIDUAL), False, False),
    ("model", Kind.MODEL.label, _where(kind=Kind.MODEL), False, False),
    ("exemplar", Kind.EXEMPLAR.label, _where(kind=Kind.EXEMPLAR), False, False),
    *(
        (code, flagged, _where(**{field: True}), False, False)
        for code, field, _label, flagged, _phrase in AREAS
    ),
)


# Harmless counts, shown on the public portal's figures per province.
PUBLIC = frozenset({"registered", "replicated"})

# The statuses counted as they were at the end of the period.
AS_OF = {code: _status(status) for code, status in STATUS_MEASURES.items()}


def _drafts(count: int) -> str:
    return ngettext(
        "%(shown)s draft model or exemplar to complete and register",
        "%(shown)s draft models and exemplars to complete and register",
        count,
    ) % {"shown": format_number(count)}


def register() -> None:
    from danvan.core import registry as shell
    from danvan.initiatives import narrative

    registry.register_source(
        registry.Source(
            code=SOURCE,
            app="initiatives",
            label=_("Models and exemplars"),
            title=TITLE,
            records=_records,
            dated=_registered,
            place="place",
            place_today="place_today",
            owner="owner_organization",
            dimensions=dimensions(),
            filters=filters(),
        )
    )
    for order, (code, label, condition, default, dashboard) in enumerate(MEASURES, start=1):
        registry.register_measure(
            Measure(
                code=code,
                label=label,
                source=SOURCE,
                condition=condition,
                as_of=AS_OF.get(code),
                default=default,
                dashboard=dashboard,
                public=code in PUBLIC,
                order=10 * order,
            )
        )
    narrative.register()
    shell.register_pending_work(
        shell.PendingWork(
            key="initiatives-drafts",
            count=lambda user: queries.drafts_count(queries.initiatives_visible_to(user)),
            text=_drafts,
            empty=_("No drafts waiting."),
            url_name="initiatives:initiative-list",
            query="status=draft",
        )
    )
