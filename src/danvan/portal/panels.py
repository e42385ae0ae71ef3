"""The button "Viết tin cho cổng thông tin" on the work system's pages (``registry.Panel``: the
activities, reviews and reports apps render panels without importing the portal), shown only to
officers who write in some portal section."""

from django.urls import reverse

from danvan.core import registry
from danvan.portal import editors

TARGETS = {
    "activities.activity": "portal:draft-activity",
    "activities.campaign": "portal:draft-campaign",
    "reviews.reviewround": "portal:draft-round",
    "reports.reportjob": "portal:draft-report",
}


def _context(url_name: str):
    def get_context(request, obj) -> dict | None:
        if not request.user.is_authenticated:
            return None
        sections = list(editors.editable_sections(request.user).order_by("title"))
        if not sections:
            return None
        return {"action": reverse(url_name, args=[obj.pk]), "sections": sections}

    return get_context


def register() -> None:
    for target, url_name in TARGETS.items():
        registry.register_panel(
            registry.Panel(
                key=f"portal-draft-{target}",
                target=target,
                template_name="portal/_draft_panel.html",
                get_context=_context(url_name),
                order=900,
            )
        )
