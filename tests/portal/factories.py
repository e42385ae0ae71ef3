"""Portal pages for the tests: the home page (as ``manage.py setup`` makes it), sections and
published articles."""

from danvan.accounts.enums import Role
from danvan.portal import editors
from danvan.portal.models import ArticlePage, NewsCategory, PortalHomePage, PortalSection
from danvan.portal.setup_steps import ensure_site
from tests.factories.organizations import dong_thap, make_organization, tuyen_quang
from tests.permissions import user_with_role

_counter = iter(range(1, 10**9))


def _wagtail_roots() -> None:
    """What Wagtail's migrations make and a transactional test's flush removes."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")


def home() -> PortalHomePage:
    _wagtail_roots()
    ensure_site()
    return PortalHomePage.objects.get()


def make_section(*, title="Tuyên Quang", organization=None, unit=None) -> PortalSection:
    organization = organization or make_organization(
        name=f"Ban Dân vận {title} {next(_counter)}", unit=unit or tuyen_quang()
    )
    section = home().add_child(
        instance=PortalSection(
            title=title, slug=f"chuyen-trang-{next(_counter)}", organization=organization
        )
    )
    section.save_revision().publish()
    editors.ensure_section_groups(section)
    return section


def make_article(
    section, *, title=None, category_slug="tin-tuc-su-kien", tags=(), **fields
) -> ArticlePage:
    number = next(_counter)
    article = ArticlePage(
        title=title or f"Tin bài thử nghiệm số {number}",
        slug=f"tin-bai-{number}",
        lead="Đoạn mở đầu của tin bài thử nghiệm.",
        category=NewsCategory.objects.get(slug=category_slug),
        **fields,
    )
    if tags:
        article.tags.add(*tags)
    section.add_child(instance=article)
    article.save_revision().publish()
    return article


def moderator_of(section):
    """A user with the portal moderator role on the section's organisation, in its groups."""
    user = user_with_role(Role.PORTAL_MODERATOR, organization=section.organization)
    editors.sync_user(user)
    return user


def two_sections():
    return make_section(title="Tuyên Quang"), make_section(title="Đồng Tháp", unit=dong_thap())
