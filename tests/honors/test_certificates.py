"""Certificates as real PDFs, a decision's certificates in the background, its list as XLSX
and DOCX."""

import io
from datetime import date

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.honors import services
from danvan.honors.models import CertificateJob
from tests.commit import committed
from tests.factories.organizations import make_organization
from tests.honors.factories import (
    commune_ban,
    dong_thap,
    make_kind,
    officers,
    person_with_service,
    tuyen_quang,
)
from tests.permissions import check_matrix

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def decided():
    kind = make_kind(
        name="Bằng khen của Ban Dân vận Tỉnh ủy",
        certificate_title="Bằng khen",
        certificate_text="Đã có thành tích xuất sắc trong công tác dân vận",
    )
    proposal = services.create_proposal(
        data={"title": "Đề nghị khen năm 2025", "kind": kind, "proposer": commune_ban()},
        acting_user=None,
    )
    for name in ("Hoàng Văn Mới", "Lý Thị Thắm", "Đặng Văn Ba"):
        person = person_with_service((date(2001, 1, 1), None), full_name=name, ethnicity="Nùng")
        services.add_nominee(proposal=proposal, recipient=person, acting_user=None)
    services.transition_proposal(proposal=proposal, action="submit", acting_user=None)
    services.transition_proposal(
        proposal=proposal,
        action="decide",
        decision=services.DecisionData(
            decided_on=date(2025, 10, 15), decision_number="77-QĐ/BDVTU", signer="Nguyễn Văn Ký"
        ),
        acting_user=None,
    )
    proposal.refresh_from_db()
    return proposal


def test_an_honours_certificate_is_a_pdf_with_the_name_decision_and_signer(client, decided):
    users = officers()
    client.force_login(users["province"])
    honour = decided.nominees.get(person__full_name="Hoàng Văn Mới").honour
    response = client.get(f"/khen-thuong/{honour.pk}/giay-chung-nhan/")
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "BẰNG KHEN" in text
    assert "Hoàng Văn Mới" in text
    assert "dân tộc Nùng" in text
    assert "77-QĐ/BDVTU" in text
    assert "ngày 15 tháng 10 năm 2025" in text
    assert "Nguyễn Văn Ký" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_a_decisions_certificates_are_made_in_the_background_as_one_pdf(client, decided):
    users = officers()
    client.force_login(users["province"])
    with committed():
        response = client.post(f"/khen-thuong/de-nghi/{decided.pk}/giay-chung-nhan/")
    job = CertificateJob.objects.get()
    assert response["Location"] == f"/khen-thuong/giay-chung-nhan/{job.pk}/"
    assert (job.status, job.total, job.done) == ("done", 3, 3)
    page = client.get(response["Location"]).content.decode()
    assert "Tệp đã sẵn sàng" in page
    download = client.get(f"/khen-thuong/giay-chung-nhan/{job.pk}/tep/")
    content = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 3
    text = _text(content)
    assert text.index("Đặng Văn Ba") < text.index("Hoàng Văn Mới") < text.index("Lý Thị Thắm")
    other = client.__class__()
    other.force_login(users["commune"])
    assert other.get(f"/khen-thuong/giay-chung-nhan/{job.pk}/").status_code == 404


def test_a_decisions_list_comes_as_xlsx_and_docx(client, decided):
    client.force_login(officers()["province"])
    xlsx = client.get(f"/khen-thuong/de-nghi/{decided.pk}/danh-sach.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Mã")
    column = rows[header_at].index("Đối tượng khen thưởng")
    names = [row[column] for row in rows[header_at + 1 :]]
    assert names == ["Đặng Văn Ba", "Hoàng Văn Mới", "Lý Thị Thắm"]
    docx = client.get(f"/khen-thuong/de-nghi/{decided.pk}/danh-sach.docx")
    document = Document(io.BytesIO(docx.content))
    texts = [p.text for p in document.paragraphs]
    assert "DANH SÁCH KHEN THƯỞNG" in texts
    assert "(Kèm theo Quyết định số 77-QĐ/BDVTU ngày 15/10/2025)" in texts
    table = document.tables[0]
    assert [cell.text for cell in table.rows[1].cells] == [
        "1",
        "Đặng Văn Ba",
        "Nùng",
        table.rows[1].cells[3].text,
    ]
    assert len(table.rows) == 4


def test_the_decision_files_are_for_those_who_read_the_proposal(decided):
    far_ban = make_organization(name="Ban Dân vận Tỉnh ủy ĐT", unit=dong_thap())
    far_kind = make_kind(name="Bằng khen ĐT", conferred_by=far_ban)
    outside = services.create_proposal(
        data={"title": "Ngoài", "kind": far_kind, "proposer": far_ban}, acting_user=None
    )
    far = person_with_service(
        (date(2001, 1, 1), None), unit=dong_thap(), organization=far_ban, full_name="Người Xa"
    )
    services.add_nominee(proposal=outside, recipient=far, acting_user=None)
    services.transition_proposal(proposal=outside, action="submit", acting_user=None)
    services.transition_proposal(
        proposal=outside,
        action="decide",
        decision=services.DecisionData(decided_on=date(2025, 1, 2), decision_number="1-QĐ"),
        acting_user=None,
    )
    readers = dict.fromkeys(("admin", "staff", "unit_editor", "viewer"), (200, 404))
    for suffix in ("danh-sach.xlsx", "danh-sach.docx"):
        check_matrix(
            url_for=lambda p, s=suffix: f"/khen-thuong/de-nghi/{p.pk}/{s}",
            inside=decided,
            outside=outside,
            scope_unit=tuyen_quang(),
            expect=readers,
        )
    honours = [p.nominees.first().honour for p in (decided, outside)]
    check_matrix(
        url_for=lambda h: f"/khen-thuong/{h.pk}/giay-chung-nhan/",
        inside=honours[0],
        outside=honours[1],
        scope_unit=tuyen_quang(),
        expect=readers,
    )
    with committed():
        check_matrix(
            url_for=lambda p: f"/khen-thuong/de-nghi/{p.pk}/giay-chung-nhan/",
            inside=decided,
            outside=outside,
            scope_unit=tuyen_quang(),
            method="post",
            expect=dict.fromkeys(readers, (302, 404)),
            superuser=(302, 302),
        )


def _finished_job(proposal) -> CertificateJob:
    from django.core.files.base import ContentFile

    from danvan.core.jobs import transition_job

    job = CertificateJob.objects.create(
        proposal=proposal, user=officers()["province"], filename="giay-chung-nhan.pdf"
    )
    assert transition_job(job_model=CertificateJob, pk=job.pk, to_state="running")
    assert transition_job(job_model=CertificateJob, pk=job.pk, to_state="done")
    job.refresh_from_db()
    job.file.save("giay-chung-nhan.pdf", ContentFile(b"%PDF-1.7 giay chung nhan"))
    return job


@pytest.mark.parametrize("suffix", ["", "tep/"])
def test_a_certificates_job_is_its_authors_only(decided, suffix):
    inside, outside = _finished_job(decided), _finished_job(decided)
    check_matrix(
        url_for=lambda job: f"/khen-thuong/giay-chung-nhan/{job.pk}/{suffix}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect={},
        superuser=(404, 404),
    )
    client = Client()
    client.force_login(inside.user)
    response = client.get(f"/khen-thuong/giay-chung-nhan/{inside.pk}/{suffix}")
    assert response.status_code == 200
    if suffix:
        assert b"".join(response.streaming_content) == b"%PDF-1.7 giay chung nhan"
