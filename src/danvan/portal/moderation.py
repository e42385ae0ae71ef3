"""The moderation queue of readers' comments in the portal's admin (/bien-tap/y-kien/): the
pending comments a moderator may decide on (``comments.moderatable``), with approve, reject and
block-the-sender buttons (POST). Registered by ``wagtail_hooks``."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from danvan.portal import comments
from danvan.portal.enums import CommentState

PER_PAGE = 30


class CommentQueue(WagtailAdminTemplateMixin, TemplateView):
    template_name = "portal/admin/comment_queue.html"
    page_title = gettext_lazy("Readers' comments")
    header_icon = "comment"
    breadcrumbs_items = []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("trang-thai", CommentState.PENDING)
        if state not in CommentState.values:
            state = CommentState.PENDING
        queryset = comments.moderatable(self.request.user).filter(state=state)
        queryset = queryset.order_by("submitted_at" if state == CommentState.PENDING else "-pk")
        context["page_obj"] = Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))
        context["state"] = state
        context["states"] = CommentState.choices
        return context


ACTIONS = {
    "approve": (comments.approve, gettext_lazy("The comment is approved and shown.")),
    "reject": (comments.reject, gettext_lazy("The comment is rejected.")),
    "block": (
        comments.block_sender,
        gettext_lazy("The sender is blocked and their pending comments are rejected."),
    ),
}


@require_POST
def decide(request, comment_id: int, action: str):
    """Approve, reject or block; a comment out of the user's sections is a 404."""
    comment = comments.moderatable(request.user).filter(pk=comment_id).first()
    if comment is None or action not in ACTIONS or not comments.can_moderate(request.user, comment):
        raise Http404
    service, done = ACTIONS[action]
    service(user=request.user, comment=comment)
    messages.success(request, str(done))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "portal_comment_queue"
    return redirect(target)


queue = CommentQueue.as_view()
