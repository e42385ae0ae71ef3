"""Eligibility computed from the register and explained in Vietnamese."""

from datetime import date

import pytest

from danvan.honors import queries, services
from danvan.honors.eligibility import (
    duration,
    evaluate,
    evaluate_people,
    screen_people,
)
from danvan.honors.enums import HonourSource
from danvan.honors.service_months import weighted_months
from danvan.organizations.models import Person
from tests.factories.organizations import make_organization
from tests.honors.factories import (
    AS_OF,
    make_kind,
    medal,
    officers,
    person_with_service,
    thap_muoi,
)

pytestmark = pytest.mark.django_db


def test_durations_read_in_years_and_months():
    assert duration(208) == "17 năm 4 tháng"
    assert duration(8) == "8 tháng"
    assert duration(180) == "15 năm"


def test_seventeen_years_four_months_of_service_is_eligible_for_the_medal():
    person = person_with_service((date(2009, 2, 1), None), full_name="Lương Văn Đủ")
    evaluation = evaluate(medal(), person, as_of=AS_OF)
    assert evaluation.eligible
    assert evaluation.served_months == 208
    assert evaluation.summary.startswith(
        "Đủ điều kiện: 17 năm 4 tháng làm công tác dân vận (cần 15 năm)"
    )


def test_a_woman_short_of_twelve_years_is_a_near_miss_that_says_what_she_lacks():
    person = person_with_service(
        (date(2015, 2, 1), None), full_name="Hoàng Thị Thiếu", gender="female"
    )
    evaluation = evaluate(medal(), person, as_of=AS_OF)
    assert not evaluation.eligible
    assert evaluation.near_miss
    assert evaluation.summary == (
        "Chưa đủ điều kiện: 11 năm 4 tháng làm công tác dân vận (cần 12 năm đối với nữ), "
        "còn thiếu 8 tháng"
    )


def test_overlapping_periods_count_once_and_difficult_areas_count_more():
    periods = [
        (date(2000, 1, 1), date(2010, 1, 1), False),
        (date(2005, 1, 1), date(2012, 1, 1), False),
    ]
    months, current = weighted_months(periods, as_of=AS_OF, percent=150)
    assert months == 144
    assert not current
    difficult = [(date(2000, 1, 1), date(2010, 1, 1), True), (date(2010, 1, 1), None, False)]
    months, current = weighted_months(difficult, as_of=date(2011, 7, 1), percent=150)
    assert months == 120 * 1.5 + 18
    assert current


def test_ten_years_in_a_difficult_area_count_as_fifteen_for_the_medal():
    person = person_with_service((date(2016, 5, 1), None), difficult=True, full_name="Ma Văn Khó")
    evaluation = evaluate(medal(), person, as_of=AS_OF)
    assert evaluation.served_months == 181
    assert evaluation.eligible
    assert "(mỗi tháng ở vùng khó khăn được tính 150%)" in evaluation.summary


def test_a_medal_received_already_is_not_conferred_twice():
    kind = medal()
    person = person_with_service((date(2000, 1, 1), None), full_name="Nông Văn Đã")
    services.record_honour(
        kind=kind,
        recipient=person,
        decided_on=date(2020, 10, 10),
        decision_number="123-QĐ/BDVTW",
        source=HonourSource.ENTERED,
        acting_user=None,
    )
    evaluation = evaluate(kind, person, as_of=AS_OF)
    assert not evaluation.eligible
    assert not evaluation.near_miss  # nothing to make up for
    assert "đã nhận ngày 10/10/2020 (chỉ tặng một lần)" in evaluation.summary


def test_an_exclusion_recorded_makes_a_person_not_eligible_with_the_reason():
    person = person_with_service((date(2000, 1, 1), None), full_name="Đinh Văn Kỷ")
    services.record_exclusion(
        person=person, reason="Bị kỷ luật khiển trách", start=date(2026, 1, 5), acting_user=None
    )
    evaluation = evaluate(medal(), person, as_of=AS_OF)
    assert not evaluation.eligible
    assert "Bị kỷ luật khiển trách" in evaluation.summary
    assert "05/01/2026" in evaluation.summary


def test_a_previous_honour_and_the_years_since_are_conditions():
    first = make_kind(name="Giấy khen thử nghiệm")
    second = make_kind(name="Bằng khen cấp tỉnh thử", previous_kind=first, years_since_previous=3)
    person = person_with_service((date(2020, 1, 1), None), full_name="Vi Văn Trước")
    assert "chưa nhận Giấy khen thử nghiệm" in evaluate(second, person, as_of=AS_OF).summary
    services.record_honour(
        kind=first,
        recipient=person,
        decided_on=date(2024, 9, 2),
        decision_number="5-QĐ",
        acting_user=None,
    )
    evaluation = evaluate(second, person, as_of=AS_OF)
    assert not evaluation.eligible
    assert "đã nhận Giấy khen thử nghiệm ngày 02/09/2024, cách đây 1 năm" in evaluation.summary


