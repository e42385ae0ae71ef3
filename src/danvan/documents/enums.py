"""Kinds of official documents (văn bản) and how a document number names its kind.

A Party document is numbered ``54-KH/HU`` (number, kind, issuer) and a state document
``123/QĐ-UBND``; in both the kind's abbreviation is one of the parts, which is how the kind is
guessed from a number typed alone.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    RESOLUTION = "nghi_quyet", _("resolution")
    DIRECTIVE = "chi_thi", _("directive")
    CONCLUSION = "ket_luan", _("conclusion")
    REGULATION = "quy_dinh", _("regulation")
    GUIDANCE = "huong_dan", _("guidance")
    PLAN = "ke_hoach", _("plan")
    SCHEME = "de_an", _("scheme")
    DECISION = "quyet_dinh", _("decision")
    OFFICIAL_LETTER = "cong_van", _("official letter")
    REPORT = "bao_cao", _("report")
    NOTICE = "thong_bao", _("notice")


# The abbreviation of each kind in a document number, as written with or without "Đ".
# "QĐi" is the Party's abbreviation of a regulation (quy định), "QĐ" that of a decision.
KIND_ABBREVIATIONS: dict[str, DocumentKind] = {
    "NQ": DocumentKind.RESOLUTION,
    "CT": DocumentKind.DIRECTIVE,
    "KL": DocumentKind.CONCLUSION,
    "QĐI": DocumentKind.REGULATION,
    "QDI": DocumentKind.REGULATION,
    "HD": DocumentKind.GUIDANCE,
    "KH": DocumentKind.PLAN,
    "ĐA": DocumentKind.SCHEME,
    "DA": DocumentKind.SCHEME,
    "QĐ": DocumentKind.DECISION,
    "QD": DocumentKind.DECISION,
    "CV": DocumentKind.OFFICIAL_LETTER,
    "BC": DocumentKind.REPORT,
    "TB": DocumentKind.NOTICE,
}

_SEPARATORS = re.compile(r"[\s/\-–.,;:_()]+")


def guess_kind(number: str | None) -> DocumentKind | None:
    """The kind named by a document number: ``54-KH/HU`` → plan, ``123/QĐ-UBND`` → decision,
    ``08-QĐi/TW`` → regulation. The first part that is a kind's abbreviation wins (the issuer's
    part comes after it); None when no part is."""
    for part in _SEPARATORS.split((number or "").upper()):
        kind = KIND_ABBREVIATIONS.get(part.replace("Ð", "Đ"))  # Icelandic Eth typed for Đ
        if kind is not None:
            return kind
    return None
