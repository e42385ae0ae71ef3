"""Organisations and documents for the documents tests, made through the services as the
application makes them."""

import io
import zipfile
from datetime import date
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.documents import services
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.services import create_organization
from danvan.territory.models import AdministrativeUnit
from tests.commit import committed

_numbers = count(1)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def province(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(era="current", level="province", code=code)


def tuyen_quang() -> AdministrativeUnit:
    return province("08")


def dong_thap() -> AdministrativeUnit:
    return province("82")


def make_organization(*, name: str | None = None, unit=None, parent=None, central=False, **extra):
    """An organisation in ``unit`` (tỉnh Tuyên Quang unless told otherwise); ``central=True``
    for a central body, which has no unit."""
    if unit is None and not central:
        unit = parent.unit if parent is not None else tuyen_quang()
    data = {
        "name": name or f"Ban Dân vận thử nghiệm {next(_numbers)}",
        "kind": OrganizationKind.DAN_VAN,
        "unit": unit,
        "parent": parent,
        **extra,
    }
    return create_organization(data=data, acting_user=None)


def make_document(*, issuer, acting_user=None, file=None, **fields):
    """A document of ``issuer``: a plan numbered ``<n>-KH/HU`` unless told otherwise."""
    data = {
        "kind": "",
        "number": f"{next(_numbers)}-KH/HU",
        "issued_on": date(2021, 9, 10),
        "issuer": issuer,
        "title": "Kế hoạch thực hiện công tác dân vận năm 2021",
        "summary": "",
        **fields,
    }
    with committed():  # the file is written on commit
        return services.create_document(data=data, file=file, acting_user=acting_user)


def pdf_upload(name: str = "ke-hoach.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def docx_upload(name: str = "huong-dan.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
