from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from danvan.core.queries import events_for_object
from danvan.core.views import render_panels
from danvan.initiatives import queries
from danvan.initiatives.enums import CLOSED_STATES, TRANSITIONS
from danvan.initiatives.forms import TransitionForm
from danvan.initiatives.models import Initiative, Quantity
from danvan.initiatives.views.common import quantity_text, visible_initiative
from danvan.organizations.queries import organizations_visible_to, people_visible_to
from danvan.territory.enums import Era
from danvan.territory.queries import ancestors_of_many, rollup_unit

TIMELINE_LIMIT = 100
TIMELINE_PAGE = 20  # entries per page of the initiative's history (``?tpage=``)
# Audit events that the timeline shows from their own records (status changes, progress).
SHOWN_ELSEWHERE = {
    "initiatives.initiative.registered",
    "initiatives.initiative.status_changed",
    "initiatives.initiative.progress_added",
}


def _place_line(unit, chain) -> str:
    """'Xã Bình An, Huyện Lâm Bình, Tỉnh Tuyên Quang' (``chain``: the unit's ancestors)."""
    return ", ".join([unit.full_name, *[a.full_name for a in reversed(chain)]])


def _place(initiative: Initiative) -> dict | None:
    place = initiative.place
    if place is None:  # a draft not placed yet
        return None
    today = None
    if place.era == Era.LEGACY or initiative.place_today_id:
        today = rollup_unit(place, override=initiative.place_today)
        if today is not None and today.pk == place.pk:
            today = None
    # The ancestors of the place and of today's unit in one query (each was read twice).
    chains = ancestors_of_many([place, today] if today else [place])
    province = today or place
    chain = chains[province.pk]
    return {
        "unit": place,
        "line": _place_line(place, chains[place.pk]),
        "today": today,
        "today_line": _place_line(today, chains[today.pk]) if today else "",
        "province": chain[0] if chain else province,
    }


def _lineage(request: HttpRequest, initiative: Initiative) -> dict:
    """Where it came from and the tree of its replications (depth first, for indenting);
    what lies outside the user's scope is counted, never named."""
    found = queries.lineage(initiative)
    ids = [item.pk for item in found["ancestors"]] + [item.pk for _d, item in found["descendants"]]
    visible = set(
        queries.initiatives_visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    children = defaultdict(list)
    for depth, item in found["descendants"]:
        children[item.replicated_from_id].append((depth, item))
    tree = []

    def walk(pk: int) -> None:
        for depth, item in children.pop(pk, []):
            if item.pk in visible:
                tree.append({"depth": min(depth, 5), "initiative": item})
            walk(item.pk)

    walk(initiative.pk)
    return {
        "ancestors": [
            {"initiative": item, "visible": item.pk in visible} for item in found["ancestors"]
        ],
        "descendants": tree,
        "count": found["count"],
        "hidden": found["count"] - len(tree),
    }


def _owners(request: HttpRequest, initiative: Initiative) -> dict:
    """The owners, and whether the user may open their pages."""
    organization, person = initiative.owner_organization, initiative.owner_person
    return {
        "organization_link": organization is not None
        and organizations_visible_to(request.user).filter(pk=organization.pk).exists(),
        "person_link": person is not None
        and people_visible_to(request.user).filter(pk=person.pk).exists(),
    }


def describe(request: HttpRequest, initiative: Initiative) -> dict:
    """What the detail page and the print view both show."""
    results = queries.measured_results(initiative)
    for row in results:
        row["text"] = quantity_text(row["type"], row["total"])
    return {
        "initiative": initiative,
        "place": _place(initiative),
        "fields_of_work": list(initiative.fields.all()),
        "results": results,
        "lineage": _lineage(request, initiative),
        "owners": _owners(request, initiative),
    }


def timeline(initiative: Initiative) -> list[dict]:
    """Status changes, progress updates and the other audit events, newest first."""
    items = []
    for change in initiative.status_changes.select_related("changed_by")[:TIMELINE_LIMIT]:
        items.append(
            {
                "type": "status",
                "day": timezone.localdate(change.changed_at),
                "at": change.changed_at,
                "change": change,
            }
        )
    progress_updates = initiative.progress.select_related("created_by").prefetch_related(
        Prefetch(
            "quantities",
            queryset=Quantity.objects.select_related("type").order_by("type__order", "id"),
        )
    )
    for progress in progress_updates[:TIMELINE_LIMIT]:
        progress.quantity_texts = [
            {"name": q.type.name, "text": quantity_text(q.type, q.value)}
            for q in progress.quantities.all()
        ]
        items.append(
            {
                "type": "progress",
                "day": progress.date,
                "at": progress.created_at,
                "progress": progress,
            }
        )
    events = events_for_object(initiative).exclude(action__in=SHOWN_ELSEWHERE)
    for event in events[:TIMELINE_LIMIT]:
        items.append(
            {
                "type": "event",
                "day": timezone.localdate(event.occurred_at),
                "at": event.occurred_at,
                "event": event,
            }
        )
    items.sort(key=lambda item: (item["day"], item["at"]), reverse=True)
    return items


def evidence_context(request: HttpRequest, initiative: Initiative) -> dict:
    """The evidence section's context, once ``evidence_views.evidence_context`` exists."""
    from danvan.initiatives import evidence_views

    build = getattr(evidence_views, "evidence_context", None)
    if build is None:
        return {"evidence_ready": False}
    return {**build(request, initiative), "evidence_ready": True}


def detail_context(request: HttpRequest, initiative: Initiative, transition_form=None) -> dict:
    can_change = request.user.has_perm("initiatives.change_initiative", initiative)
    allowed = TRANSITIONS.get(initiative.status, frozenset())
    if can_change and allowed:
        if transition_form is None:
            transition_form = TransitionForm(allowed=allowed)
        else:
            transition_form.show_only(allowed)
    else:
        transition_form = None
    return {
        **describe(request, initiative),
        **evidence_context(request, initiative),
        "timeline": Paginator(timeline(initiative), TIMELINE_PAGE).get_page(
            request.GET.get("tpage")
        ),
        "can_change": can_change,
        "can_add_progress": can_change and initiative.status not in CLOSED_STATES,
        "transition_form": transition_form,
        "panels": render_panels(request, initiative),
    }


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = visible_initiative(request, pk)
    return render(
        request, "initiatives/initiative_detail.html", detail_context(request, initiative)
    )


def initiative_print(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = visible_initiative(request, pk)
    today = timezone.localdate()
    context = {
        **describe(request, initiative),
        # As administrative documents write it: a zero before days under 10 and months 1 and 2.
        "printed_day": f"{today.day:02d}",
        "printed_month": f"{today.month:02d}" if today.month <= 2 else str(today.month),
        "printed_year": today.year,
    }
    return render(request, "initiatives/initiative_print.html", context)
