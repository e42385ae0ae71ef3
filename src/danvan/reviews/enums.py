from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for scoring")
    CLOSED = "closed", _("closed")
    DECIDED = "decided", _("decided")


# Which state may follow which. Nothing else assigns a state (services.transition_round).
# A closed round may be reopened for late scores; a decided round is final.
ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    RoundState.DRAFT: frozenset({RoundState.OPEN}),
    RoundState.OPEN: frozenset({RoundState.CLOSED}),
    RoundState.CLOSED: frozenset({RoundState.OPEN, RoundState.DECIDED}),
    RoundState.DECIDED: frozenset(),
}
# States in which eligible initiatives, criteria and assignments may still change.
SETUP_STATES = frozenset({RoundState.DRAFT, RoundState.OPEN})
# States in which reviewers may save and change their scores.
SCORING_STATES = frozenset({RoundState.OPEN})


class RecognitionOutcome(models.TextChoices):
    RECOGNISED = "recognised", _("recognised")  # công nhận
    OUTSTANDING = "outstanding", _("outstanding")  # tiêu biểu
    NOT_MET = "not_met", _("not met")  # chưa đạt
    STRENGTHEN = "strengthen", _("to be strengthened")  # cần củng cố


# Outcomes that are given at a level (commune, district, province, central).
LEVELLED_OUTCOMES = frozenset({RecognitionOutcome.RECOGNISED, RecognitionOutcome.OUTSTANDING})


class RecognitionLevel(models.TextChoices):
    COMMUNE = "commune", _("commune level")
    DISTRICT = "district", _("district level")  # historical: districts ended on 1/7/2025
    PROVINCE = "province", _("province level")
    CENTRAL = "central", _("central level")


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("assignment")
    REMINDER = "reminder", _("reminder")
    DECISION = "decision", _("decision")
