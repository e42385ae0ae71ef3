"""Demonstration documents of the seed scenarios: the numbers the articles cite (and the date of
Hướng dẫn 02-HD/BDVTU); the other dates and the titles are written for the demo."""

from datetime import date

from django.utils.translation import gettext as _

from danvan.core.audit_context import moment_of, recorded_as_of
from danvan.documents import services
from danvan.documents.models import Document
from danvan.organizations.models import Organization

DOCUMENTS = [
    # issuer name, number, issued on, title
    (
        "Ban Dân vận Tỉnh ủy Tuyên Quang",
        "02-HD/BDVTU",
        date(2021, 9, 10),
        "Hướng dẫn triển khai mô hình “Dân vận khéo” gắn với xây dựng nông thôn mới",
    ),
    (
        "Huyện ủy Lâm Bình",
        "54-KH/HU",
        date(2021, 10, 5),
        "Kế hoạch cán bộ, đảng viên cơ quan khối huyện làm công tác dân vận tại cơ sở",
    ),
    (
        "Tỉnh ủy Đồng Tháp",
        "01-NQ/TU",
        date(2020, 12, 25),
        "Nghị quyết về nâng cao hiệu quả công tác dân vận trong tình hình mới",
    ),
    (
        "Huyện ủy Yên Lập",
        "12-KH/HU",
        date(2022, 1, 10),
        "Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” năm 2022",
    ),
    (
        "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” huyện Ba Bể",
        "03-QĐ/BCĐ",
        date(2023, 11, 20),
        "Quyết định công nhận mô hình “Dân vận khéo” năm 2023",
    ),
    (
        "Ban Dân vận Tỉnh ủy Bắc Giang",
        "45-KH/BDVTU",
        date(2018, 9, 20),
        "Kế hoạch tổ chức Tháng Dân vận năm 2018",
    ),
]


def load_demo(*, stdout) -> str:
    created = 0
    for issuer_name, number, issued_on, title in DOCUMENTS:
        issuer = Organization.objects.filter(name=issuer_name).first()
        if issuer is None:
            continue
        # Registered on the day it was issued, not on the day of the install.
        registered = moment_of(issued_on)
        with recorded_as_of(registered):
            document = services.create_document(
                data={"number": number, "issued_on": issued_on, "issuer": issuer, "title": title},
                acting_user=None,
            )
        Document.objects.filter(pk=document.pk).update(created_at=registered, updated_at=registered)
        created += 1
    return _("%(count)s documents") % {"count": created}
