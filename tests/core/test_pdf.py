"""The project's PDF renderer writes Vietnamese with the font the project brings."""

import io

from pypdf import PdfReader

from danvan.core.pdf import render_pdf

TEXT = "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp — Đồng ý, Ưu tiên"


def _pdf(html: str) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(html)))


def _font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_a_rendered_pdf_holds_the_vietnamese_text_as_written():
    reader = _pdf(f"<html><body><h1>Biên bản</h1><p>{TEXT}</p></body></html>")

    text = " ".join(reader.pages[0].extract_text().split())

    assert text.startswith("Biên bản")
    assert TEXT in text


def test_every_font_embedded_is_the_projects_own():
    reader = _pdf(
        f"<html><body><p style='font-family: monospace'>{TEXT}</p>"
        "<p><b>Quyết định số 12/QĐ-BCĐ</b> <i>Ba Bể</i></p></body></html>"
    )

    # "ABCDEF+Danvan-Serif-Bold": the subset prefix, then the family of the @font-face rules
    # (a font of the machine would be named DejaVuSerif, LiberationSans…).
    names = sorted(name.split("+", 1)[1] for name in _font_names(reader))

    assert names == ["Danvan-Serif", "Danvan-Serif-Bold", "Danvan-Serif-Italic"]


def test_a_page_that_names_no_font_gets_noto_serif_all_the_same():
    reader = _pdf("<html><body><p style='font-family: sans-serif'>Xã Phúc Lộc</p></body></html>")

    assert "Xã Phúc Lộc" in reader.pages[0].extract_text()
