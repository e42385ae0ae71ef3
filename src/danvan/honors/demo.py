"""Demonstration honours for seed 004 (Bắc Giang, 2018): at the launch of Tháng Dân vận the
Ban Dân vận Tỉnh ủy and the Ban Dân tộc commend 88 “Dân vận khéo” exemplars in ethnic-minority
areas — among them the Câu lạc bộ hát Then – Đàn tính of xã An Lạc (Sơn Động), the dân vận team
of thôn Chí Mìu, xã Hương Sơn (Lạng Giang), and Hoàng Văn Mới, Nùng, of thôn Khuôn Phải, xã Tân
Sơn (Lục Ngạn) — and 38 people receive the Kỷ niệm chương “Vì sự nghiệp Dân vận” of the central
Ban Dân vận. Both go through the services as a province would: a proposal, its nominees with
the facts from the register, sent up, decided; the ceremony lists the honoured.

The named three are from the seed; the other names, the service periods, the day of the
ceremony and the decisions' numbers are illustrative (the seed gives the figures, not them)."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.audit_context import recorded_as_of
from danvan.honors import services
from danvan.honors.enums import HonourForm, HonourLevel, Recipient
from danvan.honors.models import Honour, HonourKind
from danvan.honors.services.kinds import MEDAL
from danvan.initiatives.demo import at
from danvan.initiatives.models import Initiative
from danvan.initiatives.services import register_initiative
from danvan.organizations.models import Organization
from danvan.organizations.services import add_person_link, create_person
from danvan.territory.models import AdministrativeUnit

BAN = "Ban Dân vận Tỉnh ủy Bắc Giang"
COMMENDATION = "Biểu dương điển hình “Dân vận khéo” vùng đồng bào dân tộc thiểu số"
CEREMONY = "Lễ phát động Tháng Dân vận năm 2018 tỉnh Bắc Giang"
CEREMONY_DAY = date(2018, 10, 5)  # illustrative: the seed says October 2018
EXEMPLARS = 88
MEDALS = 38
# (name, commune code on the old map): the seed's two collectives.
COLLECTIVES = [
    ("Câu lạc bộ hát Then – Đàn tính xã An Lạc", "07645"),
    ("Tổ dân vận thôn Chí Mìu, xã Hương Sơn", "07387"),
]
MOI = ("Hoàng Văn Mới", "07531", "Nùng", "Thôn Khuôn Phải, xã Tân Sơn (Lục Ngạn)")
# Districts of the old tỉnh Bắc Giang with ethnic-minority communes: Sơn Động, Lục Ngạn, Lục
# Nam, Yên Thế, Lạng Giang.
DISTRICTS = ["220", "219", "218", "215", "217"]
FAMILY = ["Hoàng", "Nông", "Lương", "Vi", "Triệu", "Lý", "Đặng", "Hà", "Ninh", "La", "Dương"]
MIDDLE = {"male": ["Văn", "Đức", "Quang"], "female": ["Thị", "Thu", "Ngọc"]}
GIVEN = {
    "male": ["Thành", "Hùng", "Dũng", "Sơn", "Quý", "Lâm", "Tiến", "Hải", "Cường", "Thắng"],
    "female": ["Hoa", "Lan", "Mai", "Thắm", "Huyền", "Hương", "Nga", "Yến", "Thu", "Dung"],
}
ETHNIC = ["Tày", "Nùng", "Sán Chay", "Dao", "H'Mông", "Sán Dìu", "Hoa", "Kinh"]


def _communes(rng: random.Random) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(
            era="legacy", level="commune", parent__code__in=DISTRICTS, parent__era="legacy"
        ).order_by("path")
    )


def _name(rng: random.Random, gender: str, used: set) -> str:
    while True:
        name = " ".join((rng.choice(FAMILY), rng.choice(MIDDLE[gender]), rng.choice(GIVEN[gender])))
        if name not in used:
            used.add(name)
            return name


def _person(full_name, unit, *, gender, ethnicity, birth_year, note=""):
    return create_person(
        data={
            "full_name": full_name,
            "unit": unit,
            "gender": gender,
            "ethnicity": ethnicity,
            "birth_year": birth_year,
            "note": note,
        },
        acting_user=None,
    )


def _exemplars(ban, rng, used) -> list:
    """The 88: the seed's three, models of 2018 in ethnic-minority areas of the province (the
    initiatives' demo registers 559), and people honoured as individual exemplars."""
    recipients = []
    for name, code in COLLECTIVES:
        recipients.append(
            register_initiative(
                data={
                    "name": name,
                    "kind": "exemplar",
                    "subject": "collective",
                    "owner_organization": ban,
                    "place": AdministrativeUnit.objects.get(era="legacy", code=code),
                    "year": 2018,
                    "ethnic_minority_area": True,
                },
                acting_user=None,
            )
        )
    name, code, ethnicity, note = MOI
    used.add(name)
    unit = AdministrativeUnit.objects.get(era="legacy", code=code)
    recipients.append(
        _person(name, unit, gender="male", ethnicity=ethnicity, birth_year=1962, note=note)
    )
    models = Initiative.objects.filter(
        year=2018, ethnic_minority_area=True, place__path__startswith=ban.unit.path
    ).exclude(pk__in=[r.pk for r in recipients[:2]])
    recipients += list(models.order_by("code")[:60])
    communes = _communes(rng)
    while len(recipients) < EXEMPLARS:
        gender = rng.choice(["male", "female"])
        recipients.append(
            _person(
                _name(rng, gender, used),
                rng.choice(communes),
                gender=gender,
                ethnicity=rng.choice(ETHNIC[:-1]),
                birth_year=rng.randint(1955, 1990),
            )
        )
    return recipients


