"""Seed 003 (Tháp Mười, Đồng Tháp), replayed through the services on its own dates.

On 19/8/2022 the Ban Thường vụ of huyện Tháp Mười received the survey team of Đồng Tháp's
provincial Ban Dân vận on one year of Nghị quyết 01-NQ/TU of the provincial Party Committee
(term XI) on dân vận work to 2025. The team asked the district to review the resolution's
targets, to plan and train dân vận cadres, for the district Ban Dân vận to advise its Standing
Committee well, and to keep replicating effective models.

The four recommendations and the document number come from the article; the targets' values,
the figures, the names of the team and what became of the recommendations (two done and
verified, one in progress, one overdue) are written for the demonstration."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.audit_context import moment_of, recorded_as_of
from danvan.documents.models import Document
from danvan.organizations.models import Organization
from danvan.targets import services
from danvan.targets.models import Programme
from danvan.territory.queries import resolve_place

PROVINCE_COMMITTEE = "Tỉnh ủy Đồng Tháp"
PROVINCE_DAN_VAN = "Ban Dân vận Tỉnh ủy Đồng Tháp"
DISTRICT_COMMITTEE = "Huyện ủy Tháp Mười"
RESOLUTION = "01-NQ/TU"
SURVEY_DAY = date(2022, 8, 19)
PROGRAMME_NAME = (
    "Nghị quyết 01-NQ/TU của Tỉnh ủy Đồng Tháp (khóa XI) về nâng cao hiệu quả công tác dân vận "
    "đến năm 2025"
)

# number, name, unit of measure, baseline, value, direction, rollup, the district's share,
# milestone of 2022 (province), figures at 30/6/2022 of the district and of the whole province
TARGETS = [
    ("1", "Mô hình, điển hình “Dân vận khéo” được xây dựng và nhân rộng", "mô hình",
     None, 1000, "at_least", "sum", 80, 400, (46, 430)),
    ("2", "Cán bộ làm công tác dân vận được bồi dưỡng, tập huấn nghiệp vụ", "lượt người",
     None, 5000, "at_least", "sum", 400, 2000, (300, 2150)),
    ("3", "Cơ quan, đơn vị thực hiện tốt Quy chế dân chủ ở cơ sở", "%",
     Decimal(85), 100, "at_least", "same", 100, 90, (92, 95)),
    ("4", "Vụ khiếu kiện đông người, vượt cấp", "vụ",
     Decimal(12), 4, "at_most", "sum", 1, 8, (3, 11)),
]  # fmt: skip

RECOMMENDATIONS = [
    # title, text, due, what becomes of it (for the follow-ups)
    (
        "Rà soát các chỉ tiêu của Nghị quyết 01-NQ/TU",
        "Rà soát, đánh giá lại từng chỉ tiêu của Nghị quyết trên địa bàn huyện; phấn đấu thực "
        "hiện đạt các chỉ tiêu.",
        date(2022, 10, 31),
        "verified",
    ),
    (
        "Quy hoạch, đào tạo, bồi dưỡng cán bộ làm công tác dân vận",
        "Xây dựng kế hoạch quy hoạch, đào tạo, bồi dưỡng đội ngũ cán bộ làm công tác dân vận "
        "các cấp.",
        date(2022, 12, 31),
        "verified",
    ),
    (
        "Ban Dân vận Huyện ủy làm tốt vai trò tham mưu cho Ban Thường vụ",
        "Ban Dân vận Huyện ủy tham mưu tốt cho Ban Thường vụ Huyện ủy lãnh đạo, chỉ đạo công "
        "tác dân vận.",
        None,  # ongoing: due at the end of next year, so that it is in progress, not overdue
        "in_progress",
    ),
    (
        "Tiếp tục nhân rộng các mô hình “Dân vận khéo” hiệu quả",
        "Tiếp tục xây dựng, nhân rộng các mô hình “Dân vận khéo” có hiệu quả trên các lĩnh vực.",
        date(2023, 6, 30),
        "overdue",
    ),
]


@dataclass
class Seed003:
    programme: Programme
    targets: list = field(default_factory=list)
    shares: list = field(default_factory=list)
    inspection: object = None
    recommendations: list = field(default_factory=list)


def _unit(text: str, day: date):
    found = resolve_place(text, as_of=day).unit
    if found is None:
        raise LookupError(f"seed place not found: {text}")
    return found


def build_seed_003(*, owner, district_committee, document=None, acting_user=None) -> Seed003:
    """The programme, its targets cascaded to huyện Tháp Mười with the figures of mid-2022, and
    the survey of 19/8/2022 with its four recommendations — through the services."""
    province = _unit("tỉnh Đồng Tháp", date(2022, 1, 1))
    district = _unit("huyện Tháp Mười, tỉnh Đồng Tháp", date(2022, 1, 1))
    start = date(2021, 1, 1)
    with recorded_as_of(moment_of(date(2021, 3, 1))):
        programme = services.create_programme(
            data={
                "name": PROGRAMME_NAME,
                "document": document,
                "owner": owner,
                "unit": province,
                "starts_on": start,
                "ends_on": date(2025, 12, 31),
                "summary": "Nâng cao hiệu quả công tác dân vận của hệ thống chính trị.",
            },
            acting_user=acting_user,
        )
        seed = Seed003(programme=programme)
        for order, row in enumerate(TARGETS, start=1):
            number, name, measure, baseline, value, direction, rollup, share, mark, _f = row
            target = services.create_target(
                programme=programme,
                data={
                    "number": number,
                    "name": name,
                    "unit_of_measure": measure,
                    "baseline": baseline,
                    "target_value": Decimal(value),
                    "deadline": date(2025, 12, 31),
                    "direction": direction,
                    "rollup": rollup,
                    "order": order,
                },
                milestones=[(date(2022, 12, 31), Decimal(mark))],
                acting_user=acting_user,
            )
            seed.targets.append(target)
            # Split by hand: the district's own share (the other districts are not shown).
            seed.shares.append(
                services.cascade_target(
                    target=target, shares={district: Decimal(share)}, acting_user=acting_user
                )[0]
            )
    with recorded_as_of(moment_of(date(2022, 7, 5))):
        for target, share, row in zip(seed.targets, seed.shares, TARGETS, strict=True):
            for reported, figure in zip((share, target), row[9], strict=True):
                services.record_value(
                    target=reported,
                    as_of=date(2022, 6, 30),
                    value=figure,
                    note=_("Report of the first half of 2022"),
                    acting_user=acting_user,
                )
            target.refresh_from_db()
            share.refresh_from_db()
    with recorded_as_of(moment_of(SURVEY_DAY)):
        seed.inspection = _survey(
            programme=programme,
            owner=owner,
            district=district,
            district_committee=district_committee,
            seed=seed,
            acting_user=acting_user,
        )
    return seed


def _survey(*, programme, owner, district, district_committee, seed, acting_user):
    inspection = services.create_inspection(
        data={
            "kind": "survey",
            "title": "Khảo sát một năm thực hiện Nghị quyết 01-NQ/TU tại huyện Tháp Mười",
            "subject": "Kết quả một năm thực hiện Nghị quyết 01-NQ/TU của Tỉnh ủy về công tác "
            "dân vận đến năm 2025.",
            "organization": owner,
            "programme": programme,
            "unit": district,
            "starts_on": SURVEY_DAY,
            "ends_on": SURVEY_DAY,
            "leader": "Phó Trưởng Ban Dân vận Tỉnh ủy",
            "findings": "Huyện đã cụ thể hóa Nghị quyết bằng kế hoạch thực hiện; nhiều mô hình "
            "“Dân vận khéo” được xây dựng. Một số chỉ tiêu chưa được rà soát theo tình hình "
            "thực tế; đội ngũ cán bộ làm công tác dân vận ở cơ sở còn thiếu.",
        },
        targets=seed.targets,
        acting_user=acting_user,
    )
    services.add_member(
        inspection=inspection,
        name="Phó Trưởng Ban Dân vận Tỉnh ủy",
        organization=owner,
        role="Trưởng đoàn",
        acting_user=acting_user,
    )
    services.add_member(
        inspection=inspection,
        name="Chuyên viên Ban Dân vận Tỉnh ủy",
        organization=owner,
        role="Thành viên",
        acting_user=acting_user,
    )
    services.add_session(
        inspection=inspection,
        data={
            "unit": district,
            "held_on": SURVEY_DAY,
            "place": "Trụ sở Huyện ủy Tháp Mười",
            "received_by": "Ban Thường vụ Huyện ủy Tháp Mười",
            "notes": "",
        },
        acting_user=acting_user,
    )
    next_year_end = date(timezone.localdate().year + 1, 12, 31)
    for order, (title, text, due, _state) in enumerate(RECOMMENDATIONS, start=1):
        seed.recommendations.append(
            services.add_recommendation(
                inspection=inspection,
                data={
                    "title": title,
                    "text": text,
                    "organization": district_committee,
                    "due": due or next_year_end,
                    "order": order,
                },
                acting_user=acting_user,
            )
        )
    return inspection


# What the district reported (day, text, reported done) and the day the province verified it.
REPORTS = [
    (
        date(2022, 10, 20),
        "Đã rà soát, điều chỉnh các chỉ tiêu trong kế hoạch thực hiện.",
        True,
        date(2022, 11, 15),
    ),
    (
        date(2022, 12, 20),
        "Đã ban hành kế hoạch quy hoạch, bồi dưỡng cán bộ dân vận.",
        True,
        date(2023, 1, 10),
    ),
    (date(2023, 3, 1), "Ban Dân vận Huyện ủy đã xây dựng chương trình tham mưu.", False, None),
]  # fmt: skip  — the fourth is never reported: overdue since 30/6/2023


def follow_up(seed: Seed003, *, acting_user=None) -> None:
    """Two recommendations done and verified, one in progress, one overdue (never reported)."""
    from danvan.followups import services as followups

    for recommendation, (day, text, done, verified) in zip(
        seed.recommendations, REPORTS, strict=False
    ):
        with recorded_as_of(moment_of(day)):
            followups.add_report(
                followup=recommendation.followup,
                text=text,
                reported_on=day,
                done=done,
                acting_user=acting_user,
            )
        if verified:
            with recorded_as_of(moment_of(verified)):
                followups.transition(
                    followup=recommendation.followup,
                    to_state="verified",
                    on=verified,
                    acting_user=acting_user,
                )


def load_demo(*, stdout) -> str:
    owner = Organization.objects.filter(name=PROVINCE_DAN_VAN).first()
    district_committee = Organization.objects.filter(name=DISTRICT_COMMITTEE).first()
    document = Document.objects.filter(issuer__name=PROVINCE_COMMITTEE, number=RESOLUTION).first()
    if Programme.objects.exists() or owner is None or district_committee is None:
        return _("skipped")
    seed = build_seed_003(owner=owner, district_committee=district_committee, document=document)
    follow_up(seed)
    return _("%(targets)s targets, %(recommendations)s recommendations") % {
        "targets": len(seed.targets),
        "recommendations": len(seed.recommendations),
    }