def test_candidates_are_the_eligible_and_near_people_in_the_users_scope():
    people = officers()
    kind = medal()
    person_with_service((date(2009, 2, 1), None), full_name="Lương Văn Đủ")
    person_with_service((date(2015, 2, 1), None), full_name="Hoàng Thị Thiếu", gender="female")
    person_with_service((date(2022, 1, 1), None), full_name="Trần Văn Mới")
    far = thap_muoi()
    person_with_service(
        (date(2000, 1, 1), None),
        full_name="Người Đồng Tháp",
        unit=far,
        organization=make_organization(name="Ban Dân vận xã ở Đồng Tháp", unit=far),
    )
    found = queries.candidates(kind, user=people["province"], as_of=AS_OF)
    assert [str(e.recipient) for e in found.eligible] == ["Lương Văn Đủ"]
    assert [str(e.recipient) for e in found.near] == ["Hoàng Thị Thiếu"]
    assert found.examined == 3


def test_overlapping_periods_read_from_the_database_count_once():
    person = person_with_service(
        (date(2000, 1, 1), date(2010, 1, 1)),
        (date(2005, 1, 1), date(2012, 1, 1)),
        (date(2012, 1, 1), date(2015, 1, 1)),
        full_name="Chồng Chéo",
    )
    touching = person_with_service(
        (date(2000, 1, 15), date(2008, 3, 15)),
        (date(2008, 3, 15), date(2015, 1, 15)),
        full_name="Nối Tiếp",
    )
    kind = medal()
    assert evaluate(kind, person, as_of=AS_OF).served_months == 180
    assert evaluate(kind, touching, as_of=AS_OF).served_months == 180


def test_a_long_period_holding_later_ones_is_found_by_its_neighbour_and_counts_once():
    # The third period overlaps only the first, not the one just before it: the first and the
    # second, neighbours, overlap too, so the person's periods are counted again as a whole.
    person = person_with_service(
        (date(2000, 1, 1), date(2015, 1, 1)),
        (date(2001, 1, 1), date(2002, 1, 1)),
        (date(2003, 1, 1), date(2004, 1, 1)),
        full_name="Bao Trùm",
    )
    kind = medal()
    assert evaluate(kind, person, as_of=AS_OF).served_months == 180
    screened = screen_people(kind, Person.objects.filter(pk=person.pk), as_of=AS_OF, limit=1)
    assert screened.eligible_ids == [person.pk]
    assert screened.eligible[0].served_months == 180


def test_screening_many_people_agrees_with_evaluating_each_in_full():
    kind = medal()
    people = [
        person_with_service((date(2009, 2, 1), None), full_name="Đủ Năm"),
        person_with_service((date(2015, 2, 1), None), full_name="Nữ Gần Đủ", gender="female"),
        person_with_service((date(2013, 2, 1), None), full_name="Dân Tộc", ethnicity="Tày"),
        person_with_service((date(2020, 1, 1), None), full_name="Còn Xa"),
        person_with_service((date(2000, 1, 1), None), full_name="Đã Nhận"),
        person_with_service((date(2000, 1, 1), None), full_name="Bị Kỷ Luật"),
        person_with_service(
            (date(2000, 1, 1), date(2010, 1, 1)), (date(2005, 1, 1), None), full_name="Chồng"
        ),
    ]
    services.record_honour(
        kind=kind,
        recipient=people[4],
        decided_on=date(2020, 10, 10),
        decision_number="1-QĐ",
        acting_user=None,
    )
    services.record_exclusion(
        person=people[5], reason="Kỷ luật", start=date(2025, 1, 1), acting_user=None
    )
    chosen = Person.objects.filter(pk__in=[p.pk for p in people]).order_by("pk")
    full = evaluate_people(kind, chosen, as_of=AS_OF)
    screened = screen_people(kind, chosen, as_of=AS_OF, limit=10)
    assert screened.eligible_ids == [e.recipient.pk for e in full if e.eligible]
    assert sorted(screened.near_ids) == sorted(e.recipient.pk for e in full if e.near_miss)
    assert [str(e.recipient) for e in screened.eligible] == ["Đủ Năm", "Dân Tộc", "Chồng"]
    assert [str(e.recipient) for e in screened.near] == ["Bị Kỷ Luật", "Nữ Gần Đủ"]
    assert screened.near[1].summary.endswith("còn thiếu 8 tháng")


def test_a_kind_may_ask_for_a_position_held_and_says_which():
    from danvan.organizations.services import add_person_link
    from tests.honors.factories import commune_ban

    kind = make_kind(name="Bằng khen cho cán bộ đương chức", requires_current_position=True)
    holder = person_with_service((date(2020, 1, 1), None), full_name="Có Chức Vụ")
    add_person_link(
        person=holder,
        kind="position",
        data={"organization": commune_ban(), "title": "Trưởng ban", "start": date(2021, 1, 1)},
        acting_user=None,
    )
    without = person_with_service((date(2020, 1, 1), None), full_name="Không Chức Vụ")
    held = evaluate(kind, holder, as_of=AS_OF)
    assert held.eligible
    assert held.summary == (
        "Đủ điều kiện: đang giữ chức vụ: Trưởng ban — Ban Dân vận Đảng ủy xã Bình An"
    )
    missing = evaluate(kind, without, as_of=AS_OF)
    assert missing.summary == "Chưa đủ điều kiện: chưa ghi nhận chức vụ đang giữ"
