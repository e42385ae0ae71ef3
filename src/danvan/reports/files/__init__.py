"""The report as a file: XLSX (figures), DOCX and PDF (the layout of a Party report). Files are
written in Vietnamese, whatever the interface language: they are handed in up the hierarchy."""

from django.utils import translation

from danvan.reports.figures import Report

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render_file(report: Report, file_format: str) -> bytes:
    from danvan.reports.files import docx, pdf, xlsx

    renderers = {"xlsx": xlsx.render, "docx": docx.render, "pdf": pdf.render}
    with translation.override("vi"):
        return renderers[file_format](report)
