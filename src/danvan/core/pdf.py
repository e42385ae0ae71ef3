"""PDF rendering for the whole project: HTML → PDF with WeasyPrint, with a font that has every
Vietnamese glyph. The font (Noto Serif, whole TTF files from the npm package
``@expo-google-fonts/noto-serif``) is copied into ``build/fonts`` by ``make assets``
(``settings.PDF_FONT_DIR``), so a PDF looks the same on every machine, whatever fonts the
machine happens to have.

Whole fonts on purpose: fontsource's unicode-range subsets (latin / latin-ext / vietnamese)
come out of WeasyPrint as one PDF font with colliding glyph ids — "Đồng" printed as "ĐĘĎć".

Templates use ``font-family: "Danvan Serif"`` (``FONT_FAMILY``), which is also the default."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FONT_FAMILY = "Danvan Serif"

# The file of each weight and style.
FONT_FILES = (
    ("NotoSerif_400Regular.ttf", 400, "normal"),
    ("NotoSerif_400Regular_Italic.ttf", 400, "italic"),
    ("NotoSerif_700Bold.ttf", 700, "normal"),
    ("NotoSerif_700Bold_Italic.ttf", 700, "italic"),
)


@cache
def _font_css(directory: str) -> str:
    rules = []
    for name, weight, style in FONT_FILES:
        path = Path(directory) / name
        if not path.exists():
            raise ImproperlyConfigured(
                f"The PDF font {path} is missing: run `make assets` (it copies Noto Serif "
                "from node_modules into build/fonts)."
            )
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-style: {style}; '
            f"font-weight: {weight}; src: url({path.as_uri()}); }}"
        )
    # Every family a template may name falls back to ours, never to the machine's fonts.
    rules.append(f'* {{ font-family: "{FONT_FAMILY}" !important; }}')
    return "\n".join(rules)


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of ``html`` (a whole document, its own ``<style>`` for page size and layout).
    ``base_url`` resolves relative links and images; only ``file:`` and ``data:`` URLs are
    fetched — WeasyPrint never goes to the network from here."""
    # Imported here: WeasyPrint loads pango when imported, which pages without PDFs don't need.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    font_config = FontConfiguration()
    fonts = CSS(
        string=_font_css(str(settings.PDF_FONT_DIR)), font_config=font_config, url_fetcher=fetcher
    )
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[fonts], font_config=font_config)


def render_pdf_in_parts(parts, *, progress=None) -> bytes:
    """One PDF from several HTML documents rendered in turn (certificates of a decision, a
    few pages each), so that a background job can say how far it is: ``progress(done)`` is
    called after each part. The pages are joined in order into one file."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    font_config = FontConfiguration()
    fonts = CSS(
        string=_font_css(str(settings.PDF_FONT_DIR)), font_config=font_config, url_fetcher=fetcher
    )
    documents = []
    for done, html in enumerate(parts, start=1):
        document = HTML(string=html, url_fetcher=fetcher)
        documents.append(document.render(stylesheets=[fonts], font_config=font_config))
        if progress is not None:
            progress(done)
    if not documents:
        return b""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
