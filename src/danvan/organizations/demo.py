"""Demonstration data for ``make run`` on an empty database: organisations of the seed provinces
before and after 2025, fictional people, and one demo account per role.

Real names of organisations and places; the people are invented. Passwords are generated on
first run and kept in ``var/demo-users.txt`` (never in the repository)."""

import secrets
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant, User
from danvan.core.audit_context import moment_of, recorded_as_of
from danvan.organizations import services
from danvan.organizations.enums import OrganizationKind as Kind
from danvan.organizations.models import Organization, Person
from danvan.territory.queries import resolve_place

REFORM = date(2025, 7, 1)
LEGACY_END = date(2025, 6, 30)
MERGER = date(2025, 3, 1)  # Ban Dân vận and Ban Tuyên giáo merged in March 2025
ON_FILE = date(2018, 1, 2)  # the organisations older than the demo's documents are on file since


def _unit(text: str, as_of: date | None = None):
    found = resolve_place(text, as_of=as_of).unit
    if found is None:
        raise LookupError(f"demo place not found: {text}")
    return found


def _org(name, kind, unit, parent=None, **extra) -> Organization:
    # Recorded on the day the organisation begins (or the demo's first day), not at the install.
    with recorded_as_of(moment_of(max(extra.get("valid_from") or ON_FILE, ON_FILE))):
        return services.create_organization(
            data={"name": name, "kind": kind, "unit": unit, "parent": parent, **extra},
            acting_user=None,
        )


def _merge(old: Organization, new: Organization, day: date) -> None:
    with recorded_as_of(moment_of(day)):
        services.end_organization(organization=old, ended_on=day, successor=new, acting_user=None)


