"""Demonstration data: tỉnh Tuyên Quang's communes report the first 6 months of the year to the
province's Ban Tuyên giáo và Dân vận — most on time, two late, one returned with questions and
sent again, a few not at all — and the province accepts what it has read; its consolidated
report is then drafted from the accepted ones. Replayed through the services on the dates it
happened (``recorded_as_of``), like the application."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.enums import Role
from danvan.core.audit_context import recorded_as_of
from danvan.initiatives.demo import at
from danvan.organizations.demo import add_demo_account
from danvan.submissions import services
from danvan.submissions.models import Obligation, ReportTemplate, Submission
from danvan.submissions.periods import period_of
from danvan.territory.models import AdministrativeUnit

TEMPLATE = "Báo cáo kết quả công tác dân vận"
LATE = 2  # communes that send after the deadline
MISSING = 9  # communes that have not sent by the end of the demo
WAITING = 4  # reports the province has not read yet
STAFF = ("canbo.tuyenquang", "Hoàng Thị Thanh Hà")
COMMUNE = ("xa.binhan", "Ma Văn Dũng")  # the registering unit of xã Bình An
INDICATORS = [
    {"code": "ho_duoc_ho_tro", "label": "Số hộ được hỗ trợ, giúp đỡ", "min_value": 0},
    {
        "code": "buoi_doi_thoai",
        "label": "Số buổi đối thoại với Nhân dân",
        "min_value": 0,
        "max_value": 200,
    },
    {
        "code": "vu_viec_hoa_giai",
        "label": "Số vụ việc được hòa giải ở cơ sở",
        "min_value": 0,
        "required": False,
    },
]
SECTIONS = [
    {"title": "Kết quả thực hiện", "drafted": True},
    {"title": "Hạn chế, nguyên nhân"},
    {"title": "Phương hướng, nhiệm vụ 6 tháng cuối năm"},
]
DIRECTIONS = (
    "Tiếp tục đẩy mạnh phong trào thi đua “Dân vận khéo”, nhân rộng các mô hình hiệu quả; "
    "tăng cường đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân."
)


def demo_year(today: date) -> int:
    """The year whose first 6 months are reported: this year once its deadline has passed."""
    return today.year if today > date(today.year, 7, 20) else today.year - 1


def _entries(rng: random.Random) -> dict:
    return {
        "ho_duoc_ho_tro": str(rng.randint(20, 400)),
        "buoi_doi_thoai": str(rng.randint(1, 12)),
        "vu_viec_hoa_giai": str(rng.randint(0, 15)) if rng.random() < 0.8 else "",
    }


@transaction.atomic
def load_demo(*, stdout=None, today: date | None = None) -> str:
    province = AdministrativeUnit.objects.filter(era="current", level="province", code="08").first()
    if province is None or ReportTemplate.objects.exists():
        return _("skipped")
    today = today or timezone.localdate()
    year = demo_year(today)
    rng = random.Random(year)  # noqa: S311 — demonstration data, the same on every machine
    period = period_of(year, 6)
    staff = add_demo_account(*STAFF, role=Role.STAFF, unit=province)
    with recorded_as_of(at(date(year, 5, 20))):
        template = services.create_template(
            acting_user=staff,
            name=TEMPLATE,
            owner_unit=province,
            measures=["registered", "active", "recognised"],
            end_months=[6, 12],
            deadline_day=15,
            indicators=INDICATORS,
            sections=SECTIONS,
        )
        services.add_obligations(acting_user=staff, template=template, receiver_unit=province)
    obligations = list(
        Obligation.objects.filter(template=template)
        .select_related("unit", "template")
        .order_by("unit__path")
    )
    bin_an = next((o for o in obligations if o.unit.code == "02296"), obligations[0])
    editor = add_demo_account(*COMMUNE, role=Role.UNIT_EDITOR, unit=bin_an.unit)
    others = [o for o in obligations if o.pk != bin_an.pk]
    rng.shuffle(others)
    missing, late, returned = (
        others[:MISSING],
        others[MISSING : MISSING + LATE],
        others[MISSING + LATE],
    )
    sections = {str(template.sections.all()[2].pk): DIRECTIONS}
    due = date(year, 7, 15)
    sent: list[Submission] = []
    for obligation in obligations:
        if obligation in missing:
            continue
        day = (
            due + timedelta(days=rng.randint(2, 7))
            if obligation in late
            else date(year, 7, 1) + timedelta(days=rng.randint(0, 13))
        )
        who = editor if obligation.pk == bin_an.pk else None
        with recorded_as_of(at(day, 9 + rng.randint(0, 7))):
            sent.append(
                services.submit(
                    acting_user=who,
                    obligation=obligation,
                    period=period,
                    indicators=_entries(rng),
                    sections=sections,
                    now=at(day, 9),
                )
            )
    questions = (
        "Đề nghị xã làm rõ số hộ được hỗ trợ (tăng nhiều so với cùng kỳ) và bổ sung phần "
        "hạn chế, nguyên nhân."
    )
    first = next(s for s in sent if s.obligation_id == returned.pk)
    with recorded_as_of(at(date(year, 7, 16), 10)):
        services.return_submission(acting_user=staff, submission=first, comment=questions)
    with recorded_as_of(at(date(year, 7, 18), 14)):
        services.submit(
            acting_user=None,
            obligation=returned,
            period=period,
            indicators=_entries(rng),
            sections={
                **sections,
                str(template.sections.all()[1].pk): "Một số thôn chưa tổ chức đối thoại định kỳ.",
            },
            now=at(date(year, 7, 18), 14),
        )
    waiting = {s.pk for s in rng.sample(sent, WAITING)} - {first.pk}
    accepted = 0
    for submission in Submission.objects.filter(obligation__template=template).order_by(
        "submitted_at"
    ):
        if submission.pk in waiting:
            continue
        day = max(submission.submitted_at.date() + timedelta(days=2), date(year, 7, 20))
        with recorded_as_of(at(day, 15)):
            services.accept_submission(acting_user=staff, submission=submission)
        accepted += 1
    return _("%(sent)s of %(total)s communes reported, %(accepted)s accepted") % {
        "sent": len(sent),
        "total": len(obligations),
        "accepted": accepted,
    }
