"""Campaigns (đợt, phong trào) and activities with the people (hoạt động với Nhân dân): who went
where, did what, with whom. The catalogues (kinds of activity, categories of participants, kinds
of work with their unit) are filled by a set-up step and extended by staff."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.activities.enums import CampaignKind, Role
from danvan.core.formatting import format_money, format_number
from danvan.initiatives.enums import EvidenceKind
from danvan.territory.models import PlacedRecord


class Catalogue(models.Model):
    """A catalogue entry: a stable code (used by imports and measures), a name, an order."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_folded = models.CharField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityKind(Catalogue):
    """Lao động cùng Nhân dân, tuyên truyền, thăm hỏi và tặng quà, …"""

    class Meta(Catalogue.Meta):
        verbose_name = _("kind of activity")
        verbose_name_plural = _("kinds of activity")


class ParticipantCategory(Catalogue):
    """Đảng viên, cán bộ công chức, viên chức, … — how participants are counted."""

    class Meta(Catalogue.Meta):
        verbose_name = _("category of participants")
        verbose_name_plural = _("categories of participants")


class WorkKind(Catalogue):
    """A kind of work done, with its unit of measure: m đường bê tông, cây xanh, đồng, …"""

    unit = models.CharField(_("unit of measure"), max_length=30)
    is_money = models.BooleanField(_("an amount of money"), default=False)

    class Meta(Catalogue.Meta):
        verbose_name = _("kind of work")
        verbose_name_plural = _("kinds of work")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def amount(self, value) -> str:
        """'97.000.000 đ', '1.200 m', '3,5 km': money without decimals, others as needed."""
        if value is None:
            return ""
        if self.is_money:
            return format_money(value)
        value = Decimal(value)
        decimals = 0 if value == value.to_integral_value() else 2
        text = format_number(value, decimals)
        if decimals and text.endswith("0"):
            text = text[:-1]
        return f"{text} {self.unit}"


