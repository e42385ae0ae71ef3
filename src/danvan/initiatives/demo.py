"""Demonstration initiatives for ``make run`` on an empty database.

The seed scenarios hold as figures: huyện Yên Lập registers 114 models in the first ten months
of 2022 (99 collective, 15 individual) across 17 communes; huyện Ba Bể 128 in 2023, 10 of them
individual, among them Chi bộ Văn phòng Huyện ủy's "Vận động nhân dân xây dựng và bảo vệ môi
trường xanh, sạch, đẹp" at thôn Khuổi Tẩu, xã Phúc Lộc; tỉnh Bắc Giang 559 in ethnic-minority
areas in 2018. Around them, some two thousand more over 2019–2025 in the demo provinces.

The seed model goes through ``services.register_initiative`` like any registration; the
thousands are written in bulk (one audit event for the batch) so that a first ``make run`` stays
within a minute."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.audit_context import recorded_as_of
from danvan.core.folding import fold, stored_collation_key
from danvan.core.services import record_event
from danvan.initiatives import services
from danvan.initiatives.enums import Kind, Status, Subject
from danvan.initiatives.models import (
    CodeSequence,
    Field,
    Initiative,
    Quantity,
    QuantityType,
    StatusChange,
)
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.models import Organization, Person
from danvan.territory import services as territory_services
from danvan.territory.enums import UnitType
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import resolve_place

SEED_MODEL = "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp"
THEMES = [
    "Dân vận khéo trong xây dựng nông thôn mới",
    "Đường giao thông nông thôn do dân góp công",
    "Tuyến đường hoa tự quản",
    "Thắp sáng đường quê",
    "Phụ nữ tiết kiệm giúp nhau phát triển kinh tế",
    "Tổ hợp tác trồng chè an toàn",
    "Khu dân cư không có người vi phạm pháp luật",
    "Dòng họ tự quản về an ninh trật tự",
    "Vận động đồng bào bỏ hủ tục trong việc cưới, việc tang",
    "Nhóm hộ liên kết nuôi trâu vỗ béo",
    "Chi hội nông dân nghề nghiệp trồng cam",
    "Cựu chiến binh giúp nhau thoát nghèo",
    "Thanh niên tình nguyện làm nhà cho hộ nghèo",
    "Điểm đọc sách cộng đồng ở thôn bản",
    "Camera an ninh do nhân dân đóng góp",
    "Hiến đất mở rộng đường liên thôn",
    "Vườn mẫu nông thôn mới",
    "Tiếng kẻng an ninh",
    "Chính quyền thân thiện, gần dân",
    "Cải cách hành chính một cửa liên thông",
]
GIVEN = ["Lan", "Hoa", "Tuấn", "Nga", "Hùng", "Mai", "Thảo", "Sơn", "Bình", "Hạnh", "Minh", "Páo"]
FAMILY = ["Nguyễn", "Hoàng", "Ma", "Nông", "Triệu", "Lý", "Đinh", "Hà", "Lò", "Trần", "Giáp"]
MIDDLE = ["Văn", "Thị", "Đức", "Thị Thu", "Minh"]


def _unit(text, as_of=None):
    return resolve_place(text, as_of=as_of).unit


def _body_of(place, committees):
    """The party committee of the place's own unit as it was (Huyện ủy Ba Bể for a commune of
    the old huyện Ba Bể; Tỉnh ủy Bắc Kạn elsewhere in the old province), not today's province."""
    covering = [org for org in committees if place.path.startswith(org.unit.path)]
    return max(covering, key=lambda org: len(org.unit.path), default=None)


def _communes(district_or_province):
    return list(
        AdministrativeUnit.objects.filter(
            path__startswith=district_or_province.path, level="commune"
        ).order_by("path")
    )


def at(day: date, hour: int = 8) -> datetime:
    """A moment of ``day`` in the office's time zone, never after now."""
    moment = timezone.make_aware(datetime.combine(day, time(hour)))
    return min(moment, timezone.now())


def registered_at(initiative: Initiative) -> datetime:
    """When a demo record was registered: its start date, inside its year."""
    start = initiative.start_date or date(initiative.year, 1, 15)
    if start.year != initiative.year:
        start = date(initiative.year, 1, 15)
    return at(start)


