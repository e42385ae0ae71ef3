"""Who issues a report file, as the body is on the date of issue, and what follows from it: the
header block's two lines, the motto, the number's symbol, the place of the date line, the
signature block and the recipients ("Nơi nhận"). The rules are written in docs/reports.md.

A unit that no longer exists on the date of issue does not issue: a district abolished on
1/7/2025 hands over to the unit of today it counts for (its ``today_path``: the province for a
district, the merged commune for a commune), and a province merged in 2025 to the province of
today. An organisation that has ended hands over to its successor."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.territory import queries as territory
from danvan.territory.enums import Level, UnitType

# The Party committee of a unit, by the unit's type (its name follows: "TỈNH ỦY PHÚ THỌ").
_COMMITTEE = {
    UnitType.TINH: lambda: _("PROVINCIAL PARTY COMMITTEE"),
    UnitType.THANH_PHO_TW: lambda: _("CITY PARTY COMMITTEE"),
    UnitType.HUYEN: lambda: _("DISTRICT PARTY COMMITTEE"),
    UnitType.QUAN: lambda: _("URBAN DISTRICT PARTY COMMITTEE"),
    UnitType.THI_XA: lambda: _("TOWN PARTY COMMITTEE"),
    UnitType.THANH_PHO_TINH: lambda: _("CITY PARTY COMMITTEE"),
}
# The symbols after the number ("Số 12-BC/BDVHU") of a commission of the old map, by level.
_SYMBOL_BAN = {"central": "BTGDVTW", Level.PROVINCE: "BDVTU", Level.DISTRICT: "BDVHU"}


@dataclass
class Issuer:
    above: str  # the upper line: the Party committee (or organisation) the body belongs to
    body: str  # the issuing body, in bold
    symbol: str  # after "Số …-BC/"
    place: str  # the place of the date line
    party: bool = True  # "ĐẢNG CỘNG SẢN VIỆT NAM"; else the State's motto
    signature: list[str] = field(default_factory=list)  # "T/M BAN THƯỜNG VỤ", "BÍ THƯ"
    recipients: list[str] = field(default_factory=list)

    def number(self) -> str:
        return _("No.       -BC/%(symbol)s") % {"symbol": self.symbol}

    def motto(self) -> tuple[str, str]:
        if self.party:
            return _("COMMUNIST PARTY OF VIETNAM"), ""
        return _("SOCIALIST REPUBLIC OF VIETNAM"), _("Independence - Freedom - Happiness")


def _archived() -> str:
    return _("- Archived: office (VT).")


def _to_report(name: str) -> str:
    return _("- %(body)s (to report),") % {"body": name}


def unit_on(unit, day: date):
    """The unit that exists on ``day`` for ``unit``: itself when valid then, else the unit of
    today it counts for (the split rule's ``today_path``)."""
    if unit is None or unit.is_valid_on(day):
        return unit
    today = territory.units_by_path([unit.today_path]).get(unit.today_path)
    return today if today is not None and today.is_valid_on(day) else None


def _committee(unit) -> str:
    """ "TỈNH ỦY PHÚ THỌ", "HUYỆN ỦY YÊN LẬP", "ĐẢNG ỦY XÃ BÌNH AN"."""
    word = _COMMITTEE.get(unit.unit_type)
    if word is None:
        return _("PARTY COMMITTEE OF %(unit)s") % {"unit": unit.inline_name.upper()}
    return f"{word()} {unit.name.upper()}"


def _province(unit):
    chain = territory.ancestors(unit)
    return chain[0] if chain else unit


def _central() -> Issuer:
    return Issuer(
        above=_("CENTRAL COMMITTEE"),
        body=_("COMMISSION FOR INFORMATION, EDUCATION AND MOBILISATION"),
        symbol=_SYMBOL_BAN["central"],
        place="Hà Nội",
        signature=[_("HEAD")],
        recipients=[
            _to_report(_("the Secretariat")),
            _("- Leaders of the commission,"),
            _archived(),
        ],
    )


def _of_unit(unit) -> Issuer:
    if unit.level == Level.COMMUNE:
        province = _province(unit)
        # A commune's Party committee issues itself: it has no commission of its own.
        return Issuer(
            above=_("PARTY ORGANISATION OF %(unit)s") % {"unit": province.inline_name.upper()},
            body=_committee(unit),
            symbol="ĐU",
            place=unit.name,
            signature=[_("ON BEHALF OF THE STANDING COMMITTEE"), pgettext("party", "SECRETARY")],
            recipients=[
                _to_report(_("the Standing members of the %(committee)s") % _words(province)),
                _to_report(_("the Commission for Information, Education and Mobilisation of the "
                             "%(committee)s") % _words(province)),
                _("- Members of the Party committee,"),
                _archived(),
            ],
        )  # fmt: skip
    current = unit.era == "current"
    if unit.level == Level.PROVINCE:
        above_body = _to_report(
            _("the Central Commission for Information, Education and Mobilisation")
            if current
            else _("the Central Mass Mobilisation Commission")
        )
    else:
        above_body = _to_report(
            _("the Mass Mobilisation Committee of the %(committee)s") % _words(_province(unit))
        )
    return Issuer(
        above=_committee(unit),
        body=(
            _("COMMITTEE FOR INFORMATION, EDUCATION AND MOBILISATION")
            if current
            else _("MASS MOBILISATION COMMITTEE")
        ),
        symbol="BTGDVTU" if current else _SYMBOL_BAN.get(unit.level, "BDV"),
        place=unit.name,
        signature=[_("HEAD")],
        recipients=[
            above_body,
            _to_report(_("the Standing members of the %(committee)s") % _words(unit)),
            _("- Leaders of the committee,"),
            _archived(),
        ],
    )


def _words(unit) -> dict:
    """The committee's name inside a sentence: "Tỉnh ủy Phú Thọ", "Đảng ủy xã Bình An"."""
    word = _COMMITTEE.get(unit.unit_type)
    if word is None:
        text = _("PARTY COMMITTEE OF %(unit)s") % {"unit": unit.inline_name}
        return {"committee": text[:1] + text[1:].lower().replace(unit.name.lower(), unit.name)}
    return {"committee": f"{word().lower().capitalize()} {unit.name}"}


# An organisation's signature and recipients by its kind: (signs on behalf of, signer).
def _organisation_signature(organization) -> list[str]:
    kind = organization.kind
    if kind == "party_committee":
        return [_("ON BEHALF OF THE STANDING COMMITTEE"), pgettext("party", "SECRETARY")]
    if kind == "party_cell":
        return [_("ON BEHALF OF THE PARTY CELL"), pgettext("party", "SECRETARY")]
    if kind in {"dan_van", "steering"}:
        return [_("HEAD")]
    if kind == "fatherland_front":
        return [_("ON BEHALF OF THE STANDING BOARD"), _("CHAIR")]
    if kind == "mass_org":
        return [_("ON BEHALF OF THE STANDING COMMITTEE"), _("CHAIR")]
    return [_("HEAD OF THE AGENCY")]


def _of_organisation(organization, day: date) -> Issuer:
    seen = set()
    while (
        organization.valid_to is not None
        and organization.valid_to < day
        and organization.successor_id
        and organization.pk not in seen
    ):
        seen.add(organization.pk)
        organization = organization.successor
    parent = organization.parent
    party = organization.kind in {"party_committee", "party_cell", "dan_van", "steering"}
    unit = unit_on(organization.unit, day)
    members = (
        _("- Leaders of the committee,")
        if organization.kind in {"dan_van", "steering"}
        else _("- Members of the Standing Committee,")
    )
    recipients = [_to_report(parent.name)] if parent is not None else []
    return Issuer(
        above=parent.name.upper() if parent is not None else "",
        body=organization.name.upper(),
        symbol=(organization.short_name or "").upper() or "…",
        place=_province(unit).name if unit is not None else "Hà Nội",
        party=party,
        signature=_organisation_signature(organization),
        recipients=[*recipients, members, _archived()],
    )


def issuer_of(*, unit=None, organization=None, on: date) -> Issuer:
    """The body that issues a report of this scope on ``on``."""
    if organization is not None:
        return _of_organisation(organization, on)
    unit = unit_on(unit, on)
    if unit is None:
        return _central()
    return _of_unit(unit)
