"""Dialogues with the people (đối thoại, tiếp xúc, gặp gỡ), the opinions raised there and the
commitments made (follow-ups of ``danvan.followups``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.formatting import format_date
from danvan.dialogues.enums import DialogueKind, Group, OpinionField, Response
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