def build_organizations() -> dict[str, Organization]:
    old = date(2022, 1, 1)
    orgs: dict[str, Organization] = {}
    central = _org("Ban Dân vận Trung ương", Kind.DAN_VAN, None, short_name="BDVTW")
    orgs["central"] = _org(
        "Ban Tuyên giáo và Dân vận Trung ương", Kind.DAN_VAN, None, valid_from=MERGER
    )
    _merge(central, orgs["central"], MERGER - date.resolution)

    # Tuyên Quang — seed 000 (Lâm Bình, xã Bình An).
    tq = _unit("tỉnh Tuyên Quang")
    orgs["tq"] = _org("Tỉnh ủy Tuyên Quang", Kind.PARTY_COMMITTEE, tq, short_name="TU")
    tq_dv = _org(
        "Ban Dân vận Tỉnh ủy Tuyên Quang", Kind.DAN_VAN, tq, orgs["tq"], short_name="BDVTU"
    )
    orgs["tq_tgdv"] = _org(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang",
        Kind.DAN_VAN,
        tq,
        orgs["tq"],
        valid_from=MERGER,
    )
    _merge(tq_dv, orgs["tq_tgdv"], MERGER - date.resolution)
    orgs["tq_bcd"] = _org(
        "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh Tuyên Quang",
        Kind.STEERING,
        tq,
        orgs["tq"],
    )
    orgs["tq_noivu"] = _org("Sở Nội vụ tỉnh Tuyên Quang", Kind.GOVERNMENT, tq)
    _org("Ủy ban MTTQ Việt Nam tỉnh Tuyên Quang", Kind.FATHERLAND_FRONT, tq)
    _org("Hội Liên hiệp Phụ nữ tỉnh Tuyên Quang", Kind.MASS_ORGANIZATION, tq)
    lam_binh = _unit("huyện Lâm Bình, tỉnh Tuyên Quang", as_of=old)
    orgs["lam_binh"] = _org(
        "Huyện ủy Lâm Bình", Kind.PARTY_COMMITTEE, lam_binh, orgs["tq"], valid_to=LEGACY_END
    )
    _org(
        "Ban Dân vận Huyện ủy Lâm Bình",
        Kind.DAN_VAN,
        lam_binh,
        orgs["lam_binh"],
        valid_to=LEGACY_END,
    )
    _org(
        "Đảng ủy Khối cơ quan Chính quyền huyện Lâm Bình",
        Kind.PARTY_COMMITTEE,
        lam_binh,
        orgs["lam_binh"],
        valid_to=LEGACY_END,
    )
    orgs["binh_an"] = _org(
        "Đảng ủy xã Bình An",
        Kind.PARTY_COMMITTEE,
        _unit("xã Bình An, tỉnh Tuyên Quang"),
        orgs["tq"],
        valid_from=REFORM,
    )

    # Phú Thọ — seed 001 (Yên Lập).
    pt = _unit("tỉnh Phú Thọ")
    orgs["pt"] = _org("Tỉnh ủy Phú Thọ", Kind.PARTY_COMMITTEE, pt)
    yen_lap = _unit("huyện Yên Lập, tỉnh Phú Thọ", as_of=old)
    orgs["yen_lap"] = _org(
        "Huyện ủy Yên Lập", Kind.PARTY_COMMITTEE, yen_lap, orgs["pt"], valid_to=LEGACY_END
    )
    _org(
        "Ban Dân vận Huyện ủy Yên Lập", Kind.DAN_VAN, yen_lap, orgs["yen_lap"], valid_to=LEGACY_END
    )
    _org(
        "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” huyện Yên Lập",
        Kind.STEERING,
        yen_lap,
        orgs["yen_lap"],
        valid_to=LEGACY_END,
    )

    # Bắc Kạn (now Thái Nguyên) — seed 002 (Ba Bể).
    tn = _unit("tỉnh Thái Nguyên")
    orgs["tn"] = _org("Tỉnh ủy Thái Nguyên", Kind.PARTY_COMMITTEE, tn)
    bk = _unit("tỉnh Bắc Kạn", as_of=old)
    orgs["bk"] = _org("Tỉnh ủy Bắc Kạn", Kind.PARTY_COMMITTEE, bk)
    _merge(orgs["bk"], orgs["tn"], LEGACY_END)
    ba_be = _unit("huyện Ba Bể, tỉnh Bắc Kạn", as_of=old)
    orgs["ba_be"] = _org(
        "Huyện ủy Ba Bể", Kind.PARTY_COMMITTEE, ba_be, orgs["bk"], valid_to=LEGACY_END
    )
    orgs["ba_be_vp"] = _org(
        "Chi bộ Văn phòng Huyện ủy Ba Bể",
        Kind.PARTY_CELL,
        ba_be,
        orgs["ba_be"],
        valid_to=LEGACY_END,
    )
    orgs["ba_be_bcd"] = _org(
        "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” huyện Ba Bể",
        Kind.STEERING,
        ba_be,
        orgs["ba_be"],
        valid_to=LEGACY_END,
    )

    # Đồng Tháp — seed 003 (Tháp Mười).
    dt = _unit("tỉnh Đồng Tháp")
    orgs["dt"] = _org("Tỉnh ủy Đồng Tháp", Kind.PARTY_COMMITTEE, dt)
    orgs["dt_dv"] = _org(
        "Ban Dân vận Tỉnh ủy Đồng Tháp",
        Kind.DAN_VAN,
        dt,
        orgs["dt"],
        valid_to=MERGER - date.resolution,
    )
    orgs["dt_tgdv"] = _org(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Đồng Tháp",
        Kind.DAN_VAN,
        dt,
        orgs["dt"],
        valid_from=MERGER,
    )
    thap_muoi = _unit("huyện Tháp Mười, tỉnh Đồng Tháp", as_of=old)
    orgs["thap_muoi"] = _org(
        "Huyện ủy Tháp Mười", Kind.PARTY_COMMITTEE, thap_muoi, orgs["dt"], valid_to=LEGACY_END
    )

    # Bắc Giang (now Bắc Ninh) — seed 004.
    bn = _unit("tỉnh Bắc Ninh")
    orgs["bn"] = _org("Tỉnh ủy Bắc Ninh", Kind.PARTY_COMMITTEE, bn)
    bg = _unit("tỉnh Bắc Giang", as_of=old)
    orgs["bg"] = _org("Tỉnh ủy Bắc Giang", Kind.PARTY_COMMITTEE, bg)
    orgs["bg_dv"] = _org(
        "Ban Dân vận Tỉnh ủy Bắc Giang", Kind.DAN_VAN, bg, orgs["bg"], valid_to=LEGACY_END
    )
    _merge(orgs["bg"], orgs["bn"], LEGACY_END)
    _org("Bộ Chỉ huy Quân sự tỉnh Bắc Giang", Kind.ARMED_FORCES, bg, valid_to=LEGACY_END)
    return orgs


PEOPLE = [
    # full name, gender, birth year, ethnicity, place, organisation key, position, since
    (
        "Ma Văn Tuấn",
        "male",
        1972,
        "Tày",
        "tỉnh Tuyên Quang",
        "tq_tgdv",
        "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        date(2025, 3, 1),
    ),
    (
        "Hoàng Thị Hạnh",
        "female",
        1980,
        "Tày",
        "tỉnh Tuyên Quang",
        "tq_tgdv",
        "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        date(2025, 3, 1),
    ),
    (
        "Lý Văn Páo",
        "male",
        1976,
        "Dao",
        "xã Bình An, tỉnh Tuyên Quang",
        "binh_an",
        "Bí thư Đảng ủy xã",
        date(2025, 7, 1),
    ),
    (
        "Nông Thị Thu",
        "female",
        1985,
        "Tày",
        "tỉnh Tuyên Quang",
        "lam_binh",
        "Phó Bí thư Thường trực Huyện ủy",
        date(2020, 10, 1),
    ),
    (
        "Đinh Công Sơn",
        "male",
        1969,
        "Mường",
        "tỉnh Phú Thọ",
        "yen_lap",
        "Trưởng Ban Dân vận Huyện ủy",
        date(2020, 9, 1),
    ),
    (
        "Triệu Thị Nga",
        "female",
        1983,
        "Dao",
        "tỉnh Thái Nguyên",
        "ba_be_vp",
        "Bí thư Chi bộ Văn phòng Huyện ủy",
        date(2021, 1, 1),
    ),
    (
        "Nguyễn Văn Hùng",
        "male",
        1975,
        "Kinh",
        "tỉnh Đồng Tháp",
        "dt_tgdv",
        "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        date(2025, 3, 1),
    ),
    (
        "Trần Thị Mỹ Linh",
        "female",
        1988,
        "Kinh",
        "tỉnh Đồng Tháp",
        "thap_muoi",
        "Chánh Văn phòng Huyện ủy",
        date(2019, 5, 1),
    ),
    (
        "Giáp Văn Cường",
        "male",
        1970,
        "Kinh",
        "tỉnh Bắc Ninh",
        "bg_dv",
        "Trưởng Ban Dân vận Tỉnh ủy",
        date(2016, 1, 1),
    ),
    (
        "Hà Thị Sen",
        "female",
        1979,
        "Nùng",
        "tỉnh Bắc Ninh",
        "bg_dv",
        "Chuyên viên Ban Dân vận Tỉnh ủy",
        date(2010, 6, 1),
    ),
]


