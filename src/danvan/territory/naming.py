"""Keys for matching unit names however they are typed."""

from danvan.core.folding import fold


def name_key(text: str) -> str:
    """'Bình An' → 'binhan'; 'Phường 01' style numbers lose their leading zeros ('1')."""
    key = fold(text).replace(" ", "").replace("-", "").replace("'", "")
    return (key.lstrip("0") or key) if key.isdigit() else key


_VOWELS = set("aeiouy")


def spelling_key(folded: str) -> str:
    """A key that common spelling variants share, from a folded name: a final k is written c
    ("Krông Pắk" / "Krông Pắc"), a lone final y is written i ("Kỳ" / "Kì"); spaces and
    hyphens do not count ("Sa Pa" / "Sapa")."""
    words = []
    for written in folded.replace("-", " ").replace("'", "").split():
        word = written
        if len(word) > 1 and word.endswith("k"):
            word = word[:-1] + "c"
        if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
            word = word[:-1] + "i"
        words.append(word)
    return "".join(words)
