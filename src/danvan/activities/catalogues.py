"""The default catalogues: kinds of activity, categories of participants, kinds of work with
their unit. Filled by a ``phase="reference"`` set-up step (idempotent: an entry staff renamed
or switched off stays as they left it); staff add more (``services.save_catalogue_entry``)."""

from django.utils.translation import gettext as _

from danvan.activities.models import ActivityKind, ParticipantCategory, WorkKind
from danvan.core.folding import fold

ACTIVITY_KINDS = [
    ("labour", "Lao động cùng Nhân dân"),
    ("propaganda", "Tuyên truyền, vận động"),
    ("visits", "Thăm hỏi và tặng quà"),
    ("housing", "Xây, sửa nhà cho hộ khó khăn"),
    ("health", "Khám, chữa bệnh, cấp thuốc"),
    ("land", "Hiến đất, góp ngày công"),
    ("environment", "Vệ sinh môi trường"),
    ("dialogue", "Đối thoại, tiếp xúc với Nhân dân"),
    ("other", "Hoạt động khác"),
]
PARTICIPANT_CATEGORIES = [
    ("party-members", "Đảng viên"),
    ("civil-servants", "Cán bộ, công chức"),
    ("public-employees", "Viên chức"),
    ("workers", "Người lao động"),
    ("armed-forces", "Chiến sĩ lực lượng vũ trang"),
    ("union-members", "Đoàn viên, hội viên"),
]
# (code, name, unit, is money)
WORK_KINDS = [
    ("concrete-road", "Đường bê tông làm mới", "m", False),
    ("field-road", "Đường nội đồng bê tông", "m", False),
    ("road-cleaned", "Đường giao thông được phát quang, vệ sinh", "m", False),
    ("flower-road", "Đường hoa chăm sóc, trồng mới", "m", False),
    ("drains", "Cống rãnh khơi thông", "m", False),
    ("trees", "Cây xanh trồng mới", "cây", False),
    ("workdays", "Ngày công", "ngày công", False),
    ("money", "Tiền đóng góp", "đồng", True),
    ("houses", "Nhà đại đoàn kết xây mới, sửa chữa", "nhà", False),
    ("gifts", "Suất quà tặng", "suất", False),
    ("land", "Đất hiến", "m²", False),
]


def seed_catalogues(*, stdout=None) -> str:
    """The default entries, each looked up by its code: added when missing, never changed."""
    created = 0
    for model, rows in (
        (ActivityKind, [(code, name, {}) for code, name in ACTIVITY_KINDS]),
        (ParticipantCategory, [(code, name, {}) for code, name in PARTICIPANT_CATEGORIES]),
        (
            WorkKind,
            [
                (code, name, {"unit": unit, "is_money": money})
                for code, name, unit, money in WORK_KINDS
            ],
        ),
    ):
        for order, (code, name, extra) in enumerate(rows, start=1):
            if model.objects.filter(code=code).exists():
                continue
            if model.objects.filter(name_folded=fold(name)).exists():
                continue  # staff added it under another code: theirs stays
            model.objects.create(
                code=code, name=name, name_folded=fold(name), order=order * 10, **extra
            )
            created += 1
    return _("%(count)s catalogue entries added") % {"count": created}
