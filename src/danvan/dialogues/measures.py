"""What can be counted of dialogues, opinions, commitments and petitions, declared for the
measures registry (``danvan.core.measures``; registered by ``DialoguesConfig.ready()``).

Sources (each read through its app's selector; ``None`` is the system):

- ``dialogues``: dialogues held, dated by the day held, placed where held, owned by the body
  that held them;
- ``opinions``: opinions raised at them (dated, placed and owned as their dialogue), grouped by
  field, group of people or response;
- ``commitments``: the follow-ups promised at dialogues (``followups`` with the kind
  ``dialogues.commitment``), dated by their due date, placed where the dialogue was held: kept
  on time when reported done by the due date, overdue when not done by the end of the period
  although due;
- ``petitions``: petitions received, dated by the day received, placed where they are about,
  owned by the responsible unit: answered in time, overdue (not answered by the end of the
  period although due), reopened at least once.

Orders 400–480."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core import measures as registry
from danvan.core.measures import Dimension, Measure
from danvan.dialogues import narrative, queries
from danvan.dialogues.enums import (
    AttentionLevel,
    DialogueKind,
    Group,
    OpinionField,
    PetitionSource,
    Response,
)
from danvan.dialogues.models import Dialogue, Opinion, OpinionNote, Petition
from danvan.followups.enums import State
from danvan.followups.models import FollowUp
from danvan.followups.queries import followups_visible_to

COMMITMENT_KIND = "dialogues.commitment"
DEFAULTS = frozenset(
    {
        "dialogues_held",
        "commitments_kept",
        "commitments_overdue",
        "petitions_received",
        "petitions_answered_in_time",
        "petitions_overdue",
        "petitions_reopened",
    }
)


def _choices(enum):
    return lambda: dict(enum.choices)


def _dialogues(user):
    return queries.dialogues_visible_to(user) if user is not None else Dialogue.objects.all()


def _opinions(user):
    opinions = Opinion.objects.all()
    if user is None:
        return opinions
    return opinions.filter(dialogue__in=queries.dialogues_visible_to(user).values("pk"))


def _commitments(user):
    followups = followups_visible_to(user) if user is not None else FollowUp.objects.all()
    return followups.filter(source_kind=COMMITMENT_KIND)


def _petitions(user):
    return queries.petitions_visible_to(user) if user is not None else Petition.objects.all()


def _notes(user):
    if user is None:
        return OpinionNote.objects.all()
    return queries.opinion_notes_visible_to(user)


def _between(field):
    return lambda start, end: Q(**{f"{field}__gte": start, f"{field}__lte": end})


def register() -> None:
    registry.register_source(
        registry.Source(
            code="dialogues",
            app="dialogues",
            label=_("Dialogues with the people"),
            title=_("Dialogues with the people %(period)s"),
            records=_dialogues,
            dated=_between("held_on"),
            place="place",
            place_today="place_today",
            owner="organizer",
            dimensions=(
                Dimension(
                    "dialogue_kind", _("Kind of meeting"), "kind", labels=_choices(DialogueKind)
                ),
            ),
        )
    )
    registry.register_source(
        registry.Source(
            code="opinions",
            app="dialogues",
            label=_("Opinions raised at dialogues"),
            title=_("Opinions of the people raised at dialogues %(period)s"),
            records=_opinions,
            dated=_between("dialogue__held_on"),
            place="dialogue__place",
            place_today="dialogue__place_today",
            owner="dialogue__organizer",
            dimensions=(
                Dimension(
                    "opinion_field",
                    _("Field of the opinion"),
                    "field",
                    labels=_choices(OpinionField),
                ),
                Dimension("opinion_group", _("Raised by"), "group", labels=_choices(Group)),
                Dimension("opinion_response", _("Response"), "response", labels=_choices(Response)),
            ),
        )
    )
    registry.register_source(
        registry.Source(
            code="commitments",
            app="dialogues",
            label=_("Commitments made at dialogues"),
            title=_("Commitments made at dialogues with the people %(period)s"),
            records=_commitments,
            dated=_between("due_date"),
            place="owner_unit",
            owner="owner_organization",
        )
    )
    registry.register_source(
        registry.Source(
            code="petitions",
            app="dialogues",
            label=_("Petitions"),
            title=_("Petitions of the people %(period)s"),
            records=_petitions,
            dated=_between("received_on"),
            place="place",
            place_today="place_today",
            owner="responsible",
            dimensions=(
                Dimension(
                    "petition_category",
                    _("Category of petition"),
                    "category_id",
                    name_lookup="category__name",
                ),
                Dimension(
                    "petition_field",
                    _("Field of the petition"),
                    "field",
                    labels=_choices(OpinionField),
                ),
                Dimension(
                    "petition_source", _("Received"), "source", labels=_choices(PetitionSource)
                ),
            ),
        )
    )
    registry.register_source(
        registry.Source(
            code="opinion_notes",
            app="dialogues",
            label=_("The people's opinion"),
            title=_("The people's opinion %(period)s"),
            records=_notes,
            dated=_between("noted_on"),
            place="place",
            place_today="place_today",
            owner="reporter",
            dimensions=(
                Dimension(
                    "attention_level",
                    _("Level of attention"),
                    "level",
                    labels=_choices(AttentionLevel),
                ),
                Dimension(
                    "note_field", _("Field of the concern"), "field", labels=_choices(OpinionField)
                ),
            ),
        )
    )
    declared = [
        (
            "dialogues_held",
            pgettext_lazy("report measure", "Dialogues held"),
            "dialogues",
            {"condition": Q},
        ),
        (
            "opinions_raised",
            pgettext_lazy("report measure", "Opinions raised"),
            "opinions",
            {"condition": Q},
        ),
        (
            "opinions_answered",
            pgettext_lazy("report measure", "Opinions answered on the spot"),
            "opinions",
            {"condition": lambda: Q(response=Response.ANSWERED)},
        ),
        (
            "opinions_committed",
            pgettext_lazy("report measure", "Opinions with a commitment"),
            "opinions",
            {"condition": lambda: Q(response=Response.COMMITTED)},
        ),
        (
            "commitments_due",
            pgettext_lazy("report measure", "Commitments due"),
            "commitments",
            {"condition": Q},
        ),
        (
            "commitments_kept",
            pgettext_lazy("report measure", "Commitments kept on time"),
            "commitments",
            {
                "condition": lambda: Q(
                    done_on__isnull=False,
                    done_on__lte=F("due_date"),
                    state__in=(State.DONE, State.VERIFIED),
                )
            },
        ),
        (
            "commitments_overdue",
            pgettext_lazy("report measure", "Commitments overdue"),
            "commitments",
            {
                "as_of": lambda end: (
                    Q(due_date__lt=end) & (Q(done_on__isnull=True) | Q(done_on__gt=end))
                )
            },
        ),
        (
            "petitions_received",
            pgettext_lazy("report measure", "Petitions received"),
            "petitions",
            {"condition": Q},
        ),
        (
            "petitions_answered_in_time",
            pgettext_lazy("report measure", "Petitions answered in time"),
            "petitions",
            {"condition": lambda: Q(answered_on__isnull=False, answered_on__lte=F("due_date"))},
        ),
        (
            "petitions_overdue",
            pgettext_lazy("report measure", "Petitions overdue"),
            "petitions",
            {
                "as_of": lambda end: (
                    Q(due_date__lt=end) & (Q(answered_on__isnull=True) | Q(answered_on__gt=end))
                )
            },
        ),
        (
            "petitions_reopened",
            pgettext_lazy("report measure", "Petitions reopened"),
            "petitions",
            {"condition": lambda: Q(times_reopened__gt=0)},
        ),
    ]
    declared += [
        (
            "opinion_notes",
            pgettext_lazy("report measure", "Notes of the people's opinion"),
            "opinion_notes",
            {"condition": Q},
        ),
        (
            "watch_points",
            pgettext_lazy("report measure", "Concerns to be watched"),
            "opinion_notes",
            {"condition": lambda: Q(level=AttentionLevel.WATCH)},
        ),
        (
            "hot_spots",
            pgettext_lazy("report measure", "Hot spots noted"),
            "opinion_notes",
            {"condition": lambda: Q(level=AttentionLevel.HOT)},
        ),
    ]
    for order, (code, label, source, options) in enumerate(declared, start=1):
        registry.register_measure(
            Measure(
                code=code,
                label=label,
                source=source,
                order=400 + 5 * order,
                # The key figures are in every report by default (the quarterly report counts
                # them); the detail is chosen (``--measures``).
                **({"default": code in DEFAULTS} | options),
            )
        )
    registry.register_narrative(
        registry.NarrativePart(
            key="dialogues",
            about=("dialogues_held", "opinions_raised", "commitments_kept", "commitments_overdue"),
            write=narrative.dialogues,
            reads=(
                "dialogues_held",
                "opinions_raised",
                "opinions_answered",
                "opinions_committed",
                "commitments_due",
                "commitments_kept",
                "commitments_overdue",
            ),
            order=60,
        )
    )
    registry.register_narrative(
        registry.NarrativePart(
            key="petitions",
            about=(
                "petitions_received",
                "petitions_answered_in_time",
                "petitions_overdue",
                "petitions_reopened",
            ),
            write=narrative.petitions,
            reads=(
                "petitions_received",
                "petitions_answered_in_time",
                "petitions_overdue",
                "petitions_reopened",
            ),
            order=61,
        )
    )
