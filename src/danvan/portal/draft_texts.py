"""The first draft of a news article written from a record of the work system, in the manner of
the seed stories: the places with their type names ("xã Bình An, tỉnh Tuyên Quang"), the units,
the figures written the Vietnamese way, the documents cited by number and date.

The article is content in Vietnamese (what the portal publishes), not an interface string: it is
written in Vietnamese whatever language the officer reads the work system in, and every figure
comes from the owning app's own helpers (activities' head-counts and works, the reviews'
recognitions, the report engine's narrative). The editor then reviews and rewrites it in the
CMS; nothing here is published."""

from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import override

from danvan.core.folding import fold
from danvan.core.formatting import format_date, format_number

LISTED = 30  # models named by level in a round's article; the others are counted


@dataclass
class Draft:
    """What the drafting service makes an article of."""

    key: str  # "activities.activity:12": the article's ``drafted_from``
    title: str
    lead: str
    paragraphs: list[str]
    category: str  # a ``NewsCategory`` slug
    date: object = None
    source_unit: object = None  # an Organization
    places: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)


def cite(document) -> str:
    """ "Kế hoạch số 54-KH/HU ngày 10/9/2021 của Ban Thường vụ Huyện ủy Lâm Bình"."""
    with override("vi"):
        kind = str(document.get_kind_display())
    text = kind[:1].upper() + kind[1:]
    if document.number:
        text += f" số {document.number}"
    text += f" ngày {format_date(document.issued_on)}"
    if document.issuer_id:
        text += f" của {document.issuer.name}"
    return text


