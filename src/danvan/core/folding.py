"""Folding of Vietnamese text for search and sort.

``fold`` removes diacritics and case, including the letter Đ/đ (which Unicode does not
decompose), and collapses whitespace, so that "Bình An", "BINH  AN" and "binh an" compare
equal. Store the folded form in a search column: SQLite's ``icontains`` ignores no diacritics.
"""

import functools
import unicodedata

_D_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Return ``text`` lower-cased, without diacritics and with single spaces."""
    if not text:
        return ""
    # Word by word: the folding never joins or splits words, and a register repeats the same
    # few thousand Vietnamese syllables, so each is folded once (imports fold millions).
    return " ".join([word for piece in text.split() if (word := _fold_word(piece))])


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return _fold_text(word)


def _fold_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", stripped).casefold().split())


# The Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y. A letter
# with a breve, circumflex, horn or stroke is a letter of its own, right after its base letter;
# the tones come after, in the order of dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_LETTER_RANK = {
    ("a", _BREVE): 1,
    ("a", _CIRCUMFLEX): 2,
    ("e", _CIRCUMFLEX): 1,
    ("o", _CIRCUMFLEX): 1,
    ("o", _HORN): 2,
    ("u", _HORN): 1,
}


def _letters_and_tones(text: str) -> tuple[list[int], str]:
    """Each character's rank in the alphabet (base letter, then breve/circumflex/horn; đ after
    d) and the string of its tone digits."""
    letters, tones = [], []
    for char in " ".join(text.split()).casefold():
        if char == "đ":
            letters.append(ord("d") * 4 + 1)
            tones.append("0")
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        rank = max((_LETTER_RANK.get((base, mark), 0) for mark in marks), default=0)
        letters.append(ord(base) * 4 + rank)
        tones.append(next((_TONES[mark] for mark in marks if mark in _TONES), "0"))
    return letters, "".join(tones)


@functools.lru_cache(maxsize=65536)
def collation_key(text: str | None) -> str:
    """A key whose plain order is the Vietnamese alphabetical order: the letters first (so
    "Cao Bằng" comes before "Cần Thơ", a before â), the tones only between names spelled
    alike, then the text itself. Sort lists shown to people with it:
    ``sorted(units, key=lambda u: collation_key(u.name))``."""
    if not text:
        return ""
    letters, tones = _letters_and_tones(text)
    return f"{''.join(map(chr, letters))}\x00{tones}\x00{text}"


_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_LETTER_WIDTH = 3  # three base-36 digits: every letter of Latin scripts (ranks < 46,656)
STORED_KEY_LENGTH = 255


def stored_collation_key(text: str | None) -> str:
    """``collation_key`` for a database column (``name_sort``): only ``0-9a-z``, fixed width per
    letter, so that every collation — SQLite's bytes, PostgreSQL's C or a locale — orders it the
    same way, and no NUL (PostgreSQL refuses it). Cut at ``STORED_KEY_LENGTH``: names alike
    beyond that are ordered by id."""
    if not text:
        return ""
    letters, tones = _letters_and_tones(text)
    top = len(_DIGITS36) ** _LETTER_WIDTH - 1
    parts = []
    for letter in letters:
        rank, digits = min(letter, top), ""
        for _ in range(_LETTER_WIDTH):
            rank, rest = divmod(rank, len(_DIGITS36))
            digits = _DIGITS36[rest] + digits
        parts.append(digits)
    # "00" starts no letter (printable characters rank ≥ 128 = "03k"): a name that ends sorts
    # before a longer one, and the tones decide only between names whose letters are all equal.
    return ("".join(parts) + "00" + tones)[:STORED_KEY_LENGTH]


def sort_key(text: str | None) -> tuple[str, str]:
    """Key for sorting Vietnamese names: folded first, original second to break ties stably."""
    return (fold(text), text or "")
