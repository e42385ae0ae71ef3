"""Seed 003 (Tháp Mười, Đồng Tháp): Nghị quyết 01-NQ/TU of the provincial Party Committee with
its targets cascaded to huyện Tháp Mười, and the survey of 19/8/2022 with its four
recommendations — as the demonstration loads it, read back on the pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from danvan.documents.services import create_document
from danvan.organizations.enums import OrganizationKind
from danvan.targets import demo
from danvan.targets.enums import Standing
from danvan.territory.queries import resolve_place
from tests.permissions import user_with_role
from tests.targets.factories import dong_thap, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    province_committee = make_organization(
        name=demo.PROVINCE_COMMITTEE, kind=OrganizationKind.PARTY_COMMITTEE, unit=dong_thap()
    )
    owner = make_organization(
        name=demo.PROVINCE_DAN_VAN, unit=dong_thap(), parent=province_committee
    )
    district = resolve_place("huyện Tháp Mười, tỉnh Đồng Tháp", as_of=date(2022, 1, 1)).unit
    district_committee = make_organization(
        name=demo.DISTRICT_COMMITTEE,
        kind=OrganizationKind.PARTY_COMMITTEE,
        unit=district,
        parent=province_committee,
    )
    document = create_document(
        data={
            "number": demo.RESOLUTION,
            "issued_on": date(2020, 12, 25),
            "issuer": province_committee,
            "title": "Nghị quyết về nâng cao hiệu quả công tác dân vận trong tình hình mới",
        },
        acting_user=None,
    )
    seed = demo.build_seed_003(
        owner=owner, district_committee=district_committee, document=document
    )
    demo.follow_up(seed)
    return seed


def test_the_resolutions_targets_are_cascaded_to_thap_muoi(seed):
    assert [t.number for t in seed.targets] == ["1", "2", "3", "4"]
    assert {s.unit.name for s in seed.shares} == {"Tháp Mười"}
    assert [s.target_value for s in seed.shares] == [
        Decimal(80),
        Decimal(400),
        Decimal(100),
        Decimal(1),
    ]


def test_the_figures_of_mid_2022_give_each_target_its_standing(seed):
    standings = [t.standing for t in seed.targets]
    # 430 models by mid-2022 against 1,000 by 2025 (milestone 400 by end 2022): on course;
    # 2,150 trainings against 5,000 by 2025: on course; 95% against 100%: on course;
    # 11 mass complaints against at most 4, from 12: hard to meet.
    assert standings == [Standing.LIKELY, Standing.LIKELY, Standing.LIKELY, Standing.AT_RISK]
    district = [s.standing for s in seed.shares]
    assert district[2] == Standing.LIKELY  # 92% against 100%


def test_the_survey_of_19_8_2022_has_its_team_session_and_four_recommendations(seed):
    inspection = seed.inspection
    assert inspection.starts_on == demo.SURVEY_DAY
    assert inspection.sessions.get().received_by == "Ban Thường vụ Huyện ủy Tháp Mười"
    titles = list(inspection.recommendations.values_list("title", flat=True))
    assert len(titles) == 4
    assert titles[0] == "Rà soát các chỉ tiêu của Nghị quyết 01-NQ/TU"


def test_the_provinces_staff_see_the_dashboard_and_the_district_sees_its_share(seed):
    staff = Client()
    staff.force_login(user_with_role("staff", unit=dong_thap()))
    body = staff.get(f"/chi-tieu/{seed.programme.pk}/").content.decode()
    assert "Nghị quyết 01-NQ/TU của Tỉnh ủy Đồng Tháp" in body
    assert "Đến nay có 0/4 chỉ tiêu đạt và vượt." in body
    district = Client()
    district.force_login(user_with_role("unit_editor", unit=seed.shares[0].unit))
    page = district.get(f"/chi-tieu/don-vi/{seed.shares[0].unit.pk}/").content.decode()
    assert "Mô hình, điển hình “Dân vận khéo” được xây dựng và nhân rộng" in page
    assert district.get(f"/chi-tieu/muc/{seed.shares[0].pk}/bao-cao/").status_code == 200
    assert district.get(f"/chi-tieu/muc/{seed.targets[0].pk}/bao-cao/").status_code == 403


def _docx_text(content: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)


def test_the_interim_review_prints_the_targets_table_and_its_sentences(seed):
    staff = Client()
    staff.force_login(user_with_role("staff", unit=dong_thap()))
    response = staff.get(
        f"/chi-tieu/{seed.programme.pk}/so-ket/",
        {"kind": "interim", "as_of": "19/08/2022", "format": "docx"},
    )
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text = _docx_text(response.content)
    assert "Sơ kết thực hiện Nghị quyết 01-NQ/TU của Tỉnh ủy Đồng Tháp" in text
    assert (
        "Đến nay có 0/4 chỉ tiêu đạt và vượt, 3 chỉ tiêu có khả năng đạt, 1 chỉ tiêu khó đạt."
        in text
    )
    assert "Vụ khiếu kiện đông người, vượt cấp (11/4 vụ)" in text
    assert "Rà soát các chỉ tiêu của Nghị quyết 01-NQ/TU" in text
    assert text.count("Đã xác nhận hoàn thành") == 2
    assert "Mới giao, quá hạn từ ngày 30/06/2023" in text
    assert "BAN DÂN VẬN TỈNH ỦY ĐỒNG THÁP" in text
    assert "Đồng Tháp, ngày 19 tháng 08 năm 2022" in text


def test_a_review_before_any_figure_says_no_target_has_figures(seed):
    staff = Client()
    staff.force_login(user_with_role("staff", unit=dong_thap()))
    response = staff.get(
        f"/chi-tieu/{seed.programme.pk}/so-ket/",
        {"kind": "final", "as_of": "01/01/2022", "format": "docx"},
    )
    text = _docx_text(response.content)
    assert "Tổng kết thực hiện" in text
    assert "Đến nay có 0/4 chỉ tiêu đạt và vượt, 4 chỉ tiêu chưa có số liệu." in text


def test_the_review_is_also_a_pdf(seed):
    staff = Client()
    staff.force_login(user_with_role("viewer", unit=dong_thap()))
    response = staff.get(
        f"/chi-tieu/{seed.programme.pk}/so-ket/",
        {"kind": "interim", "as_of": "19/08/2022", "format": "pdf"},
    )
    assert response.content.startswith(b"%PDF-")


def test_the_four_recommendations_are_followed_two_verified_one_in_progress_one_overdue(seed):
    followups = [r.followup for r in seed.recommendations]
    for followup in followups:
        followup.refresh_from_db()
    assert [f.state for f in followups] == ["verified", "verified", "in_progress", "open"]
    assert [f.overdue for f in followups] == [False, False, False, True]
    assert followups[0].assignee.name == demo.DISTRICT_COMMITTEE
    assert followups[0].owner.name == demo.PROVINCE_DAN_VAN


def test_the_followups_command_lists_them_for_the_district_with_the_overdue_one(seed):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("followups", "--scope", demo.DISTRICT_COMMITTEE, "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 4
    late = [row for row in rows if row["overdue"]]
    assert [row["title"] for row in late] == [
        "Tiếp tục nhân rộng các mô hình “Dân vận khéo” hiệu quả"
    ]
    assert late[0]["due"] == "2023-06-30"
    assert rows[0]["source"].startswith("Khảo sát một năm thực hiện Nghị quyết 01-NQ/TU")


def test_the_survey_page_shows_each_recommendations_follow_up(seed):
    staff = Client()
    staff.force_login(user_with_role("staff", unit=dong_thap()))
    body = staff.get(f"/khao-sat/{seed.inspection.pk}/").content.decode()
    assert body.count("đã xác nhận hoàn thành") == 2
    assert "đang thực hiện" in body
    assert 'standing--at_risk">quá hạn<' in body
    page = staff.get(f"/theo-doi/{seed.recommendations[0].followup.pk}/").content.decode()
    assert f"/khao-sat/{seed.inspection.pk}/" in page


def test_the_dashboard_lists_the_recommendations_and_the_overdue_one(seed):
    staff = Client()
    staff.force_login(user_with_role("viewer", unit=dong_thap()))
    body = staff.get(f"/chi-tieu/{seed.programme.pk}/").content.decode()
    assert "Các kiến nghị và tình hình thực hiện" in body
    assert body.count("Đã xác nhận hoàn thành") == 2
    assert body.count('standing--at_risk">quá hạn<') == 1