def _medallists(ban, rng, used) -> list:
    """38 people with 15 years or more of dân vận work by 2018 (women 12)."""
    communes = _communes(rng)
    people = []
    for number in range(MEDALS):
        gender = "female" if number % 3 == 0 else "male"
        person = _person(
            _name(rng, gender, used),
            rng.choice(communes),
            gender=gender,
            ethnicity=rng.choice(ETHNIC),
            birth_year=rng.randint(1955, 1975),
        )
        start = date(rng.randint(1982, 2002), rng.randint(1, 12), 1)
        add_person_link(
            person=person,
            kind="service_period",
            data={"organization": ban, "start": start, "end": None, "full_time": True},
            acting_user=None,
        )
        people.append(person)
    return people


def _propose(*, title, kind, ban, recipients, decision_number, ceremony, signer, submitted_on):
    with recorded_as_of(at(submitted_on)):
        proposal = services.create_proposal(
            data={"title": title, "kind": kind, "proposer": ban}, acting_user=None
        )
        for recipient in recipients:
            services.add_nominee(
                proposal=proposal, recipient=recipient, as_of=CEREMONY_DAY, acting_user=None
            )
        services.transition_proposal(proposal=proposal, action="submit", acting_user=None)
    with recorded_as_of(at(CEREMONY_DAY)):
        services.transition_proposal(
            proposal=proposal,
            action="decide",
            decision=services.DecisionData(
                decided_on=CEREMONY_DAY,
                decision_number=decision_number,
                signer=signer,
                ceremony=ceremony,
            ),
            acting_user=None,
        )
    return proposal


@transaction.atomic
def load_demo(*, stdout) -> str:
    ban = Organization.objects.filter(name=BAN).select_related("unit").first()
    if ban is None or Honour.objects.exists():
        return _("skipped")
    rng = random.Random(2018)  # noqa: S311 — demonstration data, the same on every machine
    used: set[str] = set()
    services.seed_kinds()
    medal = HonourKind.objects.get(name=MEDAL)
    prepared_on = CEREMONY_DAY - timedelta(days=20)
    with recorded_as_of(at(prepared_on)):
        kind = HonourKind.objects.filter(name=COMMENDATION).first() or services.create_kind(
            data={
                "name": COMMENDATION,
                "form": HonourForm.COMMENDATION,
                "level": HonourLevel.PROVINCE,
                "conferred_by": ban,
                "recipient": Recipient.ANY,
                "ethnic_minority_area": True,
                "certificate_title": "Giấy khen",
                "certificate_text": "Điển hình “Dân vận khéo” vùng đồng bào dân tộc thiểu số",
                "order": 30,
            },
            acting_user=None,
        )
        ceremony = services.create_ceremony(
            data={
                "name": CEREMONY,
                "held_on": CEREMONY_DAY,
                "place": ban.unit,
                "campaign": "Tháng Dân vận năm 2018",
                "organizer": ban,
                "note": "Biểu dương 88 điển hình “Dân vận khéo” vùng đồng bào dân tộc thiểu số; "
                "trao Kỷ niệm chương “Vì sự nghiệp Dân vận” cho 38 cá nhân.",
            },
            acting_user=None,
        )
    with recorded_as_of(at(prepared_on)):
        exemplars = _exemplars(ban, rng, used)
        medallists = _medallists(ban, rng, used)
    _propose(
        title="Biểu dương điển hình “Dân vận khéo” vùng đồng bào dân tộc thiểu số năm 2018",
        kind=kind,
        ban=ban,
        recipients=exemplars,
        decision_number="52-QĐ/BDVTU",
        ceremony=ceremony,
        signer="Trưởng Ban Dân vận Tỉnh ủy",
        submitted_on=prepared_on,
    )
    _propose(
        title="Đề nghị tặng Kỷ niệm chương “Vì sự nghiệp Dân vận” năm 2018",
        kind=medal,
        ban=ban,
        recipients=medallists,
        decision_number="125-QĐ/BDVTW",
        ceremony=ceremony,
        signer="Trưởng Ban Dân vận Trung ương",
        submitted_on=CEREMONY_DAY - timedelta(days=60),
    )
    return _("%(exemplars)s exemplars commended and %(medals)s medals conferred") % {
        "exemplars": len(exemplars),
        "medals": len(medallists),
    }
