"""Reads of periodic reports: one selector per model, what a user reports and receives, and the
completeness board of a receiving level (who has reported, on time or late, who not yet)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from danvan.accounts.enums import EDIT_ROLES, MANAGE_ROLES, READ_ROLES
from danvan.accounts.queries import grants_of, organization_scope_q, unit_scope_q
from danvan.reports.periods import Period
from danvan.submissions.enums import Decision, Standing, Status
from danvan.submissions.models import (
    Obligation,
    ReportTemplate,
    Submission,
    SubmittedVersion,
)
from danvan.territory.enums import TYPE_PREFIX, type_label
from danvan.territory.queries import ancestor_paths


def _reporter_q(user, prefix: str = "") -> Q:
    return unit_scope_q(user, roles=READ_ROLES, field=f"{prefix}unit") | organization_scope_q(
        user, roles=READ_ROLES, field=f"{prefix}organization"
    )


def obligations_visible_to(user) -> QuerySet:
    """Obligations whose reporting unit or organisation is in the user's scope (the level above
    sees those of its units: they are in its subtree)."""
    queryset = Obligation.objects.select_related(
        "template", "unit", "organization", "receiver_unit", "receiver_organization"
    )
    if user.is_superuser:
        return queryset
    return queryset.filter(_reporter_q(user))


def submissions_visible_to(user) -> QuerySet:
    queryset = Submission.objects.select_related(
        "obligation__template",
        "obligation__unit",
        "obligation__organization",
        "obligation__receiver_unit",
        "obligation__receiver_organization",
    )
    if user.is_superuser:
        return queryset
    return queryset.filter(_reporter_q(user, "obligation__"))


def templates_visible_to(user) -> QuerySet:
    """Templates made in the user's scope or above it, and those of obligations the user sees."""
    if user.is_superuser:
        return ReportTemplate.objects.all()
    above = {
        path
        for grant in grants_of(user)
        if grant.unit_id and grant.role in READ_ROLES
        for path in (*ancestor_paths(grant.unit.path), grant.unit.path)
    }
    obligations = obligations_visible_to(user).filter(template=OuterRef("pk"))
    return ReportTemplate.objects.filter(
        unit_scope_q(user, roles=READ_ROLES, field="owner_unit")
        | Q(owner_unit__path__in=above)
        | Q(Exists(obligations))
    )


def obligations_of(user) -> QuerySet:
    """What the user reports: obligations of the very units and organisations the user holds an
    editing grant on."""
    units = [g.unit_id for g in grants_of(user) if g.role in EDIT_ROLES and g.unit_id]
    orgs = [
        g.organization_id for g in grants_of(user) if g.role in EDIT_ROLES and g.organization_id
    ]
    return obligations_visible_to(user).filter(
        Q(unit_id__in=units) | Q(organization_id__in=orgs), template__active=True
    )


def received_q(user, prefix: str = "") -> Q:
    """Obligations reporting to a level the user manages (a managing grant covering it)."""
    condition = unit_scope_q(user, roles=MANAGE_ROLES, field=f"{prefix}receiver_unit")
    return condition | organization_scope_q(
        user, roles=MANAGE_ROLES, field=f"{prefix}receiver_organization"
    )


def obligations_received_by(user) -> QuerySet:
    queryset = obligations_visible_to(user)
    return queryset if user.is_superuser else queryset.filter(received_q(user))


def waiting_for_review(user) -> QuerySet:
    """Submitted reports waiting for the user's decision."""
    queryset = submissions_visible_to(user).filter(status=Status.SUBMITTED)
    return queryset if user.is_superuser else queryset.filter(received_q(user, "obligation__"))


def versions_of(submission) -> list[SubmittedVersion]:
    return list(submission.versions.select_related("submitted_by", "decided_by").order_by("number"))


def submission_for(obligation, period: Period) -> Submission | None:
    return Submission.objects.filter(
        obligation=obligation, period_start=period.start, period_end=period.end
    ).first()


def valid_on(day: date, prefix: str = "unit") -> Q:
    """Units (or organisations) existing on ``day``: a period is reported by the units that
    exist on its last day (before 1/7/2025 the old map, after it today's)."""
    return (
        Q(**{f"{prefix}__valid_from__isnull": True}) | Q(**{f"{prefix}__valid_from__lte": day})
    ) & (Q(**{f"{prefix}__valid_to__isnull": True}) | Q(**{f"{prefix}__valid_to__gte": day}))


def due_obligations(queryset: QuerySet, period: Period) -> QuerySet:
    """The obligations reporting for ``period``: their unit or organisation exists on its
    last day."""
    end = period.end
    return queryset.filter(
        (Q(unit__isnull=False) & valid_on(end, "unit"))
        | (Q(organization__isnull=False) & valid_on(end, "organization"))
    )


