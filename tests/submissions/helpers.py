"""Periodic reports for tests: a 6-month template of tỉnh Tuyên Quang that its communes report
on, made through the services as the application makes them."""

from datetime import UTC, date, datetime

from danvan.reports.periods import Period
from danvan.submissions import services
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import dong_thap, tuyen_quang
from tests.initiatives import factories as initiatives

H1_2026 = Period(date(2026, 1, 1), date(2026, 6, 30))

__all__ = ["H1_2026", "commune", "dong_thap", "make_template", "at", "tuyen_quang"]


def commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(era="current", level="commune", code=code)


def binh_an() -> AdministrativeUnit:
    return initiatives.binh_an()


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def make_template(owner=None, *, obligations=True, **extra):
    owner = owner or tuyen_quang()
    options = {
        "name": "Báo cáo kết quả công tác dân vận",
        "measures": ["registered", "active"],
        "end_months": [6, 12],
        "deadline_day": 15,
        "indicators": [
            {"code": "ho_duoc_ho_tro", "label": "Số hộ được hỗ trợ", "min_value": 0},
            {
                "code": "buoi_doi_thoai",
                "label": "Số buổi đối thoại",
                "required": False,
                "max_value": 500,
            },
        ],
        "sections": [
            {"title": "Kết quả", "drafted": True},
            {"title": "Phương hướng", "guidance": "Nhiệm vụ 6 tháng cuối năm"},
        ],
    }
    options.update(extra)
    template = services.create_template(acting_user=None, owner_unit=owner, **options)
    if obligations:
        services.add_obligations(acting_user=None, template=template, receiver_unit=owner)
    return template


def sent_report(officer) -> dict:
    """For the fuzz tests: ``officer`` is the registering unit of xã Bình An (its report of the
    first 6 months of 2026 is still a draft) and another commune has sent its own."""
    from danvan.accounts.models import Grant
    from danvan.submissions.models import Obligation

    template = make_template()
    Grant.objects.create(user=officer, role="unit_editor", unit=binh_an())
    obligation = Obligation.objects.get(template=template, unit=binh_an())
    other = Obligation.objects.filter(template=template).exclude(pk=obligation.pk).first()
    submission = services.submit(
        acting_user=None,
        obligation=other,
        period=H1_2026,
        indicators={"ho_duoc_ho_tro": "3"},
        sections={},
        now=at(date(2026, 7, 1)),
    )
    return {"template": template, "obligation": obligation, "submission": submission}
