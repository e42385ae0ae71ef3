"""Demonstration activities and campaigns: the seed scenarios replayed through the services on
their own dates (``recorded_as_of``), on the organisations and documents of the other apps'
demonstrations.

- Seed 000: on 13/5/2022 the staff of Sở Nội vụ tỉnh Tuyên Quang and of the Party committee of
  the government bodies of huyện Lâm Bình worked with the people of thôn Tống Pu and thôn
  Phiêng Luông, xã Bình An, under Hướng dẫn 02-HD/BDVTU and Kế hoạch 54-KH/HU. The head-counts
  and quantities are written for the demo (the article gives none).
- Seed 004: the Tháng Dân vận 2018 of Bắc Giang (1–31/10/2018) under Kế hoạch 45-KH/BDVTU,
  with its slogans, a plan for six districts and the activities done by 20/10/2018; and the
  "Năm dân vận chính quyền 2018"."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from danvan.activities import services
from danvan.activities.enums import CampaignKind, Role
from danvan.activities.models import (
    Activity,
    ActivityKind,
    Campaign,
    ParticipantCategory,
    WorkKind,
)
from danvan.core.audit_context import moment_of, recorded_as_of
from danvan.documents.models import Document
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit
from danvan.territory.services import add_unit

BINH_AN = "L.08.071.02290."
BAC_GIANG = "L.24."
SLOGANS = "\n".join(
    [
        "Dân vận khéo thì việc gì cũng xong",
        "Nâng cao chất lượng, hiệu quả công tác dân vận của chính quyền các cấp",
        "Cán bộ, đảng viên gần dân, hiểu dân, giúp dân, học dân",
    ]
)
# District (old map, code under tỉnh Bắc Giang), activities planned, activities done by
# 20/10/2018, metres of concrete road done.
BAC_GIANG_PLAN = [
    ("215", "Yên Thế", 4, 3, 1500),
    ("216", "Tân Yên", 3, 1, 400),
    ("217", "Lạng Giang", 3, 2, 800),
    ("218", "Lục Nam", 4, 4, 2000),
    ("219", "Lục Ngạn", 5, 1, 300),
    ("220", "Sơn Động", 2, 0, 0),
]


def _organization(name: str) -> Organization | None:
    return Organization.objects.filter(name=name).first()


def _documents(*numbers: str) -> list[Document]:
    return list(Document.objects.filter(number__in=numbers))


def _hamlet(parent: AdministrativeUnit, name: str) -> AdministrativeUnit:
    found = parent.children.filter(name=name).first()
    if found is not None:
        return found
    return add_unit(
        parent=parent, unit_type="thon", name=name, valid_to=parent.valid_to, acting_user=None
    )


def _seed_000() -> int:
    so_noi_vu = _organization("Sở Nội vụ tỉnh Tuyên Quang")
    dang_uy = _organization("Đảng ủy Khối cơ quan Chính quyền huyện Lâm Bình")
    place = AdministrativeUnit.objects.filter(path=BINH_AN).first()
    if so_noi_vu is None or dang_uy is None or place is None:
        return 0
    category = {c.code: c for c in ParticipantCategory.objects.all()}
    work = {w.code: w for w in WorkKind.objects.all()}
    day = date(2022, 5, 13)
    with recorded_as_of(moment_of(day, 17)):
        services.record_activity(
            data={
                "title": "Cán bộ, đảng viên giúp Nhân dân thôn Tống Pu và thôn Phiêng Luông "
                "xây dựng nông thôn mới",
                "kind": ActivityKind.objects.get(code="labour"),
                "place": place,
                "start_date": day,
                "reached": 120,
                "description": "Dọn vệ sinh đường làng, đường bê tông nội đồng, chăm sóc "
                "đường hoa, khơi thông cống rãnh; hướng tới các tiêu chí nông thôn mới và Đề "
                "án số 02 của Huyện ủy.",
            },
            places=[_hamlet(place, "Tống Pu"), _hamlet(place, "Phiêng Luông")],
            organizations=[
                {
                    "organization": so_noi_vu,
                    "role": Role.ORGANISER,
                    "counts": {category["party-members"]: 25, category["civil-servants"]: 40},
                },
                {
                    "organization": dang_uy,
                    "role": Role.ORGANISER,
                    "counts": {category["party-members"]: 30, category["public-employees"]: 15},
                },
            ],
            works={
                work["road-cleaned"]: Decimal(2500),
                work["field-road"]: Decimal(1200),
                work["flower-road"]: Decimal(800),
                work["drains"]: Decimal(600),
            },
            documents=_documents("02-HD/BDVTU", "54-KH/HU"),
            acting_user=None,
        )
    return 1


def _seed_004() -> int:
    organiser = _organization("Ban Dân vận Tỉnh ủy Bắc Giang")
    province = AdministrativeUnit.objects.filter(path=BAC_GIANG).first()
    if organiser is None or province is None:
        return 0
    created = 0
    with recorded_as_of(moment_of(date(2018, 9, 25))):
        month = services.create_campaign(
            data={
                "name": "Tháng Dân vận năm 2018 tỉnh Bắc Giang",
                "kind": CampaignKind.MONTH,
                "start_date": date(2018, 10, 1),
                "end_date": date(2018, 10, 31),
                "organiser": organiser,
                "scope_unit": province,
                "slogans": SLOGANS,
                "description": "Hưởng ứng “Năm dân vận chính quyền 2018”: mỗi huyện, thành "
                "phố đăng ký các phần việc cụ thể giúp Nhân dân.",
            },
            documents=_documents("45-KH/BDVTU"),
            acting_user=None,
        )
        services.create_campaign(
            data={
                "name": "Năm dân vận chính quyền 2018",
                "kind": CampaignKind.YEAR,
                "start_date": date(2018, 1, 1),
                "end_date": date(2018, 12, 31),
                "organiser": organiser,
                "scope_unit": province,
            },
            acting_user=None,
        )
        created += 2
        road = WorkKind.objects.get(code="concrete-road")
        for code, _name, planned, _done, metres in BAC_GIANG_PLAN:
            district = AdministrativeUnit.objects.filter(path=f"{BAC_GIANG}{code}.").first()
            if district is not None:
                services.set_plan_line(
                    campaign=month,
                    unit=district,
                    planned_activities=planned,
                    due_date=date(2018, 10, 31),
                    works={road: Decimal(max(metres, 500) * 2)},
                    acting_user=None,
                )
    labour = ActivityKind.objects.get(code="labour")
    party = ParticipantCategory.objects.get(code="party-members")
    for code, _name, _planned, done, metres in BAC_GIANG_PLAN:
        communes = list(
            AdministrativeUnit.objects.filter(
                path__startswith=f"{BAC_GIANG}{code}.", level="commune"
            ).order_by("path")[:done]
        )
        for number, commune in enumerate(communes, start=1):
            day = date(2018, 10, 2 + 3 * number)
            with recorded_as_of(moment_of(day, 17)):
                services.record_activity(
                    data={
                        "title": f"Ra quân Tháng Dân vận làm đường giao thông nông thôn, "
                        f"{commune.inline_name}",
                        "kind": labour,
                        "campaign": month,
                        "place": commune,
                        "start_date": day,
                        "reached": 60 + 10 * number,
                    },
                    organizations=[
                        {
                            "organization": organiser,
                            "role": Role.ORGANISER,
                            "counts": {party: 20 + 5 * number},
                        }
                    ],
                    works={road: Decimal(metres // done)} if metres else {},
                    acting_user=None,
                )
            created += 1
    return created


def load_demo(*, stdout=None) -> str:
    if Activity.objects.exists() or Campaign.objects.exists():
        return _("Demonstration activities were already loaded.")
    services.seed_catalogues()
    count = _seed_000() + _seed_004()
    return _("%(count)s demonstration activities and campaigns loaded.") % {"count": count}
