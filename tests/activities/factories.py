"""Activities and campaigns for tests, made through the services as the application makes them.

Call ``seed()`` first (the catalogues are not in the test database). ``seed_000()`` builds the
activity of seed 000: on 13/5/2022 the staff of Sở Nội vụ tỉnh Tuyên Quang and of Đảng ủy Cơ
quan Chính quyền huyện Lâm Bình worked with the people of thôn Tống Pu and thôn Phiêng Luông,
xã Bình An (huyện Lâm Bình, the old map)."""

from datetime import date
from decimal import Decimal
from itertools import count

from danvan.activities import services
from danvan.activities.enums import CampaignKind, Role
from danvan.activities.models import ActivityKind, ParticipantCategory, WorkKind
from danvan.organizations.enums import OrganizationKind
from danvan.territory.models import AdministrativeUnit
from danvan.territory.services import add_unit
from tests.documents.factories import make_document
from tests.factories.organizations import dong_thap, make_organization, tuyen_quang

_numbers = count(1)

__all__ = ["dong_thap", "make_organization", "tuyen_quang"]


def seed() -> None:
    services.seed_catalogues()


def kind(code: str) -> ActivityKind:
    return ActivityKind.objects.get(code=code)


def category(code: str) -> ParticipantCategory:
    return ParticipantCategory.objects.get(code=code)


def work(code: str) -> WorkKind:
    return WorkKind.objects.get(code=code)


def legacy(path: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(path=path)


def lam_binh() -> AdministrativeUnit:
    """Huyện Lâm Bình of tỉnh Tuyên Quang, the old map (it counts for tỉnh Tuyên Quang today)."""
    return legacy("L.08.071.")


def binh_an_old() -> AdministrativeUnit:
    """Xã Bình An of huyện Lâm Bình (old map, 02290); today part of xã Bình An (02296)."""
    return legacy("L.08.071.02290.")


def binh_an_today() -> AdministrativeUnit:
    return legacy("C.08.02296.")


def thap_muoi() -> AdministrativeUnit:
    """A commune of tỉnh Đồng Tháp, today's map: out of a Tuyên Quang scope."""
    return (
        AdministrativeUnit.objects.filter(era="current", level="commune", path__startswith="C.82.")
        .order_by("path")
        .first()
    )


def hamlet(name: str, parent=None) -> AdministrativeUnit:
    parent = parent or binh_an_old()
    found = parent.children.filter(name=name).first()
    return found or add_unit(
        parent=parent, unit_type="thon", name=name, valid_to=parent.valid_to, acting_user=None
    )


def make_activity(
    *,
    title: str | None = None,
    place=None,
    day: date = date(2022, 5, 13),
    organiser=None,
    kind_code: str = "labour",
    counts=None,
    works=None,
    acting_user=None,
    **extra,
):
    """A labour activity at ``place`` (xã Bình An today unless told) organised by
    ``organiser`` (a new organisation of tỉnh Tuyên Quang unless told), 10 party members."""
    place = place or binh_an_today()
    places = extra.pop("places", ())
    if organiser is None:
        organiser = make_organization(name=f"Ban Dân vận thử nghiệm {next(_numbers)}")
    data = {
        "title": title or f"Ra quân làm đường thử nghiệm {next(_numbers)}",
        "kind": kind(kind_code),
        "place": place,
        "start_date": day,
        **extra,
    }
    counts = {category("party-members"): 10} if counts is None else counts
    return services.record_activity(
        data=data,
        organizations=[{"organization": organiser, "role": Role.ORGANISER, "counts": counts}],
        works=works,
        acting_user=acting_user,
        places=places,
    )


def seed_000_organisations():
    tq = legacy("L.08.")
    so_noi_vu = make_organization(
        name="Sở Nội vụ tỉnh Tuyên Quang", kind=OrganizationKind.GOVERNMENT, unit=tq
    )
    dang_uy = make_organization(
        name="Đảng ủy Cơ quan Chính quyền huyện Lâm Bình",
        kind=OrganizationKind.PARTY_COMMITTEE,
        unit=lam_binh(),
    )
    return so_noi_vu, dang_uy


def seed_000_documents(so_noi_vu, dang_uy):
    ban_dan_van = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=legacy("L.08."))
    huyen_uy = make_organization(
        name="Huyện ủy Lâm Bình", kind=OrganizationKind.PARTY_COMMITTEE, unit=lam_binh()
    )
    guidance = make_document(
        issuer=ban_dan_van,
        kind="huong_dan",
        number="02-HD/BDVTU",
        issued_on=date(2021, 9, 10),
        title="Hướng dẫn thực hiện phong trào thi đua “Dân vận khéo”",
    )
    plan = make_document(
        issuer=huyen_uy,
        kind="ke_hoach",
        number="54-KH/HU",
        issued_on=date(2021, 10, 1),
        title="Kế hoạch của Ban Thường vụ Huyện ủy về công tác dân vận",
    )
    scheme = make_document(
        issuer=huyen_uy,
        kind="de_an",
        number="02-ĐA/HU",
        issued_on=date(2021, 3, 1),
        title="Đề án số 02 về xây dựng nông thôn mới",
    )
    return [guidance, plan, scheme]


def seed_000(acting_user=None):
    """The Bình An activity of 13/5/2022, with both hamlets, both organisations, the four works
    and the three documents."""
    so_noi_vu, dang_uy = seed_000_organisations()
    documents = seed_000_documents(so_noi_vu, dang_uy)
    return services.record_activity(
        data={
            "title": "Ra quân giúp Nhân dân thôn Tống Pu và thôn Phiêng Luông xây dựng nông "
            "thôn mới",
            "kind": kind("labour"),
            "place": binh_an_old(),
            "start_date": date(2022, 5, 13),
            "reached": 120,
            "description": "Dọn vệ sinh đường làng, đường bê tông nội đồng, chăm sóc đường hoa, "
            "khơi thông cống rãnh, hướng tới tiêu chí nông thôn mới và Đề án số 02.",
        },
        places=[hamlet("Tống Pu"), hamlet("Phiêng Luông")],
        organizations=[
            {
                "organization": so_noi_vu,
                "role": Role.ORGANISER,
                "counts": {category("party-members"): 25, category("civil-servants"): 40},
            },
            {
                "organization": dang_uy,
                "role": Role.ORGANISER,
                "counts": {category("party-members"): 30, category("public-employees"): 15},
            },
        ],
        works={
            work("road-cleaned"): Decimal("2500"),
            work("field-road"): Decimal("1200"),
            work("flower-road"): Decimal("800"),
            work("drains"): Decimal("600"),
        },
        documents=documents,
        acting_user=acting_user,
    )


def make_campaign(*, organiser=None, name=None, acting_user=None, **extra):
    organiser = organiser or make_organization(name=f"Ban Dân vận thử nghiệm {next(_numbers)}")
    data = {
        "name": name or f"Tháng Dân vận thử nghiệm {next(_numbers)}",
        "kind": CampaignKind.MONTH,
        "start_date": date(2022, 5, 1),
        "end_date": date(2022, 5, 31),
        "organiser": organiser,
        **extra,
    }
    return services.create_campaign(data=data, acting_user=acting_user)
