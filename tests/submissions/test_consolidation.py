import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from danvan.reports.periods import Period
from danvan.submissions import queries, services
from danvan.submissions.consolidation import consolidate
from danvan.submissions.models import Obligation
from danvan.territory.models import AdministrativeUnit
from tests.initiatives import factories as initiatives
from tests.submissions.helpers import H1_2026, at, make_template, tuyen_quang

pytestmark = pytest.mark.django_db
IN_2026 = {"year": 2026, "start_date": date(2026, 3, 1)}


def _send(obligation, households: str, *, period=H1_2026, when=None):
    return services.submit(
        acting_user=None,
        obligation=obligation,
        period=period,
        indicators={"ho_duoc_ho_tro": households},
        sections={},
        now=when or at(date(period.end.year, period.end.month, 28)),
    )


def _communes(template, count):
    communes = Obligation.objects.filter(template=template, receiver_unit__isnull=False)
    return list(communes.order_by("unit__path")[:count])


def test_the_province_sums_what_its_communes_sent_and_compares_with_the_records(template):
    initiatives.seed()
    first, second, third = _communes(template, 3)
    initiatives.make_initiative(name="Mô hình ở xã thứ nhất", place=first.unit, **IN_2026)
    initiatives.make_initiative(name="Mô hình ở xã thứ hai", place=second.unit, **IN_2026)
    services.accept_submission(acting_user=None, submission=_send(first, "1.200"))
    services.accept_submission(acting_user=None, submission=_send(second, "30"))
    services.return_submission(acting_user=None, submission=_send(third, "7"), comment="Sai")
    # The records change after the units sent their figures.
    initiatives.make_initiative(name="Mô hình đăng ký sau", place=first.unit, **IN_2026)
    result = consolidate(
        Obligation.objects.filter(template=template),
        template=template,
        period=H1_2026,
        today=date(2026, 8, 1),
    )
    registered = next(row for row in result.figures if row["code"] == "registered")
    assert (registered["sent"], registered["records"], registered["difference"]) == (2, 3, 1)
    households = result.indicators[0]
    assert (households["label"], households["total"], households["units"]) == (
        "Số hộ được hỗ trợ",
        1230,
        2,
    )
    assert {item["name"] for item in result.accepted} == {
        first.unit.full_name,
        second.unit.full_name,
    }
    total = Obligation.objects.filter(template=template).count()
    assert len(result.missing) == total - 2
    assert result.summary().startswith(f"3/{total} đơn vị đã gửi báo cáo")
    assert "2 đã được tiếp nhận" in result.summary()
    assert "Chưa gửi báo cáo:" in result.summary()
    assert result.reform_note() == ""