class _Batch:
    """Initiatives built in memory and written in bulk, with codes from the same sequences."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.items: list[tuple[Initiative, list[Field], str]] = []
        self.fields = list(Field.objects.all())
        self.people: list[Person] = []
        self.sequences: dict[str, int] = {}
        self.province_codes: dict[int, str] = {}

    def code(self, place, year) -> str:
        if place.pk not in self.province_codes:
            self.province_codes[place.pk] = services.province_code(place)
        prefix = f"{self.province_codes[place.pk]}-{year}"
        if prefix not in self.sequences:
            given = CodeSequence.objects.filter(prefix=prefix).values_list("last", flat=True)
            self.sequences[prefix] = given.first() or 0
        self.sequences[prefix] += 1
        return prefix

    def person(self, place) -> Person:
        name = " ".join([self.rng.choice(FAMILY), self.rng.choice(MIDDLE), self.rng.choice(GIVEN)])
        person = Person(
            full_name=name,
            name_folded=fold(name),
            name_sort=stored_collation_key(name),
            unit=place,
            birth_year=self.rng.randint(1960, 1995),
        )
        self.people.append(person)
        return person

    def add(self, *, place, year, owner, start=None, individual=False, minority=False, kind=None):
        rng = self.rng
        name = f"{rng.choice(THEMES)} ({place.inline_name})"
        status = rng.choice(
            [
                Status.REGISTERED,
                Status.ACTIVE,
                Status.ACTIVE,
                Status.ACTIVE,
                Status.SUSPENDED,
                Status.ENDED,
            ]
        )
        initiative = Initiative(
            name=name,
            name_folded=fold(name),
            search_folded=fold(name),
            kind=kind or (Kind.EXEMPLAR if individual or rng.random() < 0.15 else Kind.MODEL),
            subject=Subject.INDIVIDUAL if individual else Subject.COLLECTIVE,
            owner_organization=owner,
            owner_person=self.person(place) if individual else None,
            place=place,
            year=year,
            status=status,
            start_date=start or date(year, rng.randint(1, 12), rng.randint(1, 28)),
            ethnic_minority_area=minority or rng.random() < 0.3,
            religious_area=rng.random() < 0.1,
            border_area=rng.random() < 0.05,
            content=_("Mobilise the people to take part, publicly and democratically."),
            **services.place_copies(place),
        )
        prefix = self.code(place, year)
        initiative.code = f"{prefix}-{self.sequences[prefix]:05d}"
        self.items.append((initiative, rng.sample(self.fields, k=rng.randint(1, 2)), status))

    def save(self) -> int:
        Person.objects.bulk_create(self.people, batch_size=1000)
        for initiative, _fields, _status in self.items:
            if initiative.owner_person is not None:
                initiative.owner_person_id = initiative.owner_person.pk
        Initiative.objects.bulk_create([item for item, _f, _s in self.items], batch_size=1000)
        through = Initiative.fields.through
        through.objects.bulk_create(
            [
                through(initiative_id=item.pk, field_id=field.pk)
                for item, fields, _s in self.items
                for field in fields
            ],
            batch_size=2000,
        )
        # auto_now_add gave them today: each is dated when it was registered (bulk_update
        # writes the values as they are).
        for item, _f, _s in self.items:
            item.created_at = registered_at(item)
        Initiative.objects.bulk_update(
            [item for item, _f, _s in self.items], ["created_at"], batch_size=1000
        )
        changes = StatusChange.objects.bulk_create(
            [
                StatusChange(initiative_id=item.pk, to_status=status)
                for item, _f, status in self.items
            ],
            batch_size=2000,
        )
        for change, (item, _f, _s) in zip(changes, self.items, strict=True):
            change.changed_at = item.created_at
        StatusChange.objects.bulk_update(changes, ["changed_at"], batch_size=2000)
        money = QuantityType.objects.filter(code="money").first()
        if money:
            Quantity.objects.bulk_create(
                [
                    Quantity(
                        initiative_id=item.pk,
                        type=money,
                        value=self.rng.randrange(5, 500) * 1_000_000,
                    )
                    for item, _f, _s in self.items
                ],
                batch_size=2000,
            )
        for prefix, last in self.sequences.items():
            sequence, _created = CodeSequence.objects.get_or_create(prefix=prefix)
            sequence.last = max(sequence.last, last)
            sequence.save(update_fields=["last"])
        return len(self.items)


def _seed_002() -> Initiative:
    phuc_loc = _unit("xã Phúc Lộc, huyện Ba Bể, tỉnh Bắc Kạn", as_of=date(2023, 1, 1))
    khuoi_tau = territory_services.add_unit(
        parent=phuc_loc,
        unit_type=UnitType.THON,
        name="Khuổi Tẩu",
        valid_to=date(2025, 6, 30),
        acting_user=None,
    )
    registered, started = at(date(2023, 2, 20)), at(date(2023, 3, 1))
    with recorded_as_of(registered):
        initiative = _register_seed(khuoi_tau)
    with recorded_as_of(started):
        services.transition(initiative=initiative, to_status=Status.ACTIVE, acting_user=None)
    Initiative.objects.filter(pk=initiative.pk).update(created_at=registered)
    changes = StatusChange.objects.filter(initiative=initiative)
    changes.filter(from_status="").update(changed_at=registered)
    changes.filter(to_status=Status.ACTIVE).update(changed_at=started)
    return initiative


def _register_seed(khuoi_tau) -> Initiative:
    owner = Organization.objects.get(name="Chi bộ Văn phòng Huyện ủy Ba Bể")
    return services.register_initiative(
        data={
            "name": SEED_MODEL,
            "kind": Kind.MODEL,
            "subject": Subject.COLLECTIVE,
            "owner_organization": owner,
            "place": khuoi_tau,
            "year": 2023,
            "start_date": date(2023, 3, 1),
            "ethnic_minority_area": True,
            "content": (
                "Vận động nhân dân thôn Khuổi Tẩu phân loại rác, vệ sinh đường làng, trồng hoa."
            ),
            "partners": "Chi hội Phụ nữ, Chi đoàn thanh niên thôn Khuổi Tẩu",
        },
        fields=list(Field.objects.filter(name__in=["Văn hóa - xã hội", "Xây dựng nông thôn mới"])),
        acting_user=None,
    )


@transaction.atomic
def load_demo(*, stdout) -> str:
    if (
        Initiative.objects.exists()
        or not Organization.objects.filter(name="Huyện ủy Ba Bể").exists()
    ):
        return _("skipped")
    rng = random.Random(2025)  # noqa: S311 — demonstration data, the same on every machine
    seed = _seed_002()
    batch = _Batch(rng)
    orgs = {org.name: org for org in Organization.objects.all()}
    # Seed 001: Yên Lập, 01/01–31/10/2022: 114 models, 99 collective and 15 individual, 17 communes.
    yen_lap = _unit("huyện Yên Lập, tỉnh Phú Thọ", as_of=date(2022, 1, 1))
    communes = _communes(yen_lap)[:17]
    for number in range(114):
        start = date(2022, 1, 1) + timedelta(days=rng.randrange(0, 303))
        batch.add(
            place=communes[number % 17],
            year=2022,
            owner=orgs["Huyện ủy Yên Lập"],
            start=start,
            individual=number < 15,
            kind=Kind.MODEL,
        )
    # Seed 002: Ba Bể, 2023: 128 registered (the seed model is one), 10 of them individual.
    ba_be = _unit("huyện Ba Bể, tỉnh Bắc Kạn", as_of=date(2023, 1, 1))
    communes = _communes(ba_be)
    for number in range(127):
        batch.add(
            place=rng.choice(communes),
            year=2023,
            owner=orgs["Huyện ủy Ba Bể"],
            individual=number < 10,
            kind=Kind.MODEL,
        )
    # Seed 004: Bắc Giang, 2018: 559 models in ethnic-minority areas.
    bac_giang = _unit("tỉnh Bắc Giang", as_of=date(2018, 1, 1))
    communes = _communes(bac_giang)
    for _number in range(559):
        batch.add(
            place=rng.choice(communes),
            year=2018,
            owner=orgs["Tỉnh ủy Bắc Giang"],
            minority=True,
            kind=Kind.MODEL,
        )
    seeded = [(yen_lap, 2022), (ba_be, 2023)]
    # Background: the demo provinces, 2019–2025, on the map of each date.
    provinces = [
        ("tỉnh Tuyên Quang", "Tỉnh ủy Tuyên Quang"),
        ("tỉnh Phú Thọ", "Tỉnh ủy Phú Thọ"),
        ("tỉnh Đồng Tháp", "Tỉnh ủy Đồng Tháp"),
        ("tỉnh Thái Nguyên", "Tỉnh ủy Thái Nguyên"),
    ]
    committees = list(
        Organization.objects.filter(
            kind=OrganizationKind.PARTY_COMMITTEE, unit__isnull=False
        ).select_related("unit")
    )
    for text, owner in provinces:
        old = _communes(_unit(text))  # today's communes, for 2025 registrations after July
        legacy_provinces = [
            u
            for u in AdministrativeUnit.objects.filter(era="legacy", level="province")
            if u.today_path == _unit(text).path
        ]
        legacy = [c for p in legacy_provinces for c in _communes(p)]
        for _number in range(500):
            year = rng.randint(2019, 2025)
            place = rng.choice(old if year == 2025 and rng.random() < 0.5 else legacy)
            # The seed districts keep exactly their seed figures for the seed year.
            for district, seed_year in seeded:
                if year == seed_year and place.path.startswith(district.path):
                    year += 1
            owner_there = _body_of(place, committees) or orgs[owner]
            batch.add(place=place, year=year, owner=owner_there, individual=rng.random() < 0.1)
    written = batch.save()
    record_event(action="initiatives.demo.loaded", message=f"{written} initiatives")
    return _("%(count)s models and exemplars, including “%(seed)s”") % {
        "count": written + 1,
        "seed": seed.name,
    }
