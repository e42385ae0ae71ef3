"""The words of eligibility: a duration in years and months, a condition met or not with its
sentence, and the evaluation of one recipient (``honors.eligibility`` fills them)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A near miss lacks one condition only, and no more than this many months of service.
NEAR_MONTHS = 24


def duration(months: int) -> str:
    """17 năm 4 tháng; 8 tháng; 15 năm."""
    years, rest = divmod(max(months, 0), 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)s year", "%(n)s years", years) % {"n": years})
    if rest or not years:
        parts.append(ngettext("%(n)s month", "%(n)s months", rest) % {"n": rest})
    return " ".join(parts)


class Condition:
    """One condition, met or not, with its sentence and what is missing. The sentences are
    written when read (``text``, ``missing`` may be given as functions): a province's
    candidates evaluate 200,000 people and show a page of them."""

    __slots__ = ("_missing", "_text", "final", "gap_months", "met")

    def __init__(self, met, text, missing="", gap_months=None, *, final=False):
        self.met = met
        self._text = text
        self._missing = missing
        self.gap_months = gap_months
        self.final = final  # cannot be made up for (a once-only honour received already)

    @property
    def text(self) -> str:
        if callable(self._text):
            self._text = self._text()
        return self._text

    @property
    def missing(self) -> str:
        if callable(self._missing):
            self._missing = self._missing()
        return self._missing

    def __repr__(self) -> str:
        return f"Condition(met={self.met}, text={self.text!r}, missing={self.missing!r})"


@dataclass
class Evaluation:
    recipient: object
    conditions: list[Condition] = field(default_factory=list)
    served_months: int | None = None

    @property
    def eligible(self) -> bool:
        return all(c.met for c in self.conditions)

    @property
    def unmet(self) -> list[Condition]:
        return [c for c in self.conditions if not c.met]

    @property
    def near_miss(self) -> bool:
        unmet = self.unmet
        if len(unmet) != 1 or unmet[0].final:
            return False
        gap = unmet[0].gap_months
        return gap is None or gap <= NEAR_MONTHS

    @property
    def summary(self) -> str:
        """ "Đủ điều kiện: 17 năm 4 tháng làm công tác dân vận (cần 15 năm)"."""
        if self.eligible:
            texts = "; ".join(c.text for c in self.conditions) or _("no condition is set")
            return _("Eligible: %(reasons)s") % {"reasons": texts}
        texts = "; ".join(f"{c.text}, {c.missing}" if c.missing else c.text for c in self.unmet)
        return _("Not eligible: %(reasons)s") % {"reasons": texts}


# ---- service periods ------------------------------------------------------------------------
