"""Article text: what search reads and what lists show."""

from django.utils.html import strip_tags
from django.utils.text import slugify

from danvan.core.folding import fold


def body_text(article) -> str:
    """The body's words, without markup: paragraphs, captions, quotations."""
    parts: list[str] = []
    for block in article.body or []:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(strip_tags(value.source if hasattr(value, "source") else str(value)))
        elif block.block_type == "picture":
            parts.append(value.get("caption") or "")
        elif block.block_type == "gallery":
            parts.append(value.get("title") or "")
            parts.extend(picture.get("caption") or "" for picture in value.get("pictures") or [])
        else:
            parts.append(strip_tags(str(value)))
    return " ".join(part for part in parts if part)


def folded_text(article) -> str:
    tags = " ".join(tag.name for tag in article.tags.all()) if article.pk else ""
    return fold(" ".join([article.title or "", article.lead or "", body_text(article), tags]))


def search_words(query: str) -> list[str]:
    """The folded words of a visitor's query, at most eight, each at least two letters."""
    return [word for word in fold(query).split() if len(word) >= 2][:8]


def tag_slug(name: str) -> str:
    """A tag's address: its folded words ("Dân vận khéo" → "dan-van-kheo")."""
    return slugify(fold(name))
