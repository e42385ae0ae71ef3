"""Splitting a place written in words into its parts.

"xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang", "X. Binh An - H. Lam Binh - T. Tuyen Quang",
"phường 1 TP. Cao Lãnh" → parts from the smallest unit to the largest, each with the levels and
types its prefix allows ("TP." is a centrally governed city or a provincial city) and a name key.
"""

import functools
import re
from dataclasses import dataclass

from danvan.core.folding import fold
from danvan.territory.enums import HAMLET_TYPES, Level, UnitType
from danvan.territory.naming import name_key, spelling_key

# Folded prefixes, longest first, with the types they announce.
PREFIXES: list[tuple[str, tuple[str, ...]]] = [
    ("thanh pho truc thuoc trung uong", (UnitType.THANH_PHO_TW,)),
    ("thanh pho", (UnitType.THANH_PHO_TW, UnitType.THANH_PHO_TINH)),
    ("tp.", (UnitType.THANH_PHO_TW, UnitType.THANH_PHO_TINH)),
    ("tp", (UnitType.THANH_PHO_TW, UnitType.THANH_PHO_TINH)),
    ("tinh", (UnitType.TINH,)),
    ("t.", (UnitType.TINH,)),
    ("thi xa", (UnitType.THI_XA,)),
    ("tx.", (UnitType.THI_XA,)),
    ("tx", (UnitType.THI_XA,)),
    ("thi tran", (UnitType.THI_TRAN,)),
    ("tt.", (UnitType.THI_TRAN,)),
    ("tt", (UnitType.THI_TRAN,)),
    ("huyen", (UnitType.HUYEN,)),
    ("h.", (UnitType.HUYEN,)),
    ("quan", (UnitType.QUAN,)),
    ("q.", (UnitType.QUAN,)),
    ("dac khu", (UnitType.DAC_KHU,)),
    ("phuong", (UnitType.PHUONG,)),
    ("p.", (UnitType.PHUONG,)),
    ("xa", (UnitType.XA,)),
    ("x.", (UnitType.XA,)),
    ("to dan pho", (UnitType.TO_DAN_PHO,)),
    ("tdp", (UnitType.TO_DAN_PHO,)),
    ("khu pho", (UnitType.KHU_PHO,)),
    ("kp.", (UnitType.KHU_PHO,)),
    ("thon", (UnitType.THON,)),
    ("ban", (UnitType.BAN,)),
    ("ap", (UnitType.AP,)),
    ("lang", (UnitType.LANG,)),
    ("buon", (UnitType.BUON,)),
    ("phum", (UnitType.PHUM,)),
    ("soc", (UnitType.SOC,)),
]
# Words that name a hamlet without being a type of their own ("xóm 5", "khóm Bình Thạnh"):
# they stay in the name, and the part is a hamlet of any type.
HAMLET_WORDS = ("xom", "khom")
# A unit named with the type it had before an upgrade ("TX. Bến Cát" in 2023 is the legacy
# "Thành phố Bến Cát"): huyện → thị xã → thành phố (or quận), xã → thị trấn → phường.
UPGRADES = {
    UnitType.HUYEN: (UnitType.THI_XA, UnitType.THANH_PHO_TINH, UnitType.QUAN),
    UnitType.THI_XA: (UnitType.THANH_PHO_TINH, UnitType.QUAN),
    UnitType.XA: (UnitType.THI_TRAN, UnitType.PHUONG),
    UnitType.THI_TRAN: (UnitType.PHUONG,),
}
TYPE_LEVELS = {
    UnitType.THANH_PHO_TW: Level.PROVINCE,
    UnitType.TINH: Level.PROVINCE,
    UnitType.THANH_PHO_TINH: Level.DISTRICT,
    UnitType.THI_XA: Level.DISTRICT,
    UnitType.HUYEN: Level.DISTRICT,
    UnitType.QUAN: Level.DISTRICT,
    UnitType.THI_TRAN: Level.COMMUNE,
    UnitType.DAC_KHU: Level.COMMUNE,
    UnitType.PHUONG: Level.COMMUNE,
    UnitType.XA: Level.COMMUNE,
    **dict.fromkeys(HAMLET_TYPES, Level.HAMLET),
}
# Words that start a new part when a place is written without commas: an abbreviation with its
# dot ("h.", "tp.") or a whole word followed by a space ("huyen ", never the "quan" of "quang").
_SPLIT_ABBREVIATIONS = r"(?:t|tp|h|q|tx|tt|x|p)\."
_SPLIT_WORDS = r"(?:tinh|thanh pho|tp|huyen|quan|thi xa|tx|thi tran|xa|phuong|dac khu)"
# Never between "thi" and "xa" of "thi xa".
_SPLITTER = re.compile(rf"(?<!thi)\s+(?={_SPLIT_ABBREVIATIONS}\s*\S|{_SPLIT_WORDS}\s+\S)")


