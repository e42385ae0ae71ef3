"""Honours (khen thưởng): the kinds staff confer with their eligibility rules as data, the
proposals that carry nominees up the levels, the register of honours received, ceremonies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.jobs import FileJob
from danvan.honors.enums import (
    HonourForm,
    HonourLevel,
    HonourSource,
    NomineeState,
    ProposalState,
    Recipient,
)
from danvan.territory.models import PlacedRecord


class HonourKind(models.Model):
    """A kind of honour and the rules a recipient must meet, configurable without code. An
    empty threshold is no condition."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    form = models.CharField(_("form"), max_length=12, choices=HonourForm.choices)
    level = models.CharField(_("conferred at"), max_length=10, choices=HonourLevel.choices)
    conferred_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("conferring body"),
        on_delete=models.PROTECT,
        related_name="honour_kinds",
    )
    recipient = models.CharField(
        _("conferred on"), max_length=10, choices=Recipient.choices, default=Recipient.PERSON
    )
    once_only = models.BooleanField(_("received once only"), default=False)
    # Conferred for work in ethnic-minority areas: its honours count under that flag.
    ethnic_minority_area = models.BooleanField(_("for ethnic-minority areas"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    # Eligibility (people): months of dân vận work, from the people's service periods.
    min_service_months = models.PositiveSmallIntegerField(
        _("months of dân vận work required"), null=True, blank=True
    )
    min_service_months_women = models.PositiveSmallIntegerField(
        _("months required of women"), null=True, blank=True
    )
    min_service_months_minority = models.PositiveSmallIntegerField(
        _("months required of ethnic-minority people"), null=True, blank=True
    )
    difficult_area_percent = models.PositiveSmallIntegerField(
        _("a month in a difficult area counts as (percent)"), default=100
    )
    requires_current_service = models.BooleanField(
        _("still in dân vận work (an open service period)"), default=False
    )
    # Eligibility (everyone): models carried out, their recognitions, honours received before.
    min_models = models.PositiveSmallIntegerField(_("models carried out, at least"), default=0)
    min_recognitions = models.PositiveSmallIntegerField(
        _("recognitions of those models, at least"), default=0
    )
    previous_kind = models.ForeignKey(
        "self",
        verbose_name=_("honour received before"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    years_since_previous = models.PositiveSmallIntegerField(
        _("years since that honour, at least"), null=True, blank=True
    )
    certificate_title = models.CharField(_("title on the certificate"), max_length=300, blank=True)
    certificate_text = models.TextField(_("wording of the certificate"), blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("kind of honour")
        verbose_name_plural = _("kinds of honour")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Exclusion(models.Model):
    """A reason why a person may not be honoured for a while (a disciplinary measure)."""

    person = models.ForeignKey(
        "organizations.Person", on_delete=models.CASCADE, related_name="honour_exclusions"
    )
    reason = models.CharField(_("reason"), max_length=300)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("exclusion from honours")
        ordering = ["-start"]

    def __str__(self) -> str:
        return f"{self.person} — {self.reason}"


class Ceremony(PlacedRecord):
    """A commendation event: the launch of Tháng Dân vận where 88 exemplars were honoured."""

    name = models.CharField(_("name"), max_length=300)
    held_on = models.DateField(_("held on"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    campaign = models.CharField(_("campaign"), max_length=300, blank=True)
    organizer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ceremony")
        verbose_name_plural = _("ceremonies")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name


class CeremonyPhoto(models.Model):
    """A photo of a ceremony, re-encoded as JPEG without metadata, with its thumbnail."""

    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="honors/ceremonies/%Y/%m/", max_length=255)
    thumbnail = models.FileField(upload_to="honors/ceremonies/%Y/%m/", max_length=255)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("photo of a ceremony")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or f"{self.ceremony} ({self.pk})"


class Proposal(models.Model):
    """A nomination round (đợt đề nghị): a unit proposes nominees for a kind; the proposal goes
    up the levels to the conferring one, which records its decision."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.ForeignKey(
        HonourKind, verbose_name=_("kind of honour"), on_delete=models.PROTECT, related_name="+"
    )
    proposer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("proposing unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    # Where it is now: the level and unit considering it (no unit at the central level).
    stage_level = models.CharField(
        _("considered at"), max_length=10, choices=HonourLevel.choices, blank=True
    )
    stage_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("considered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reasons"), blank=True)
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision (quyết định)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("number of the decision"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    ceremony = models.ForeignKey(
        Ceremony,
        verbose_name=_("ceremony"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("proposal for honours")
        verbose_name_plural = _("proposals for honours")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Nominee(models.Model):
    """A person, an organisation or a model on a proposal, with the facts that support it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="nominees")
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("model or exemplar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    facts = models.TextField(_("supporting facts"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=NomineeState.choices, default=NomineeState.PROPOSED
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nominee")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    person__isnull=False, organization__isnull=True, initiative__isnull=True
                )
                | Q(person__isnull=True, organization__isnull=False, initiative__isnull=True)
                | Q(person__isnull=True, organization__isnull=True, initiative__isnull=False),
                name="honors_nominee_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        recipient = self.recipient
        return getattr(recipient, "full_name", None) or getattr(recipient, "name", "")

    @property
    def recipient(self):
        return self.person or self.organization or self.initiative


class Honour(PlacedRecord):
    """An honour received: conferred through a proposal, entered from the past or imported.
    ``place`` is where the recipient lives or works (a person's unit, a model's place)."""

    kind = models.ForeignKey(
        HonourKind, verbose_name=_("kind of honour"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("model or exemplar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours",
    )
    recipient_name = models.CharField(_("recipient"), max_length=500)
    # Vietnamese alphabetical order (core.folding.stored_collation_key).
    recipient_sort = models.CharField(max_length=500, default="", editable=False)
    decided_on = models.DateField(_("decided on"), db_index=True)
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision (quyết định)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("number of the decision"), max_length=60, blank=True)
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    nominee = models.OneToOneField(
        Nominee, null=True, blank=True, on_delete=models.PROTECT, related_name="honour"
    )
    ceremony = models.ForeignKey(
        Ceremony,
        verbose_name=_("ceremony"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honours",
    )
    source = models.CharField(
        _("recorded"), max_length=10, choices=HonourSource.choices, default=HonourSource.ENTERED
    )
    # The model's flag, or the kind's (an honour for work in ethnic-minority areas).
    ethnic_minority_area = models.BooleanField(_("ethnic-minority area"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    person__isnull=False, organization__isnull=True, initiative__isnull=True
                )
                | Q(person__isnull=True, organization__isnull=False, initiative__isnull=True)
                | Q(person__isnull=True, organization__isnull=True, initiative__isnull=False),
                name="honors_honour_one_recipient",
            ),
        ]
        indexes = [models.Index(fields=["kind", "person"], name="honors_honour_kind_person")]

    def __str__(self) -> str:
        return f"{self.kind} — {self.recipient_name}"

    @property
    def recipient(self):
        return self.person or self.organization or self.initiative


class CertificateJob(FileJob):
    """The certificates of a decided proposal as one PDF, made in the background: the page
    shows how many are made (``done`` of ``total``) and offers the file when it is ready."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="honors/certificates/%Y/%m/", max_length=255, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificates file")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.proposal_id} ({self.status})"
