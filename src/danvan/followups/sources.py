"""What a follow-up can come from: other apps register their kinds of source here, so that
``followups`` names and links them without importing those apps.

    from danvan.followups.sources import SourceKind, register_source_kind

    register_source_kind(SourceKind(
        key="dialogues.commitment",
        label=_("Commitment made at a dialogue"),
        url=lambda followup: reverse("dialogues:dialogue-detail", args=[followup.source_id_for()]),
    ))

See docs/dev/followups.md."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise


@dataclass(frozen=True)
class SourceKind:
    key: str  # "app.what": "dialogues.commitment", "targets.recommendation"
    label: Label  # in words, for lists and the detail page
    # ``url(followup)`` → the source's page, or None (then only its label is shown).
    url: Callable[[Any], str | None] | None = None


MANUAL = SourceKind(key="followups.manual", label=_("Entered directly"))
_kinds: dict[str, SourceKind] = {MANUAL.key: MANUAL}


def register_source_kind(kind: SourceKind) -> None:
    _kinds[kind.key] = kind


def source_kind(key: str) -> SourceKind:
    """The registered kind, or one named by its key (an app removed since)."""
    return _kinds.get(key) or SourceKind(key=key, label=key)


def source_kinds() -> list[SourceKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)
