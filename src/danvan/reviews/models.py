"""Review rounds (đợt thẩm định, bình xét): criteria, eligible initiatives, reviewers' scores,
and the recognitions the steering committee decides."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.jobs import FileJob
from danvan.reviews.enums import (
    NotificationKind,
    RecognitionLevel,
    RecognitionOutcome,
    RoundState,
)


class CriteriaSet(models.Model):
    """Criteria with weights, scored on one scale (e.g. 0–10)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=10)
    is_default = models.BooleanField(_("default"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["-is_default", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="reviews_scale_order"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(max_length=40)
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what to look at"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="reviews_criterion_code"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="reviews_criterion_weight"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewRound(models.Model):
    name = models.CharField(_("name"), max_length=300)
    committee = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("steering committee"),
        on_delete=models.PROTECT,
        related_name="review_rounds",
    )
    # The territory whose initiatives are eligible (a subtree), and optionally an organisation
    # subtree carrying them out.
    scope_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisations carrying them out"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    deadline = models.DateField(_("scoring deadline"))
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria"), on_delete=models.PROTECT, related_name="rounds"
    )
    reviewers_per_initiative = models.PositiveSmallIntegerField(
        _("reviewers per model or exemplar"), default=3
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewers"), blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RoundState.choices, default=RoundState.DRAFT
    )
    reminder_sent_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="reviews_round_period"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoundTag(models.Model):
    """A label the round's managers give models of the round ("cần xác minh", "đề nghị cấp
    tỉnh"), to find and decide on them together."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("tag"), max_length=60)

    class Meta:
        verbose_name = _("tag")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="reviews_tag_unique")]

    def __str__(self) -> str:
        return self.name


class RoundEntry(models.Model):
    """An initiative considered in a round: taken by the filter or added by hand; ``excluded``
    keeps a hand removal when the filter is applied again."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="entries")
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.PROTECT, related_name="+"
    )
    by_hand = models.BooleanField(default=False)
    excluded = models.BooleanField(default=False)
    tags = models.ManyToManyField(RoundTag, blank=True, related_name="entries")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "initiative"], name="reviews_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.round}"


class Assignment(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="assignments")
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    automatic = models.BooleanField(default=False)
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("assignment")
        ordering = ["round", "initiative_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "initiative", "reviewer"], name="reviews_assignment_unique"
            )
        ]
        indexes = [models.Index(fields=["reviewer", "round"], name="reviews_assignment_reviewer")]

    def __str__(self) -> str:
        # Audit events keep this as the object's label: names, never ids.
        reviewer = self.reviewer.get_full_name() or self.reviewer.get_username()
        return f"{self.initiative} — {reviewer}"


class Review(models.Model):
    """A reviewer's scores on one assigned initiative. ``weighted_score`` is the weighted mean
    of the criteria scores, kept by the service so that the committee table is one read."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    # Denormalised from the assignment so that a round's aggregates are one indexed read.
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="reviews")
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("review comment"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=12, choices=RecognitionOutcome.choices, blank=True
    )
    weighted_score = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("review")
        indexes = [models.Index(fields=["round", "initiative"], name="reviews_review_round")]

    def __str__(self) -> str:
        return f"{self.assignment}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="reviews_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Recognition(models.Model):
    """A decision on an initiative (công nhận, tiêu biểu, chưa đạt, cần củng cố), citing the
    quyết định. Entered from a round's committee table, or on its own (``round`` empty)."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("model or exemplar"),
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=RecognitionOutcome.choices)
    level = models.CharField(
        _("level"), max_length=10, choices=RecognitionLevel.choices, blank=True
    )
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision (quyết định)"),
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    decided_on = models.DateField(_("decided on"), db_index=True)
    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("review round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who took the decision as it stands (a later decision in the round replaces it), and its
    # version: a committee member deciding from a stale table is refused, not overwriting.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "initiative"],
                condition=Q(round__isnull=False),
                name="reviews_recognition_once_per_round",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["recognised", "outstanding"], level__gt="")
                | (~Q(outcome__in=["recognised", "outstanding"]) & Q(level="")),
                name="reviews_recognition_level",
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "-decided_on"], name="reviews_recognition_init")
        ]

    def __str__(self) -> str:
        if self.level:
            return f"{self.get_outcome_display()} ({self.get_level_display()})"
        return str(self.get_outcome_display())


class Notification(models.Model):
    """An in-app notice (also sent by e-mail): an assignment, a reminder, a decision."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_notifications"
    )
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    # The round an assignment or reminder is about: once its scoring is over, the list says so
    # instead of the stored "to score".
    round = models.ForeignKey(
        ReviewRound, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("notice"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="reviews_notification_unread")]

    def __str__(self) -> str:
        return self.text


class TablePreference(models.Model):
    """How a user keeps the committee table: the rows a page shows."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_table_preference"
    )
    page_size = models.PositiveSmallIntegerField(_("rows per page"), default=100)

    def __str__(self) -> str:
        return f"{self.user} · {self.page_size}"


class MinuteJob(FileJob):
    """The minute (biên bản) of a round's decisions, made in the background like the report
    files (a round of 5,000 models takes over a minute): the page polls it and offers the PDF.
    A ``core.jobs`` workflow like ``ReportJob``: it beats while rendering, the sweep fails it
    when its worker dies."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="reviews/minutes/%Y/%m/", max_length=255, blank=True)

    class Meta:
        verbose_name = _("minute file")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.round_id} ({self.status})"
