"""The portal's additions to Wagtail's admin: the readers' comments queue and its menu item
(with the number waiting for the user)."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

from danvan.portal import comments, moderation


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("y-kien/", moderation.queue, name="portal_comment_queue"),
        path(
            "y-kien/<int:comment_id>/<slug:action>/",
            moderation.decide,
            name="portal_comment_decide",
        ),
    ]


class CommentsMenuItem(MenuItem):
    def is_shown(self, request):
        return comments.is_moderator(request.user)

    def render_component(self, request):
        count = comments.pending_count(request.user)
        return LinkMenuItemComponent(
            self.name,
            _("Readers' comments (%(count)s)") % {"count": count},
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


@hooks.register("register_admin_menu_item")
def _menu_item():
    return CommentsMenuItem(
        gettext_lazy("Readers' comments"),
        reverse("portal_comment_queue"),
        name="portal-comments",
        icon_name="comment",
        order=250,
    )
