"""Issue 12, point 4: a timeline names every action in Vietnamese — never its code. Every
action code written in the source has its words registered (``registry.register_action_labels``)."""

import re
from pathlib import Path

from django.utils import translation

from danvan.core import registry

SOURCE = Path(__file__).resolve().parents[2] / "src" / "danvan"
LITERAL = re.compile(r'action=f?"([a-z_]+\.[a-z_]+\.[a-z_{}]+)"')
CHOSEN = re.compile(r'"([a-z_]+\.[a-z_]+\.[a-z_]+)" if ')
# Codes built from a value: each value they take, spelled out.
EXPANDED = {
    "accounts.user.password_{reason}": ["changed", "reset"],
    "organizations.person.{kind}_added": ["position", "membership", "service_period"],
    "reviews.round.{to_state}": ["open", "closed", "decided"],
}


def _codes() -> set[str]:
    codes = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(LITERAL.findall(text)) | set(CHOSEN.findall(text))
    expanded = set()
    for code in codes:
        if "{" in code:
            head, _brace, rest = code.partition("{")
            tail = rest.partition("}")[2]
            expanded |= {f"{head}{value}{tail}" for value in EXPANDED[code]}
        else:
            expanded.add(code)
    return expanded


def test_every_action_code_in_the_source_has_vietnamese_words():
    codes = _codes()
    assert "reviews.review.submitted" in codes  # the scan finds them
    with translation.override("vi"):
        missing = sorted(code for code in codes if registry.action_label(code) == code)
    assert not missing, "Action codes without words: " + ", ".join(missing)
