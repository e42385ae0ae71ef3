"""Dialogues with the people (đối thoại, tiếp xúc, gặp gỡ), the opinions raised there and the
commitments made (follow-ups of ``danvan.followups``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.formatting import format_date
from danvan.dialogues.enums import (
    AttentionLevel,
    DialogueKind,
    Group,
    OpinionField,
    PetitionSource,
    PetitionState,
    Response,
    StepKind,
)
from danvan.territory.models import PlacedRecord


class Dialogue(PlacedRecord):
    kind = models.CharField(
        _("kind"), max_length=10, choices=DialogueKind.choices, default=DialogueKind.DIALOGUE
    )
    held_on = models.DateField(_("held on"), db_index=True)
    hamlet = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("hamlet, village or residential group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    # Who held it: the body responsible (Đảng ủy, UBND xã…), and who chaired it.
    organizer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("held by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair_person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("chaired by (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair_name = models.CharField(_("chaired by"), max_length=255)
    chair_position = models.CharField(_("position of the chair"), max_length=255)
    present = models.TextField(_("units and organisations present"), blank=True)
    topics = models.TextField(_("topics"), blank=True)
    note = models.TextField(_("note"), blank=True)
    search_folded = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["place", "held_on"], name="dialogues_place_held")]

    def __str__(self) -> str:
        return _("%(kind)s on %(day)s at %(place)s") % {
            "kind": self.get_kind_display().capitalize(),
            "day": format_date(self.held_on),
            "place": (self.hamlet or self.place).name if self.place_id else "",
        }

    @property
    def attendance_total(self) -> int:
        return sum(row.count for row in self.attendance.all())


class Attendance(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="attendance")
    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("attendance")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "group"], name="dialogues_one_count_a_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.count}"


class Opinion(models.Model):
    """A question or opinion raised at a dialogue, by a group (a name only when given), with
    the answer given on the spot or a commitment (a follow-up)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="opinions")
    number = models.PositiveSmallIntegerField(_("no."))
    group = models.CharField(_("raised by (group)"), max_length=12, choices=Group.choices)
    speaker_name = models.CharField(_("name of the speaker (if given)"), max_length=255, blank=True)
    field = models.CharField(_("field"), max_length=16, choices=OpinionField.choices)
    content = models.TextField(_("question or opinion"))
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, default=Response.NOTED
    )
    answer = models.TextField(_("answer given"), blank=True)
    answered_by = models.CharField(_("answered by"), max_length=255, blank=True)
    followup = models.OneToOneField(
        "followups.FollowUp",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion",
    )

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["dialogue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "number"], name="dialogues_opinion_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:80]}"


class PetitionCategory(models.Model):
    """A kind of petition (kiến nghị, phản ánh) with the time the law gives to answer it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (days)"))
    order = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("category of petition")
        verbose_name_plural = _("categories of petition")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Petition(PlacedRecord):
    """A petition or report from a citizen, followed by a tracking code the citizen keeps.

    The citizen's name and contact are personal data: shown only to the responsible unit's
    staff, never on the public status page or in the audit log, and erased on request
    (``anonymised_at``) while the record is kept."""

    code = models.CharField(_("tracking code"), max_length=16, unique=True)
    source = models.CharField(_("received"), max_length=10, choices=PetitionSource.choices)
    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    received_on = models.DateField(_("received on"), db_index=True)
    category = models.ForeignKey(
        PetitionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(_("field"), max_length=16, choices=OpinionField.choices)
    summary = models.TextField(_("content"))
    responsible = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=PetitionState.choices,
        default=PetitionState.RECEIVED,
    )
    due_date = models.DateField(_("due date"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    times_reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    citizen_name = models.CharField(_("citizen's name"), max_length=255, blank=True)
    citizen_contact = models.CharField(
        _("citizen's address or telephone"), max_length=255, blank=True
    )
    anonymised_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    search_folded = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["place", "received_on"], name="dialogues_petition_place"),
            # The list of a province at 1,000,000 petitions (bench/bench_petitions.py,
            # queries.PetitionList). Its page, in the list's order (due date, id), all or
            # overdue (being handled, due before today): its ids are read from one of these two
            # indexes alone, the scope (place, responsible unit) checked on the index entry.
            models.Index(
                fields=["due_date", "id", "place", "responsible"], name="dialogues_petition_page"
            ),
            models.Index(
                fields=["state", "due_date", "id", "place", "responsible"],
                name="dialogues_petition_state_page",
            ),
            # Its count: the scope is "at one of its places OR for one of its bodies"; each
            # side (all, or overdue) is counted from one of these indexes alone, the place of a
            # body's petition included (to leave out those already counted by their place).
            models.Index(
                fields=["responsible", "state", "due_date", "place"],
                name="dialogues_petition_unit_place",
            ),
            models.Index(
                fields=["place", "state", "due_date"], name="dialogues_petition_place_due"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def is_overdue(self, today=None) -> bool:
        return self.state == PetitionState.RECEIVED and self.due_date < (
            today or timezone.localdate()
        )

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class PetitionStep(models.Model):
    """One step of a petition's handling, as the citizen may see it (no personal data):
    received, transferred (from, to, why), answered, closed, reopened (why)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=12, choices=StepKind.choices)
    day = models.DateField(_("date"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    by_citizen = models.BooleanField(_("at the citizen's request"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("step")
        ordering = ["day", "id"]
        indexes = [models.Index(fields=["kind", "day"], name="dialogues_step_kind_day")]

    def __str__(self) -> str:
        return f"{self.petition} — {self.get_kind_display()}"


class OpinionNote(PlacedRecord):
    """A unit's periodic note of the people's opinion (tình hình tư tưởng nhân dân): a concern
    by topic and place, with the attention it needs."""

    noted_on = models.DateField(_("noted on"), db_index=True)
    reporter = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    field = models.CharField(_("field"), max_length=16, choices=OpinionField.choices)
    topic = models.CharField(_("topic"), max_length=255)
    level = models.CharField(
        _("level of attention"), max_length=8, choices=AttentionLevel.choices, db_index=True
    )
    content = models.TextField(_("what the people think and say"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("note of the people's opinion")
        verbose_name_plural = _("notes of the people's opinion")
        ordering = ["-noted_on", "-id"]
        indexes = [models.Index(fields=["place", "field", "noted_on"], name="dialogues_note_place")]

    def __str__(self) -> str:
        return f"{self.topic} — {self.get_level_display()}"