def _join(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def _place_chain(unit) -> str:
    from danvan.territory.queries import ancestors

    return ", ".join([unit.inline_name, *(a.inline_name for a in reversed(ancestors(unit)))])


# ---- an activity -------------------------------------------------------------------------------


def activity_draft(activity) -> Draft:
    from danvan.activities.enums import Role
    from danvan.activities.models import Headcount
    from danvan.activities.narrative import work_phrase

    links = list(activity.organizations.select_related("organization").order_by("role", "id"))
    organisers = [link.organization for link in links if link.role == Role.ORGANISER]
    joined = [link.organization for link in links if link.role == Role.PARTICIPANT]
    hamlets = [link.unit for link in activity.places.select_related("unit")]
    where = _join([unit.inline_name for unit in hamlets])
    where = f"{where}, {_place_chain(activity.place)}" if where else _place_chain(activity.place)
    day = format_date(activity.start_date)
    if activity.end_date and activity.end_date != activity.start_date:
        day = f"{day} đến ngày {format_date(activity.end_date)}"
    lead = (
        f"Ngày {day}, {_join([o.name for o in organisers])} tổ chức hoạt động "
        f"“{activity.title}” tại {where}."
    )
    paragraphs = []
    documents = list(activity.documents.select_related("issuer").order_by("issued_on"))
    if documents:
        paragraphs.append(
            "Hoạt động được tổ chức theo " + _join([cite(d) for d in documents]) + "."
        )
    if joined:
        paragraphs.append("Cùng tham gia có " + _join([o.name for o in joined]) + ".")
    counts = (
        Headcount.objects.filter(activity=activity)
        .values("category__name", "category__order")
        .annotate(total=Sum("count"))
        .order_by("category__order")
    )
    counts = [(row["category__name"].lower(), row["total"]) for row in counts]
    figures = []
    if counts:
        total = sum(value for _name, value in counts)
        detail = "; ".join(f"{name}: {format_number(value)}" for name, value in counts)
        figures.append(f"thu hút {format_number(total)} lượt người tham gia ({detail})")
    if activity.reached:
        figures.append(f"tiếp cận {format_number(activity.reached)} lượt người dân")
    works = [work_phrase(w.kind, w.quantity) for w in activity.works.select_related("kind")]
    if figures or works:
        sentence = "Hoạt động " + ", ".join(figures) if figures else "Hoạt động"
        if works:
            sentence += ("; kết quả: " if figures else " đạt kết quả: ") + ", ".join(works)
        paragraphs.append(sentence + ".")
    if activity.description.strip():
        paragraphs.append(activity.description.strip())
    initiatives = list(activity.initiatives.all())
    if initiatives:
        paragraphs.append(
            "Hoạt động góp phần thực hiện "
            + _join([f"mô hình “{i.name}”" for i in initiatives])
            + "."
        )
    short = activity.place.name
    # "Lâm Bình: cán bộ về thôn …"; a title that names its place already stands alone.
    title = activity.title if fold(short) in fold(activity.title) else f"{short}: {activity.title}"
    return Draft(
        key=f"activities.activity:{activity.pk}",
        title=title[:255],
        lead=lead,
        paragraphs=paragraphs,
        category="hoat-dong-co-so",
        date=activity.start_date,
        source_unit=organisers[0] if organisers else activity.organiser,
        places=[activity.place, *hamlets],
        activities=[activity],
        documents=documents,
        initiatives=initiatives,
    )


# ---- a campaign --------------------------------------------------------------------------------


def campaign_draft(campaign, activities) -> Draft:
    """``activities``: the campaign's activities the officer may see."""
    from danvan.activities.models import Headcount
    from danvan.activities.narrative import work_phrase
    from danvan.activities.queries import works_done

    with override("vi"):
        kind = str(campaign.get_kind_display())
    where = f" trên địa bàn {_place_chain(campaign.scope_unit)}" if campaign.scope_unit else ""
    # "triển khai Tháng Dân vận “…”", unless the name says what kind of campaign it is.
    what = "" if fold(kind) in fold(campaign.name) else f"{kind.lower()} "
    lead = (
        f"Từ ngày {format_date(campaign.start_date)} đến ngày {format_date(campaign.end_date)}, "
        f"{campaign.organiser.name} triển khai {what}“{campaign.name}”{where}."
    )
    paragraphs = []
    documents = list(campaign.documents.select_related("issuer").order_by("issued_on"))
    if documents:
        paragraphs.append("Đợt được triển khai theo " + _join([cite(d) for d in documents]) + ".")
    slogans = campaign.slogan_list
    if slogans:
        paragraphs.append("Khẩu hiệu của đợt: " + "; ".join(f"“{s}”" for s in slogans) + ".")
    held = activities.count()
    if held:
        participants = (
            Headcount.objects.filter(activity__in=activities.values("pk")).aggregate(
                total=Sum("count")
            )["total"]
            or 0
        )
        reached = activities.aggregate(total=Sum("reached"))["total"] or 0
        sentence = f"Trong đợt, các đơn vị đã tổ chức {format_number(held)} hoạt động với Nhân dân"
        if participants:
            sentence += f", thu hút {format_number(participants)} lượt người tham gia"
        if reached:
            sentence += f", tiếp cận {format_number(reached)} lượt người dân"
        works = [work_phrase(kind_, total) for kind_, total in works_done(activities)]
        if works:
            sentence += "; kết quả: " + ", ".join(works)
        paragraphs.append(sentence + ".")
    if campaign.description.strip():
        paragraphs.append(campaign.description.strip())
    latest = list(activities.select_related("place").order_by("-start_date", "-id")[:10])
    return Draft(
        key=f"activities.campaign:{campaign.pk}",
        title=campaign.name[:255],
        lead=lead,
        paragraphs=paragraphs,
        category="tin-tuc-su-kien",
        date=min(campaign.end_date, timezone.localdate()),
        source_unit=campaign.organiser,
        places=[campaign.scope_unit] if campaign.scope_unit else [],
        activities=latest,
        documents=documents,
    )


# ---- a review (recognition) round --------------------------------------------------------------


def round_draft(review_round, recognitions) -> Draft:
    """``recognitions``: the round's recognitions (công nhận, tiêu biểu) the officer may see."""
    from danvan.initiatives.enums import Kind

    rows = list(
        recognitions.select_related(
            "initiative", "initiative__place", "initiative__owner_organization", "decision"
        ).order_by("level", "initiative__name_folded")
    )
    committee = review_round.committee.name
    scope = f" {_place_chain(review_round.scope_unit)}" if review_round.scope_unit else ""
    models = sum(1 for r in rows if r.initiative.kind == Kind.MODEL)
    exemplars = len(rows) - models
    counted = _join(
        [
            f"{format_number(models)} mô hình" if models else "",
            f"{format_number(exemplars)} điển hình" if exemplars else "",
        ]
    )
    decided = max((r.decided_on for r in rows), default=None)
    if rows:
        lead = (
            f"Ngày {format_date(decided)}, {committee} đã công nhận {counted} “Dân vận khéo”"
            f"{scope}."
        )
    else:
        lead = (
            f"{committee} tổ chức đợt bình xét “{review_round.name}”{scope}, từ ngày "
            f"{format_date(review_round.period_start)} đến ngày "
            f"{format_date(review_round.period_end)}."
        )
    paragraphs = []
    decisions = {r.decision_id: r.decision for r in rows}
    documents = sorted(decisions.values(), key=lambda d: d.issued_on)
    if documents:
        paragraphs.append("Kết quả được công nhận tại " + _join([cite(d) for d in documents]) + ".")
    with override("vi"):
        levels: dict[str, list[str]] = {}
        for r in rows:
            place = r.initiative.place.inline_name if r.initiative.place else ""
            owner = r.initiative.owner_organization
            who = ", ".join(x for x in (owner.name if owner else "", place) if x)
            label = str(r.get_level_display())
            outcome = " (tiêu biểu)" if r.outcome == "outstanding" else ""
            levels.setdefault(label, []).append(
                f"“{r.initiative.name}”" + (f" của {who}" if who else "") + outcome
            )
    for label, names in levels.items():
        more = len(names) - LISTED
        listed = "; ".join(names[:LISTED]) + (
            f" và {format_number(more)} mô hình khác" if more > 0 else ""
        )
        paragraphs.append(f"Được công nhận {label}: {listed}.")
    places = []
    for r in rows:
        if r.initiative.place and r.initiative.place not in places:
            places.append(r.initiative.place)
    return Draft(
        key=f"reviews.reviewround:{review_round.pk}",
        title=(f"{review_round.name}: {counted} được công nhận" if rows else review_round.name)[
            :255
        ],
        lead=lead,
        paragraphs=paragraphs,
        category="dan-van-kheo",
        date=decided or timezone.localdate(),
        source_unit=review_round.committee,
        places=([review_round.scope_unit] if review_round.scope_unit else []) + places[:20],
        documents=documents,
        initiatives=[r.initiative for r in rows],
    )


# ---- a report ----------------------------------------------------------------------------------


def report_draft(job, report) -> Draft:
    """``report``: the report of the job's query, built for its owner."""
    from danvan.core import measures as registry

    with override("vi"):
        subtitle = report.period.label()
        lead = report.narrative or (
            f"{report.scope_label}: tổng hợp kết quả công tác dân vận {subtitle}."
        )
        paragraphs = []
        labels = {code: str(registry.get_measure(code).label) for code in report.measures}
    for row in report.rows[:30]:
        parts = [
            f"{labels[code].lower()}: {format_number(row.figures[code].value)}"
            for code in report.measures
            if row.figures[code].value
        ]
        if parts:
            paragraphs.append(f"{row.label}: " + "; ".join(parts) + ".")
    places = [report.scope_unit] if report.scope_unit is not None else []
    return Draft(
        key=f"reports.reportjob:{job.pk}",
        title=f"{report.scope_label}: kết quả công tác dân vận {subtitle}"[:255],
        lead=lead,
        paragraphs=paragraphs,
        category="tin-tuc-su-kien",
        date=timezone.localdate(),
        source_unit=report.scope_organization,
        places=places,
    )