# ---- completeness -------------------------------------------------------------------------------


# The values as plain strings: a board judges 3,321 rows, and reading a member of a
# ``TextChoices`` class costs a look-up through its metaclass each time.
_ACCEPTED, _RETURNED = Status.ACCEPTED.value, Status.RETURNED.value
_STANDINGS = {_ACCEPTED: Standing.ACCEPTED.value, _RETURNED: Standing.RETURNED.value}
_OVERDUE, _NOT_YET = Standing.OVERDUE.value, Standing.NOT_YET.value
_LATE, _ON_TIME = Standing.LATE.value, Standing.ON_TIME.value


def standing_of(submission, *, due: date, today: date) -> str:
    if submission is None or not submission.sent:
        return _OVERDUE if today > due else _NOT_YET
    standing = _STANDINGS.get(submission.status)
    if standing is not None:
        return standing
    return _LATE if submission.late else _ON_TIME


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """What a board needs of a reporting unit (read with ``values()``: thousands of rows)."""

    pk: int
    name: str
    unit_type: str
    path: str
    today_path: str
    latitude: float | None
    longitude: float | None

    @property
    def full_name(self) -> str:
        prefix = TYPE_PREFIX.get(self.unit_type) or type_label(self.unit_type)
        text = f"{prefix} {self.name}"
        return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class ObligationRow:
    pk: int
    unit: PlaceRow | None
    organization_id: int | None
    organization_name: str

    @property
    def unit_id(self) -> int | None:
        return self.unit.pk if self.unit is not None else None

    def reporter_name(self) -> str:
        return self.unit.full_name if self.unit is not None else self.organization_name


@dataclass(frozen=True, slots=True)
class SubmissionRow:
    pk: int
    status: str
    sent: bool  # ever submitted (first_submitted_at set)
    submitted_at: object
    late: bool


@dataclass
class BoardRow:
    obligation: ObligationRow
    submission: SubmissionRow | None
    standing: str

    @property
    def standing_label(self) -> str:
        return str(Standing(self.standing).label)


@dataclass
class Board:
    period: Period
    due: date
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    def count(self, standing: str) -> int:
        return sum(1 for row in self.rows if row.standing == standing)

    @property
    def reported(self) -> int:
        return sum(1 for row in self.rows if row.submission and row.submission.sent)

    @property
    def percent(self) -> float | None:
        return self.reported * 100 / self.total if self.total else None

    def counts(self) -> list[dict]:
        return [
            {"standing": value, "label": label, "count": self.count(value)}
            for value, label in Standing.choices
        ]


OBLIGATION_FIELDS = (
    "id",
    "unit_id",
    "unit__name",
    "unit__unit_type",
    "unit__path",
    "unit__today_path",
    "unit__latitude",
    "unit__longitude",
    "organization_id",
    "organization__name",
)


def _obligation_row(values: tuple) -> ObligationRow:
    """An obligation from a row of ``OBLIGATION_FIELDS`` (a tuple, in that order)."""
    pk, unit_id, name, unit_type, path, today_path, latitude, longitude = values[:8]
    unit = None
    if unit_id:
        unit = PlaceRow(unit_id, name, unit_type, path, today_path, latitude, longitude)
    return ObligationRow(pk, unit, values[8], values[9] or "")


def completeness(obligations: QuerySet, *, period: Period, due: date, today: date) -> Board:
    """Each obligation due for the period with where it stands: two queries whatever the
    number of units, read as plain rows (a country's 3,321 communes in one board)."""
    due_queryset = due_obligations(obligations, period)
    due_ones = due_queryset.order_by("unit__name_folded", "organization__name_folded", "id")
    found = Submission.objects.filter(
        obligation__in=due_queryset.values("pk"),
        period_start=period.start,
        period_end=period.end,
    ).values_list(
        "obligation_id",
        "id",
        "status",
        ExpressionWrapper(Q(first_submitted_at__isnull=False), output_field=BooleanField()),
        "submitted_at",
        "late",
    )
    # Whether it was ever sent, as a boolean: half the time stamps to read for a country.
    submissions = {row[0]: SubmissionRow(*row[1:]) for row in found}
    rows = []
    for values in due_ones.values_list(*OBLIGATION_FIELDS):
        submission = submissions.get(values[0])
        standing = standing_of(submission, due=due, today=today)
        rows.append(BoardRow(_obligation_row(values), submission, standing))
    return Board(period=period, due=due, rows=rows)


@dataclass(frozen=True, slots=True)
class AcceptedRow:
    obligation_id: int
    number: int
    figures: list
    indicators: list
    sections: list


