"""The portal's pages (Wagtail) and what readers leave on them.

The page tree: one ``PortalHomePage`` at the site root; under it a ``PortalSection`` per unit that
publishes (a province's Ban Dân vận, …), tied to an organisation: the editors granted on that
organisation's subtree edit that section only (``danvan.portal.editors``); under a section its
``ArticlePage``s. Categories (``NewsCategory``) cut across sections: "Tin tức – Sự kiện" lists the
articles of every section."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from danvan.portal.enums import CommentState
from danvan.portal.routes import PortalRoutes

RICH_TEXT_FEATURES = ["bold", "italic", "h2", "h3", "ol", "ul", "link", "document-link", "image"]


class NewsCategory(models.Model):
    """A column of the portal ("Tin tức – Sự kiện", "Dân vận khéo", …), managed by editors."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("address"), max_length=120, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("order"),
    ]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PictureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=500)
    credit = blocks.CharBlock(label=_("photo by"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("image with caption")
        template = "portal/blocks/picture.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    pictures = blocks.ListBlock(PictureBlock(), label=_("pictures"))

    class Meta:
        icon = "image"
        label = _("photo set")
        template = "portal/blocks/gallery.html"


class ArticleBody(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)
    picture = PictureBlock()
    gallery = GalleryBlock()
    quote = blocks.BlockQuoteBlock(label=_("quotation"))


class PortalHomePage(PortalRoutes, RoutablePageMixin, Page):
    """The site's root page: the latest news, the most read, and the portal's own routes
    (categories, search, feeds, showcase) — ``danvan.portal.routes``."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["portal.PortalSection"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "portal/home_page.html"

    class Meta:
        verbose_name = _("portal home page")

    def get_context(self, request, *args, **kwargs):
        from danvan.portal import reading

        context = super().get_context(request, *args, **kwargs)
        context.update(reading.home_context(self))
        return context


class PortalSection(Page):
    """The news of one publishing unit; its editors are those granted on ``organization``."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("publishing organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("organization"), FieldPanel("intro")]
    parent_page_types = ["portal.PortalHomePage"]
    subpage_types = ["portal.ArticlePage"]
    template = "portal/section_page.html"

    class Meta:
        verbose_name = _("portal section")

    def get_context(self, request, *args, **kwargs):
        from danvan.portal import reading

        context = super().get_context(request, *args, **kwargs)
        context.update(reading.section_context(self, request))
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    lead = models.TextField(_("lead"), help_text=_("The opening paragraph, shown in lists."))
    body = StreamField(ArticleBody(), verbose_name=_("body"), blank=True)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    author = models.CharField(_("written by"), max_length=200, blank=True)
    photo_credit = models.CharField(_("photos by"), max_length=200, blank=True)
    category = models.ForeignKey(
        NewsCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    source_unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("source unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    places = ParentalManyToManyField(
        "territory.AdministrativeUnit", verbose_name=_("places"), blank=True, related_name="+"
    )
    initiatives = ParentalManyToManyField(
        "initiatives.Initiative", verbose_name=_("models"), blank=True, related_name="+"
    )
    activities = ParentalManyToManyField(
        "activities.Activity", verbose_name=_("activities"), blank=True, related_name="+"
    )
    documents = ParentalManyToManyField(
        "documents.Document", verbose_name=_("documents"), blank=True, related_name="+"
    )
    comments_open = models.BooleanField(_("readers may comment"), default=True)
    # ``fold`` of title, lead, body and tags: the portal's search ignores accents ("dan van kheo").
    search_folded = models.TextField(blank=True, editable=False, default="")
    # The record an editor drafted it from ("activities.activity:12"), if any.
    drafted_from = models.CharField(max_length=80, blank=True, editable=False, default="")

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("cover"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("date"),
                FieldPanel("author"),
                FieldPanel("photo_credit"),
                FieldPanel("source_unit"),
                FieldPanel("tags"),
                FieldPanel("comments_open"),
            ],
            heading=_("Publication"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("places"),
                FieldPanel("initiatives"),
                FieldPanel("activities"),
                FieldPanel("documents"),
            ],
            heading=_("Related records"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["portal.PortalSection"]
    subpage_types: list[str] = []
    template = "portal/article_page.html"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["category", "-date"], name="portal_article_cat_date")]

    def full_clean(self, *args, **kwargs):
        from danvan.portal import articles

        self.search_folded = articles.folded_text(self)
        if not self.slug and self.title:
            # An address without accents ("đ" becomes "d", not nothing, as slugify would do).
            self.slug = self._get_autogenerated_slug(articles.tag_slug(self.title)[:200] or "tin")
        super().full_clean(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from danvan.portal import reading

        context = super().get_context(request, *args, **kwargs)
        context.update(reading.article_context(self, request))
        return context


class Comment(models.Model):
    """A reader's comment: shown only once an editor approved it; the e-mail is never shown."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("e-mail"), blank=True)
    body = models.TextField(_("comment"), max_length=3000)
    state = models.CharField(
        _("state"), max_length=10, choices=CommentState.choices, default=CommentState.PENDING
    )
    submitted_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # A keyed hash of the sender's address: rate limits and blocks, never the address itself.
    address_hash = models.CharField(max_length=64, db_index=True, blank=True)
    moderated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reader's comment")
        verbose_name_plural = _("readers' comments")
        ordering = ["submitted_at"]
        indexes = [models.Index(fields=["article", "state"], name="portal_comment_article_state")]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"


class ArticleDayViews(models.Model):
    """Reads of an article on a day (bots excluded, a visitor once an hour)."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="day_views")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="portal_views_article_day")
        ]
        indexes = [models.Index(fields=["day", "article"], name="portal_views_day")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.views}"


class BlockedAddress(models.Model):
    """A sender's address (its keyed hash, as on ``Comment.address_hash``) that may no longer
    comment; set by a moderator from the queue."""

    address_hash = models.CharField(max_length=64, unique=True)
    blocked_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    blocked_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("blocked address")
        verbose_name_plural = _("blocked addresses")

    def __str__(self) -> str:
        return self.address_hash[:12]
