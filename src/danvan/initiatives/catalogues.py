"""The default catalogues: fields of work (with their aliases) and kinds of result."""

from django.utils.translation import gettext as _

from danvan.core.folding import fold
from danvan.initiatives.models import Field, QuantityType


def seed_catalogues(*, stdout=None) -> str:
    """The default fields of work (with aliases) and kinds of result; idempotent."""
    fields = {
        "Kinh tế": ["kinh te", "phat trien kinh te", "kinh te - xa hoi"],
        "Văn hóa - xã hội": ["van hoa xa hoi", "van hoa", "xa hoi", "vh-xh"],
        "Quốc phòng - an ninh": [
            "an ninh - quoc phong",
            "an ninh quoc phong",
            "qp-an",
            "an-qp",
            "quoc phong an ninh",
        ],
        "Xây dựng hệ thống chính trị": [
            "xay dung he thong chinh tri",
            "xd htct",
            "he thong chinh tri",
        ],
        "Xây dựng nông thôn mới": ["nong thon moi", "xay dung ntm", "ntm"],
    }
    created = 0
    for order, (name, aliases) in enumerate(fields.items(), start=1):
        field, new = Field.objects.get_or_create(
            name=name, defaults={"name_folded": fold(name), "order": order}
        )
        created += new
        for alias in aliases:
            field.aliases.get_or_create(alias_folded=fold(alias))
    types = [
        ("money", "Kinh phí huy động", "đồng", True),
        ("workdays", "Ngày công", "ngày công", False),
        ("households", "Hộ gia đình tham gia", "hộ", False),
        ("road", "Đường giao thông", "m", False),
        ("land", "Đất hiến", "m²", False),
        ("trees", "Cây xanh trồng mới", "cây", False),
        ("people", "Lượt người tham gia", "lượt", False),
    ]
    for order, (code, name, unit, is_money) in enumerate(types, start=1):
        _type, new = QuantityType.objects.get_or_create(
            code=code, defaults={"name": name, "unit": unit, "is_money": is_money, "order": order}
        )
        created += new
    return _("%(count)s catalogue entries added") % {"count": created}