def accepted_versions(obligations: QuerySet, period: Period) -> list[AcceptedRow]:
    """The accepted version of each accepted submission for the period (what consolidation
    sums): one query, plain rows."""
    found = SubmittedVersion.objects.filter(
        submission__obligation__in=obligations.values("pk"),
        submission__period_start=period.start,
        submission__period_end=period.end,
        submission__status=Status.ACCEPTED,
        decision=Decision.ACCEPTED,
    ).values_list("submission__obligation_id", "number", "figures", "indicators", "sections")
    return [AcceptedRow(*row) for row in found]


# ---- what a unit has to report ------------------------------------------------------------------


@dataclass
class Due:
    obligation: Obligation
    period: Period
    due: date
    submission: Submission | None
    standing: str

    @property
    def to_send(self) -> bool:
        """Ended and not sent (or returned): pending work for the unit."""
        return self.standing in (Standing.NOT_YET, Standing.OVERDUE, Standing.RETURNED) and (
            self.submission is None or self.submission.status != Status.SUBMITTED
        )

    @property
    def standing_label(self) -> str:
        return str(Standing(self.standing).label)


def my_periods(user, *, today: date, obligations: QuerySet | None = None) -> list[Due]:
    """The periods of last year and this year the user's units report on, ended or running
    (only those their unit existed at the end of), earliest deadline first. Two queries."""
    from danvan.submissions.periods import deadline, periods_of

    chosen = list(obligations if obligations is not None else obligations_of(user))
    wanted = []
    for obligation in chosen:
        reporter = obligation.reporter
        for period in periods_of(obligation.template, (today.year - 1, today.year)):
            if period.start > today:
                continue
            if reporter.valid_from and reporter.valid_from > period.end:
                continue
            if reporter.valid_to and reporter.valid_to < period.end:
                continue
            wanted.append((obligation, period, deadline(period, obligation.template.deadline_day)))
    found = {}
    if wanted:
        condition = Q(pk__in=[])
        for obligation, period, _due in wanted:
            condition |= Q(
                obligation_id=obligation.pk, period_end=period.end, period_start=period.start
            )
        found = {
            (s.obligation_id, s.period_start, s.period_end): s
            for s in Submission.objects.filter(obligation__in=[o.pk for o in chosen]).filter(
                condition
            )
        }
    result = []
    for obligation, period, due in wanted:
        submission = found.get((obligation.pk, period.start, period.end))
        result.append(
            Due(obligation, period, due, submission, standing_of(submission, due=due, today=today))
        )
    result.sort(key=lambda item: (item.due, item.obligation.pk))
    return result


def pending_count(user, *, today: date | None = None) -> int:
    from django.utils import timezone

    today = today or timezone.localdate()
    return sum(
        1 for item in my_periods(user, today=today) if item.to_send and item.period.end < today
    )


def obligations_overseen_by(user) -> QuerySet:
    """Obligations reporting to a level in the user's scope (its board, read only for leaders)."""
    queryset = obligations_visible_to(user)
    if user.is_superuser:
        return queryset
    condition = unit_scope_q(user, roles=READ_ROLES, field="receiver_unit") | organization_scope_q(
        user, roles=READ_ROLES, field="receiver_organization"
    )
    return queryset.filter(condition)


def boards_of(user) -> list[dict]:
    """The (template, receiving level) pairs whose board the user may open, with the number of
    units reporting (one query)."""
    from django.db.models import Count

    rows = (
        obligations_overseen_by(user)
        .filter(template__active=True)
        .values("template_id", "template__name", "receiver_unit_id", "receiver_organization_id")
        .annotate(units=Count("id"))
        .order_by("template__name", "receiver_unit__path", "receiver_organization__path")
    )
    return list(rows[:200])


def template_units(user) -> QuerySet:
    """The units whose templates the user may make: those of the user's managing grants (for a
    superuser, the provinces of today)."""
    from danvan.territory.models import AdministrativeUnit

    if user.is_superuser:
        return AdministrativeUnit.objects.filter(era="current", level="province").order_by(
            "name_folded"
        )
    ids = [g.unit_id for g in grants_of(user) if g.role in MANAGE_ROLES and g.unit_id]
    return AdministrativeUnit.objects.filter(pk__in=ids).order_by("path")


def reported_share(obligations: QuerySet, period: Period) -> tuple[int, int]:
    """(units that have reported, units due) for the period: two counts in the database."""
    due_queryset = due_obligations(obligations, period)
    total = due_queryset.count()
    reported = Submission.objects.filter(
        obligation__in=due_queryset.values("pk"),
        period_start=period.start,
        period_end=period.end,
        first_submitted_at__isnull=False,
    ).count()
    return reported, total