def test_the_consolidation_is_exported_in_party_layout(template, province_staff):
    services.accept_submission(acting_user=None, submission=_send(_communes(template, 1)[0], "12"))
    client = Client()
    client.force_login(province_staff)
    url = f"/bao-cao-dinh-ky/mau/{template.pk}/tong-hop/?ky=2026-06"
    page = client.get(url).content.decode()
    assert "Tổng hợp các báo cáo đã tiếp nhận" in page
    xlsx = client.get(url + "&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [row[:3] for row in sheet.iter_rows(values_only=True)]
    assert ("Số hộ được hỗ trợ", 12, 1) in values
    docx = client.get(url + "&format=docx")
    assert docx["Content-Disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "BÁO CÁO" in text
    assert "6 tháng đầu năm 2026 (tổng hợp)" in text
    cells = Document(io.BytesIO(docx.content)).tables[0].rows[0].cells
    assert "TỈNH ỦY TUYÊN QUANG" in cells[0].text
    pdf = client.get(url + "&format=pdf")
    assert pdf.content.startswith(b"%PDF")


def test_before_the_reform_the_old_units_are_consolidated_as_they_were(db):
    old_province = AdministrativeUnit.objects.get(era="legacy", level="province", code="08")
    template = make_template(old_province, obligations=False, end_months=[6])
    services.add_obligations(
        acting_user=None, template=template, receiver_unit=old_province, as_of=date(2025, 6, 1)
    )
    h1_2025 = Period(date(2025, 1, 1), date(2025, 6, 30))
    district = Obligation.objects.filter(template=template).order_by("unit__path").first()
    services.accept_submission(acting_user=None, submission=_send(district, "5", period=h1_2025))
    result = consolidate(
        Obligation.objects.filter(template=template),
        template=template,
        period=h1_2025,
        today=date(2026, 8, 1),
    )
    assert result.accepted[0]["name"] == district.unit.full_name
    assert result.accepted[0]["today"] == "Tỉnh Tuyên Quang"
    # Remapped: the old districts of Tuyên Quang all became part of today's province.
    assert len(result.remapped) == 1
    group = result.remapped[0]
    total = Obligation.objects.filter(template=template).count()
    assert (group["name"], group["units"], group["accepted"]) == ("Tỉnh Tuyên Quang", total, 1)
    assert group["totals"][0] == 5
    # Today's province staff read the old province's consolidation, grouped by today's units.
    from tests.permissions import user_with_role

    client = Client()
    client.force_login(user_with_role("staff", unit=tuyen_quang()))
    page = client.get(f"/bao-cao-dinh-ky/mau/{template.pk}/tong-hop/?ky=2025-06").content.decode()
    assert "Theo đơn vị hiện nay" in page
    assert "đã kết thúc trước ngày 1/7/2025" in page
    assert "đã kết thúc trước ngày 1/7/2025" in result.reform_note()
    # After the reform the old districts report nothing: they no longer exist.
    assert (
        queries.due_obligations(Obligation.objects.filter(template=template), H1_2026).count() == 0
    )


def test_a_period_spanning_the_reform_is_explained(db):
    template = make_template(end_months=[12])
    year = Period(date(2025, 1, 1), date(2025, 12, 31))
    result = consolidate(
        Obligation.objects.filter(template=template), template=template, period=year
    )
    assert "trải qua ngày 1/7/2025" in result.reform_note()
    assert result.board.total == tuyen_quang().children.count()


def test_completeness_and_consolidation_take_the_same_queries_whatever_the_number(template):
    obligations = Obligation.objects.filter(template=template)

    def count(sent: int) -> int:
        for obligation in _communes(template, sent)[-2:] if sent > 2 else _communes(template, sent):
            if not obligation.submissions.exists():
                services.accept_submission(acting_user=None, submission=_send(obligation, "1"))
        with CaptureQueriesContext(connection) as captured:
            consolidate(obligations, template=template, period=H1_2026, today=date(2026, 8, 1))
        return len(captured)

    few = count(2)
    for obligation in _communes(template, 12)[2:]:
        services.accept_submission(acting_user=None, submission=_send(obligation, "2"))
    assert count(12) == few


def test_the_province_sends_its_own_report_upward_starting_from_its_communes(template):
    from danvan.accounts.models import Grant
    from danvan.submissions.models import Submission
    from tests.factories.organizations import make_organization
    from tests.permissions import user_with_role

    central = make_organization(name="Ban Tuyên giáo và Dân vận Trung ương", unit=None)
    own = services.add_obligation(
        acting_user=None, template=template, unit=tuyen_quang(), receiver_organization=central
    )
    assert own.receiver_name() == "Ban Tuyên giáo và Dân vận Trung ương"
    first, second = _communes(template, 2)
    services.accept_submission(acting_user=None, submission=_send(first, "1.000"))
    services.accept_submission(acting_user=None, submission=_send(second, "25"))
    staff = user_with_role("staff", unit=tuyen_quang())
    client = Client()
    client.force_login(staff)
    response = client.get(f"/bao-cao-dinh-ky/nghia-vu/{own.pk}/2026-06/")
    assert response.status_code == 200, response
    page = response.content.decode()
    assert 'value="1025"' in page
    assert "2/124 đơn vị đã gửi báo cáo" in page
    assert 'id="from-below"' in page
    response = client.post(
        f"/bao-cao-dinh-ky/nghia-vu/{own.pk}/2026-06/",
        {"action": "submit", "indicator_ho_duoc_ho_tro": "1025"},
    )
    assert response.status_code == 302
    sent = Submission.objects.get(obligation=own)
    assert sent.versions.get().indicators[0]["value"] == 1025
    # The centre (a superuser here: central bodies have no unit) sees it on its board.
    assert not Grant.objects.filter(organization=central).exists()
