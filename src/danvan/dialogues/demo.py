"""Demonstration data: the commune chairman's dialogue with the people of xã Bình An (tỉnh
Tuyên Quang) — five opinions, two answered on the spot, three promised (one kept and verified,
one being carried out, one overdue) — and a petition transferred, answered, reopened at the
citizen's request, answered again and closed. Replayed through the services, each step on its
own date (``recorded_as_of``)."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.audit_context import recorded_as_of
from danvan.dialogues import services
from danvan.dialogues.models import Dialogue, PetitionCategory
from danvan.followups import services as followups
from danvan.followups.enums import State
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.models import Organization
from danvan.organizations.services import create_organization
from danvan.territory.models import AdministrativeUnit

HELD_ON = date(2026, 6, 12)
PLACE_CODE = "02296"  # xã Bình An, tỉnh Tuyên Quang (today's map)
ORGANIZER = "Đảng ủy xã Bình An"
UBND = "Ủy ban nhân dân xã Bình An"
POLICE = "Công an xã Bình An"

# group, field, content, answer (on the spot) or (what is promised, by whom, due, how it ends)
OPINIONS = [
    (
        "farmers",
        "economy",
        "Khi nào xã chi trả tiền hỗ trợ giống ngô vụ hè thu cho các hộ thôn Nà Làng?",
        "Kinh phí đã được cấp; xã chi trả trước ngày 30/6/2026 tại nhà văn hóa thôn.",
    ),
    (
        "women",
        "social",
        "Chị em muốn được vay vốn chính sách để nuôi lợn đen theo tổ hợp tác.",
        "Hội Phụ nữ xã sẽ lập danh sách; Ngân hàng Chính sách xã hội giải ngân theo quy định.",
    ),
    (
        "ethnic",
        "infrastructure",
        "Đường từ thôn Khuổi Củng ra trung tâm xã sạt lở sau mưa lũ, xe máy không đi được.",
        ("Khắc phục sạt lở đường thôn Khuổi Củng", UBND, date(2026, 7, 31), "verified"),
    ),
    (
        "youth",
        "education",
        "Thanh niên đề nghị mở lớp dạy nghề sửa chữa máy nông nghiệp tại xã.",
        ("Mở lớp dạy nghề sửa chữa máy nông nghiệp", UBND, date(2027, 3, 31), "in_progress"),
    ),
    (
        "elderly",
        "security",
        "Tình trạng xe tải chở đá chạy quá tốc độ qua khu dân cư thôn Bản Khiển.",
        ("Lập chốt kiểm soát tốc độ xe tải qua thôn Bản Khiển", POLICE, date(2026, 9, 30), "open"),
    ),
]

# The people's opinion at xã Bình An: the quarry trucks, from watched to a hot spot.
NOTES = [
    (date(2026, 6, 30), "watch", "Xe chở đá gây bụi, hư hỏng đường thôn Bản Khiển"),
    (date(2026, 9, 30), "hot", "Xe chở đá gây bụi, hư hỏng đường thôn Bản Khiển"),
]


def at(day: date, hour: int = 9) -> datetime:
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())


def seed_categories_step(*, stdout) -> str:
    created = services.seed_categories()
    return _("%(count)s categories added") % {"count": created}


def _organization(name: str, unit, kind: str, parent=None) -> Organization:
    found = Organization.objects.filter(name=name, unit=unit).first()
    if found is not None:
        return found
    data = {"name": name, "kind": kind, "unit": unit, "parent": parent}
    return create_organization(data=data, acting_user=None)


@transaction.atomic
def load_demo(*, stdout) -> str:
    place = AdministrativeUnit.objects.filter(
        era="current", level="commune", code=PLACE_CODE
    ).first()
    if place is None or Dialogue.objects.exists():
        return _("skipped")
    services.seed_categories()
    organizer = Organization.objects.filter(name=ORGANIZER).first()
    ubnd = _organization(UBND, place, OrganizationKind.GOVERNMENT)
    police = _organization(POLICE, place, OrganizationKind.GOVERNMENT)
    assignees = {UBND: ubnd, POLICE: police}
    with recorded_as_of(at(HELD_ON, 16)):
        dialogue = services.record_dialogue(
            data={
                "kind": "dialogue",
                "held_on": HELD_ON,
                "place": place,
                "venue": "Hội trường Ủy ban nhân dân xã",
                "organizer": organizer,
                "chair_name": "Hoàng Văn Lực",
                "chair_position": "Chủ tịch Ủy ban nhân dân xã Bình An",
                "present": (
                    "Thường trực Đảng ủy xã; Ủy ban MTTQ Việt Nam xã; Hội Nông dân, Hội Liên hiệp "
                    "Phụ nữ, Đoàn Thanh niên, Hội Cựu chiến binh xã; Công an xã; trưởng các thôn"
                ),
                "topics": (
                    "Hỗ trợ sản xuất vụ hè thu; giao thông nông thôn sau mưa lũ; vay vốn chính "
                    "sách; an toàn giao thông"
                ),
            },
            attendance={"farmers": 48, "women": 27, "youth": 15, "ethnic": 36, "elderly": 12},
            acting_user=None,
        )
        followups_made = []
        for group, field, content, outcome in OPINIONS:
            data = {"group": group, "field": field, "content": content}
            commitment = None
            if isinstance(outcome, str):
                data |= {"answer": outcome, "answered_by": "Chủ tịch UBND xã"}
            else:
                title, assignee, due, end = outcome
                commitment = {
                    "title": title,
                    "assignee_organization": assignees[assignee],
                    "due_date": due,
                }
            opinion = services.add_opinion(
                dialogue=dialogue, data=data, commitment=commitment, acting_user=None
            )
            if commitment:
                followups_made.append((opinion.followup, end))
    for followup, end in followups_made:
        if end == "verified":
            with recorded_as_of(at(date(2026, 7, 10))):
                followups.add_report(
                    followup=followup,
                    text="Đã huy động 120 ngày công của nhân dân và máy xúc của xã, thông tuyến.",
                    reported_on=date(2026, 7, 10),
                    acting_user=None,
                )
            with recorded_as_of(at(date(2026, 7, 25))):
                followups.add_report(
                    followup=followup,
                    text="Đã kè 40 m taluy đoạn sạt lở, đường thông suốt.",
                    reported_on=date(2026, 7, 25),
                    done=True,
                    acting_user=None,
                )
            with recorded_as_of(at(date(2026, 8, 5))):
                followups.transition(
                    followup=followup,
                    to_state=State.VERIFIED,
                    acting_user=None,
                    on=date(2026, 8, 5),
                )
        elif end == "in_progress":
            with recorded_as_of(at(date(2026, 10, 2))):
                followups.add_report(
                    followup=followup,
                    text=(
                        "Đã liên hệ Trung tâm Giáo dục nghề nghiệp, dự kiến khai giảng quý I/2027."
                    ),
                    reported_on=date(2026, 10, 2),
                    acting_user=None,
                )
    petition = _petition(place, ubnd, dialogue)
    for day, level, topic in NOTES:
        with recorded_as_of(at(day)):
            services.record_opinion_note(
                data={
                    "noted_on": day,
                    "place": place,
                    "reporter": organizer,
                    "field": "environment",
                    "topic": topic,
                    "level": level,
                    "content": "Nhân dân thôn Bản Khiển lo ngại bụi và nứt nhà do xe chở đá.",
                },
                acting_user=None,
            )
    return _("1 dialogue with 5 opinions (3 commitments), petition %(code)s") % {
        "code": petition.code
    }


def _petition(place, ubnd, dialogue):
    category = PetitionCategory.objects.get(name="Hạ tầng, giao thông, thủy lợi")
    irrigation = _organization(
        "Ban Quản lý dự án đầu tư xây dựng xã Bình An", place, OrganizationKind.GOVERNMENT
    )
    steps = [
        (date(2026, 6, 15), "received"),
        (date(2026, 6, 17), "transferred"),
        (date(2026, 6, 26), "answered"),
        (date(2026, 7, 20), "reopened"),
        (date(2026, 7, 30), "answered again"),
        (date(2026, 8, 3), "closed"),
    ]
    with recorded_as_of(at(steps[0][0])):
        petition = services.receive_petition(
            data={
                "source": "walk_in",
                "received_on": steps[0][0],
                "category": category,
                "field": "infrastructure",
                "summary": (
                    "Mương thủy lợi thôn Nà Làng bị vỡ một đoạn 15 m, 12 hộ không có nước cấy."
                ),
                "place": place,
                "responsible": ubnd,
                "citizen_name": "Ma Văn Tình",
                "citizen_contact": "Thôn Nà Làng, xã Bình An",
            },
            acting_user=None,
        )
    with recorded_as_of(at(steps[1][0])):
        petition = services.transfer_petition(
            petition=petition,
            to=irrigation,
            reason="Công trình do Ban Quản lý dự án xã quản lý, đang trong thời gian bảo hành.",
            acting_user=None,
            on=steps[1][0],
        )
    with recorded_as_of(at(steps[2][0])):
        petition = services.answer_petition(
            petition=petition,
            answer="Nhà thầu đã đắp tạm đoạn vỡ; sửa chữa hoàn chỉnh trong tháng 7/2026.",
            acting_user=None,
            on=steps[2][0],
        )
    with recorded_as_of(at(steps[3][0])):
        petition = services.reopen_petition(
            petition=petition,
            reason="Đoạn đắp tạm lại vỡ sau trận mưa ngày 18/7, công dân đề nghị xem xét lại.",
            by_citizen=True,
            acting_user=None,
            on=steps[3][0],
        )
    with recorded_as_of(at(steps[4][0])):
        petition = services.answer_petition(
            petition=petition,
            answer="Đã đổ bê tông lại 15 m mương, nước đã về ruộng của 12 hộ.",
            acting_user=None,
            on=steps[4][0],
        )
    with recorded_as_of(at(steps[5][0])):
        petition = services.close_petition(petition=petition, acting_user=None, on=steps[5][0])
    return petition