class CodeSequence(models.Model):
    """The last number given under a code prefix ("HD-08-2022"): readable, unique codes."""

    prefix = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=CampaignKind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    # The territory it covers (a province, a district…) — or, for a sector's campaign, the
    # organisation subtree it covers. At least one of them; the organiser's unit by default.
    scope_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("territory covered"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisations covered"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("documents that launched and guide it"),
        blank=True,
        related_name="+",
    )
    # One slogan (khẩu hiệu) a line.
    slogans = models.TextField(_("slogans"), blank=True)
    description = models.TextField(_("content"), blank=True)
    name_folded = models.CharField(max_length=300, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "name_folded", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def slogan_list(self) -> list[str]:
        return [line.strip() for line in self.slogans.splitlines() if line.strip()]


class PlanLine(models.Model):
    """What one participating unit plans to do in a campaign: how many activities, by when,
    and the quantities of work it means to reach (``PlannedWork``)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="plan_lines")
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("participating unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_activities = models.PositiveIntegerField(_("activities planned"), default=0)
    due_date = models.DateField(_("to be done by"), null=True, blank=True)
    description = models.TextField(_("what it will do"), blank=True)

    class Meta:
        verbose_name = _("line of the plan")
        ordering = ["unit__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="activities_plan_unit")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.unit}"


class PlannedWork(models.Model):
    line = models.ForeignKey(PlanLine, on_delete=models.CASCADE, related_name="works")
    kind = models.ForeignKey(WorkKind, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "kind"], name="activities_planned_work")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.quantity}"


class Activity(PlacedRecord):
    """One activity with the people: its main place (a commune, as it was on the day) and, as
    ``ActivityPlace`` rows, the hamlets or other units it also reached."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    title = models.CharField(_("title"), max_length=500)
    kind = models.ForeignKey(
        ActivityKind, verbose_name=_("kind of activity"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    # The first organiser (a copy of the first ``ActivityOrganization`` with the organiser's
    # role): what the measures registry calls the record's owner, for a report on an
    # organisation's subtree, and its kind of organisation.
    organiser = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("date"), db_index=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    reached = models.PositiveIntegerField(_("people reached"), default=0)
    description = models.TextField(_("what was done"), blank=True)
    documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("documents it carries out"),
        blank=True,
        related_name="+",
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("models it serves"),
        blank=True,
        related_name="+",
    )
    # The copy of ``place.today_province_path`` (like initiatives): a province's list is one
    # equality. Kept by ``services`` and refreshed when territory remaps units.
    place_province = models.CharField(max_length=40, blank=True, editable=False)
    title_folded = models.CharField(max_length=500)
    search_folded = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("activity with the people")
        verbose_name_plural = _("activities with the people")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["place_province", "start_date"], name="activity_province_date"),
            models.Index(fields=["place", "start_date"], name="activity_place_date"),
            models.Index(fields=["campaign", "start_date"], name="activity_campaign_date"),
            models.Index(fields=["organiser", "start_date"], name="activity_organiser_date"),
            # Activities of several days still going at the start of a period (the filter's
            # second range); most activities last one day and have no last day.
            models.Index(
                fields=["place_province", "end_date"],
                condition=Q(end_date__isnull=False),
                name="activity_province_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def last_day(self):
        return self.end_date or self.start_date

    @property
    def days(self) -> int:
        return (self.last_day - self.start_date).days + 1


class ActivityPlace(models.Model):
    """Another place the activity reached: a hamlet of its commune, or another unit."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="places")
    unit = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "unit"], name="activities_place_unit")
        ]

    def __str__(self) -> str:
        return str(self.unit)


class ActivityOrganization(models.Model):
    """An organisation that organised or took part in the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="organizations")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="activity_links"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organization"], name="activities_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Headcount(models.Model):
    """How many of a category an organisation brought (lượt người)."""

    link = models.ForeignKey(ActivityOrganization, on_delete=models.CASCADE, related_name="counts")
    # A copy of the link's activity: the measures sum head-counts by the activity's place and
    # date in one GROUP BY without a join through the link.
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="headcounts")
    category = models.ForeignKey(ParticipantCategory, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["link", "category"], name="activities_headcount_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.count}"


class ActivityPerson(models.Model):
    """A person of the register who took part."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "organizations.Person", on_delete=models.PROTECT, related_name="activity_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="activities_person")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Work(models.Model):
    """A quantity of work done: 1.200 m đường bê tông, 350 cây xanh, 97.000.000 đồng."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="works")
    kind = models.ForeignKey(WorkKind, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["kind__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "kind"], name="activities_work_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind.name}: {self.kind.amount(self.quantity)}"


class ActivityEvidence(models.Model):
    """A photo or file that shows the activity, checked and stored as the initiatives' evidence
    is (``services.evidence``): photos re-encoded without metadata, with a thumbnail."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=8, choices=EvidenceKind.choices)
    file = models.FileField(upload_to="activities/%Y/%m/", max_length=255)
    thumbnail = models.FileField(upload_to="activities/%Y/%m/thumbs/", max_length=255, blank=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("photo or file")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class ActivityMonth(models.Model):
    """The monthly rollup of the activities the measures count (``services.rollup``): per month
    of their first day, province of their main place as it was and province of today they count
    for (the paths cut at the province), kind and campaign, their number, the people they
    reached and their participants (``work_kind`` empty); and per kind of work, the quantity
    done (``work_kind`` set). Kept by the services that write activities and by the remapping
    of units, rebuilt by ``activities rollup`` (``services.rollup``); the report engine reads it
    instead of the rows when the report asks nothing finer (``measures``)."""

    DEPTH = 5  # the characters of a path kept: "L.08." / "C.08.", the province

    month = models.DateField()  # the first day of the month
    path = models.CharField(max_length=40)
    today_path = models.CharField(max_length=40)
    kind = models.ForeignKey(ActivityKind, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, null=True, on_delete=models.CASCADE, related_name="+")
    work_kind = models.ForeignKey(WorkKind, null=True, on_delete=models.CASCADE, related_name="+")
    # Sums; a write appends its change (less of what it was), so a key may hold several rows
    # and a row may be negative: only their sum per key is the figure.
    activities = models.IntegerField(default=0)
    reached = models.BigIntegerField(default=0)
    headcount = models.BigIntegerField(default=0)  # participants, every category
    quantity = models.DecimalField(max_digits=22, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["month", "path"], name="activity_month_path")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.path} → {self.today_path}: {self.activities}"
