"""The button "Viết tin cho cổng thông tin" on the work system's pages posts here: the record is
found through its own app's selector (out of scope: 404), the section must be one the officer
writes in (else 403), and the draft opens in the CMS's editor."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import require_POST

from danvan.core.forms import parse_id
from danvan.portal import draft_texts, editors
from danvan.portal.drafts import draft_article


def _section(request):
    """The section chosen (or the only one); None when the officer must still choose."""
    sections = editors.editable_sections(request.user).order_by("title")
    if not sections.exists():
        raise PermissionDenied
    chosen = request.POST.get("section")
    if chosen:
        section = sections.filter(pk=parse_id(chosen) or 0).first()
        if section is None:
            raise PermissionDenied
        return section, sections
    only = list(sections[:2])
    return (only[0] if len(only) == 1 else None), sections


def _draft(request, make_draft, *, back_url: str):
    section, sections = _section(request)
    if section is None:
        context = {"sections": sections, "back_url": back_url}
        return render(request, "portal/draft_choose_section.html", context)
    with override("vi"):
        draft = make_draft()
    article = draft_article(section=section, draft=draft, acting_user=request.user)
    return redirect(reverse("wagtailadmin_pages:edit", args=[article.pk]))


@require_POST
def draft_from_activity(request, pk: int):
    from danvan.activities.queries import activities_visible_to

    activity = get_object_or_404(
        activities_visible_to(request.user).select_related("place", "organiser"), pk=pk
    )
    return _draft(
        request,
        lambda: draft_texts.activity_draft(activity),
        back_url=reverse("activities:activity-detail", args=[pk]),
    )


@require_POST
def draft_from_campaign(request, pk: int):
    from danvan.activities.queries import activities_visible_to, campaigns_visible_to

    campaign = get_object_or_404(
        campaigns_visible_to(request.user).select_related("organiser", "scope_unit"), pk=pk
    )
    activities = activities_visible_to(request.user).filter(campaign=campaign)
    return _draft(
        request,
        lambda: draft_texts.campaign_draft(campaign, activities),
        back_url=reverse("activities:campaign-detail", args=[pk]),
    )


@require_POST
def draft_from_round(request, pk: int):
    from danvan.reviews.enums import LEVELLED_OUTCOMES
    from danvan.reviews.queries import recognitions_visible_to, review_rounds_visible_to

    review_round = get_object_or_404(
        review_rounds_visible_to(request.user).select_related("committee", "scope_unit"), pk=pk
    )
    recognitions = recognitions_visible_to(request.user).filter(
        round=review_round, outcome__in=LEVELLED_OUTCOMES
    )
    return _draft(
        request,
        lambda: draft_texts.round_draft(review_round, recognitions),
        back_url=reverse("reviews:round-detail", args=[pk]),
    )


@require_POST
def draft_from_report(request, pk):
    from danvan.reports.models import ReportJob
    from danvan.reports.queries import build_report
    from danvan.reports.tasks import spec_from_params

    job = get_object_or_404(ReportJob, pk=pk, user=request.user)  # only its owner sees it

    def make():
        spec = spec_from_params(job.params, user=request.user)
        if spec is None:
            raise Http404
        return draft_texts.report_draft(job, build_report(spec, user=request.user))

    return _draft(request, make, back_url=reverse("reports:job", args=[pk]))
