from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee (tỉnh ủy, huyện ủy, đảng ủy)")
    PARTY_CELL = "party_cell", _("Party cell (chi bộ)")
    DAN_VAN = "dan_van", _("Mass mobilisation committee (Ban Dân vận, Ban Tuyên giáo và Dân vận)")
    STEERING = "steering", _("Steering committee (Ban Chỉ đạo)")
    GOVERNMENT = "government", _("Government body (UBND, sở, phòng)")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front (MTTQ)")
    MASS_ORGANIZATION = (
        "mass_org",
        _("Mass organisation (Hội LHPN, Hội Nông dân, Đoàn, Hội CCB, Công đoàn)"),
    )
    ARMED_FORCES = "armed_forces", _("Armed forces unit (quân sự, công an, biên phòng)")
    ENTERPRISE = "enterprise", _("Enterprise")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")


class Religion(models.TextChoices):
    NONE = "", _("none / not recorded")
    BUDDHISM = "buddhism", _("Buddhism")
    CATHOLICISM = "catholicism", _("Catholicism")
    PROTESTANTISM = "protestantism", _("Protestantism")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Hòa Hảo Buddhism")
    ISLAM = "islam", _("Islam")
    OTHER = "other", _("other religion")


# The 54 ethnic groups of Vietnam, in the order of the official list (Kinh first).
ETHNIC_GROUPS = [
    "Kinh",
    "Tày",
    "Thái",
    "Hoa",
    "Khmer",
    "Mường",
    "Nùng",
    "H'Mông",
    "Dao",
    "Gia Rai",
    "Ngái",
    "Ê Đê",
    "Ba Na",
    "Xơ Đăng",
    "Sán Chay",
    "Cơ Ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Mnông",
    "Ra Glai",
    "Xtiêng",
    "Bru - Vân Kiều",
    "Thổ",
    "Giáy",
    "Cơ Tu",
    "Gié Triêng",
    "Mạ",
    "Khơ Mú",
    "Co",
    "Tà Ôi",
    "Chơ Ro",
    "Kháng",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "La Ha",
    "Phù Lá",
    "La Hủ",
    "Lự",
    "Lô Lô",
    "Chứt",
    "Mảng",
    "Pà Thẻn",
    "Cơ Lao",
    "Cống",
    "Bố Y",
    "Si La",
    "Pu Péo",
    "Brâu",
    "Ơ Đu",
    "Rơ Măm",
]
EthnicGroup = models.TextChoices("EthnicGroup", [(name, name) for name in ETHNIC_GROUPS])
