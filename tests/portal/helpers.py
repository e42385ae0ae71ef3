"""The portal's site for tests: its home page and categories (the set-up step), a section of a
publishing organisation, an editor of that section, a published article citing records."""

from datetime import date
from itertools import count

from wagtail.rich_text import RichText

from danvan.accounts.enums import Role
from danvan.portal import editors
from danvan.portal.models import ArticlePage, NewsCategory, PortalHomePage, PortalSection
from danvan.portal.setup_steps import ensure_site
from tests.permissions import user_with_role

_numbers = count(1)


def site() -> PortalHomePage:
    ensure_site()
    return PortalHomePage.objects.get()


def make_section(organization, *, title: str = "Tuyên Quang") -> PortalSection:
    home = site()
    section = home.add_child(
        instance=PortalSection(title=title, slug=f"muc-{next(_numbers)}", organization=organization)
    )
    section.save_revision().publish()
    editors.ensure_section_groups(section)
    return section


def make_editor(organization):
    """A portal editor granted on ``organization`` (its sections' groups joined)."""
    user = user_with_role(Role.PORTAL_EDITOR, organization=organization)
    editors.sync_user(user)
    return user


def publish_article(section, *, activities=(), documents=(), initiatives=(), title=None):
    article = ArticlePage(
        title=title or f"Tin thử nghiệm {next(_numbers)}",
        slug=f"tin-{next(_numbers)}",
        lead="Mở đầu.",
        body=[("paragraph", RichText("<p>Nội dung.</p>"))],
        category=NewsCategory.objects.get(slug="tin-tuc-su-kien"),
        date=date(2023, 5, 1),
    )
    article.activities = list(activities)
    article.documents = list(documents)
    article.initiatives = list(initiatives)
    section.add_child(instance=article)
    article.save_revision().publish()
    return article