@dataclass(frozen=True)
class PlacePart:
    text: str
    key: str
    types: tuple[str, ...]  # empty: any type
    name: str = ""  # the folded name without its type word ("thuong lam")

    @property
    def levels(self) -> set[str]:
        return {TYPE_LEVELS[t] for t in self.types}

    @functools.cached_property
    def accepted_types(self) -> tuple[str, ...]:
        """The types written and those the unit may have reached since (empty: any)."""
        upgrades = [u for t in self.types for u in UPGRADES.get(t, ()) if u not in self.types]
        return (*self.types, *dict.fromkeys(upgrades))

    @property
    def is_hamlet(self) -> bool:
        return bool(self.types) and self.levels == {Level.HAMLET}

    @functools.cached_property
    def spelling(self) -> str:
        """The key its spelling variants share ("krongpac" for "Krông Pắk")."""
        return spelling_key(self.name)


def _parse_part(text: str) -> PlacePart | None:
    folded = fold(text)
    for prefix, types in PREFIXES:
        if folded.startswith(prefix):
            rest = folded[len(prefix) :]
            # A prefix counts only before a name: "xa " or "x.Binh An", never inside "Xa Lý".
            if prefix.endswith(".") or rest.startswith(" "):
                rest = rest.strip(" .")
                if rest:
                    return PlacePart(text.strip(), name_key(rest), types, rest)
    key = name_key(folded)
    if folded.split(" ", 1)[0] in HAMLET_WORDS and " " in folded:
        return PlacePart(text.strip(), key, tuple(HAMLET_TYPES), folded.strip(" ."))
    return PlacePart(text.strip(), key, (), folded.strip(" .")) if key else None


_BARE = {prefix.rstrip(".") for prefix, _types in PREFIXES}


def _join_bare_prefixes(pieces: list[str]) -> list[str]:
    """A type word split off on its own belonged to a name: "xa dong xa huyen …" splits into
    "xa dong", "xa", "huyen …" — "xa" rejoins the name before it (or the one after it)."""
    joined: list[str] = []
    pending = ""
    for piece in pieces:
        if piece.strip(" .") in _BARE:
            if joined:
                joined[-1] = f"{joined[-1]} {piece}"
            else:
                pending = f"{pending} {piece}".strip()
            continue
        joined.append(f"{pending} {piece}".strip())
        pending = ""
    if pending:
        joined.append(pending)
    return joined


def parse_place(text: str) -> list[PlacePart]:
    """Parts of a place, smallest first as usually written."""
    text = (text or "").strip()
    if not text:
        return []
    pieces = re.split(r"\s*[,;/|]\s*|\s+-\s+", text)
    if len(pieces) == 1:
        pieces = _join_bare_prefixes(_SPLITTER.split(fold(text)))
    parts = [_parse_part(piece) for piece in pieces if piece.strip(" .-")]
    return [part for part in parts if part is not None]
