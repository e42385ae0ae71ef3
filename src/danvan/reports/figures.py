"""What a report is made of: rows of figures (``core.measures.Figure``: a value with its
comparison), the whole report. Plain data, shared by the engine (``queries``), the narrative,
the screens and the files."""

from dataclasses import dataclass, field

from danvan.core.measures import Figure
from danvan.reports.periods import Period

__all__ = ["Figure", "GroupKey", "Report", "Row"]


@dataclass(frozen=True)
class GroupKey:
    dimension: str
    key: object  # the coded value, the unit's path, the field's id; None for "none"
    label: str
    unit_id: int | None = None  # rows of units: where the drill-down goes
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class Row:
    keys: tuple[GroupKey, ...]
    figures: dict[str, Figure]
    kind: str = "row"  # "row", "subtotal", "total"

    def value(self, measure: str) -> int:
        return self.figures[measure].value

    @property
    def label(self) -> str:
        return " — ".join(key.label for key in self.keys)


@dataclass
class Report:
    scope_label: str
    # How the scope is named inside a sentence ("toàn huyện", "cả nước", an organisation).
    scope_phrase: str
    period: Period
    by: tuple[str, ...]
    remap: bool
    areas: tuple[str, ...]
    measures: list[str]
    rows: list[Row]
    subtotals: list[Row]
    total: Row
    # Figures of the total that only the narrative reads (registered by subject and kind…).
    summary: dict[str, Figure] = field(default_factory=dict)
    # The province the scope lies in, for the date line of a Party report ("Phú Thọ, ngày …").
    scope_text: str = ""  # the scope inside a sentence: "huyện Yên Lập, tỉnh Phú Thọ"
    scope_unit: object = None  # the scope's unit (territory), for the header block
    scope_organization: object = None
    # Who issues the files when the scope names no unit: the user's own unit (their first unit
    # grant) for "everything in your scope"; None: the central commission.
    issuing_unit: object = None
    narrative: str = ""

    def rows_with_subtotals(self) -> list[Row]:
        """The rows, each group of the first dimension followed by its subtotal (2+ dimensions)."""
        if not self.subtotals:
            return list(self.rows)
        by_first = {row.keys[0].key: row for row in self.subtotals}
        result: list[Row] = []
        for index, row in enumerate(self.rows):
            result.append(row)
            last_of_group = (
                index + 1 == len(self.rows) or self.rows[index + 1].keys[0].key != row.keys[0].key
            )
            if last_of_group and row.keys[0].key in by_first:
                result.append(by_first[row.keys[0].key])
        return result
