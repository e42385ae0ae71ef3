"""A portal with two sections (Tuyên Quang, Đồng Tháp) and published articles."""

import pytest
from wagtail.rich_text import RichText

from danvan.portal import setup_steps
from danvan.portal.models import ArticlePage, NewsCategory, PortalHomePage, PortalSection
from tests.factories.organizations import dong_thap, make_organization, tuyen_quang


def publish_article(
    section,
    *,
    title,
    category="tin-tuc-su-kien",
    lead="Tin thử.",
    body="",
    date=None,
    tags=(),
    publish=True,
    **extra,
):
    article = ArticlePage(
        title=title,
        lead=lead,
        body=[("paragraph", RichText(f"<p>{body}</p>"))] if body else [],
        category=NewsCategory.objects.get(slug=category),
        **({"date": date} if date else {}),
        **extra,
    )
    if tags:
        article.tags.add(*tags)
    section.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
    else:
        article.live = False
        article.save()
    return ArticlePage.objects.get(pk=article.pk)


def add_section(home, *, title, slug, organization):
    section = home.add_child(
        instance=PortalSection(title=title, slug=slug, organization=organization)
    )
    section.save_revision().publish()
    return section


@pytest.fixture
def portal(db):
    setup_steps.ensure_site()
    home = PortalHomePage.objects.get()
    tq_org = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=tuyen_quang())
    dt_org = make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap())
    tq = add_section(home, title="Tuyên Quang", slug="tuyen-quang", organization=tq_org)
    dt = add_section(home, title="Đồng Tháp", slug="dong-thap", organization=dt_org)
    return {"home": home, "tq": tq, "dt": dt, "tq_org": tq_org, "dt_org": dt_org}