def build_people(orgs: dict[str, Organization]) -> None:
    for full_name, gender, year, ethnicity, place, key, title, since in PEOPLE:
        # Recorded when they took the post (or when the organisation went on file), like the
        # organisations: a person's timeline never starts on the day of the install.
        with recorded_as_of(moment_of(max(since, ON_FILE))):
            person = services.create_person(
                data={
                    "full_name": full_name,
                    "gender": gender,
                    "birth_year": year,
                    "ethnicity": ethnicity,
                    "unit": _unit(place),
                },
                acting_user=None,
            )
            services.add_person_link(
                person=person,
                kind="position",
                acting_user=None,
                data={"organization": orgs[key], "title": title, "start": since},
            )
            services.add_person_link(
                person=person,
                kind="service_period",
                acting_user=None,
                data={
                    "organization": orgs[key],
                    "start": since,
                    "full_time": True,
                    "difficult_area": ethnicity != "Kinh",
                },
            )


DEMO_USERS = [
    # username, full name (a demo person's when linked), role, scope (organisation key or place)
    ("quantri.tuyenquang", "Phạm Minh Đức", Role.ADMIN, "tỉnh Tuyên Quang"),
    ("canbo.tuyenquang", "Hoàng Thị Hạnh", Role.STAFF, "tỉnh Tuyên Quang"),
    ("donvi.babe", "Triệu Thị Nga", Role.UNIT_EDITOR, "org:ba_be_vp"),
    ("thamdinh.babe", "Đặng Văn Khánh", Role.REVIEWER, "tỉnh Thái Nguyên"),
    ("lanhdao.tuyenquang", "Ma Văn Tuấn", Role.VIEWER, "tỉnh Tuyên Quang"),
    ("canbo.dongthap", "Nguyễn Văn Hùng", Role.STAFF, "tỉnh Đồng Tháp"),
]


def demo_users_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-users.txt"


def build_users(orgs: dict[str, Organization]) -> list[tuple[str, str, str]]:
    lines = []
    for username, full_name, role, scope in DEMO_USERS:
        password = secrets.token_urlsafe(10)
        person = Person.objects.filter(full_name=full_name).first()
        user = User.objects.create_user(
            username=username, password=password, full_name=full_name, person=person
        )
        if scope.startswith("org:"):
            Grant.objects.create(user=user, role=role, organization=orgs[scope[4:]])
        else:
            Grant.objects.create(user=user, role=role, unit=_unit(scope))
        lines.append((username, password, role))
    path = demo_users_path()
    path.write_text("".join(f"{u}\t{p}\t{r}\n" for u, p, r in lines))
    path.chmod(0o600)
    return lines


def add_demo_account(username, full_name, *, role, unit=None, organization=None) -> User:
    """An account of a later demo step, listed with the others at the end of the set-up (its
    password goes to the same file); an existing account is left as it is."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    password = secrets.token_urlsafe(10)
    user = User.objects.create_user(username=username, password=password, full_name=full_name)
    Grant.objects.create(user=user, role=role, unit=unit, organization=organization)
    path = demo_users_path()
    if path.exists():
        with path.open("a") as handle:
            handle.write(f"{username}\t{password}\t{role}\n")
    return user


@transaction.atomic
def load_demo(*, stdout) -> str:
    orgs = build_organizations()
    build_people(orgs)
    build_users(orgs)
    # The accounts are listed, with those of the later steps, at the end of the set-up.
    return _("%(orgs)s organisations, %(people)s people") % {
        "orgs": Organization.objects.count(),
        "people": len(PEOPLE),
    }


def print_demo_users(*, stdout) -> str:
    path = demo_users_path()
    if not path.exists():
        return "—"
    rows = [line.split("\t") for line in path.read_text().splitlines() if line.strip()]
    shown = 0
    for username, password, role in rows:
        still = User.objects.filter(username=username).first()
        if still is not None and still.check_password(password):
            label = str(Role(role).label) if role in Role.values else role
            stdout.write(f"    {label:<28} {username:<22} {password}")
            shown += 1
    # Every account that opens with a password on file, the administrator's line included.
    return ngettext(
        "%(count)s account above, and the administrator",
        "%(count)s accounts above, and the administrator",
        shown,
    ) % {"count": shown}
