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
    return demo.build_seed_003(
        owner=owner, district_committee=district_committee, document=document
    )


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
