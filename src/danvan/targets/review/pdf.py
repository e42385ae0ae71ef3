"""The review document as PDF: the same content through an HTML template and WeasyPrint."""

from django.template.loader import render_to_string

from danvan.core.pdf import render_pdf
from danvan.targets.review import docx
from danvan.targets.review.content import ReviewContent


def render(content: ReviewContent) -> bytes:
    html = render_to_string(
        "targets/review_document.html",
        {
            "content": content,
            "head": docx.header_lines(content),
            "target_headers": docx.target_headers(),
            "target_rows": [docx.target_cells(row) for row in content.rows],
            "recommendation_headers": docx.recommendation_headers(),
        },
    )
    return render_pdf(html)
