"""Pages of periodic reports: what my unit reports and by when, the report of one period (filled
in, completed and sent), a sent report with its versions, returned or accepted by the level
above, and the receiving level's completeness board."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from danvan.core.forms import parse_id
from danvan.core.queries import events_for_object
from danvan.core.views import render_timeline_items, timeline_page
from danvan.reports.periods import Period
from danvan.submissions import queries, services
from danvan.submissions.consolidation import from_below, starting_values
from danvan.submissions.enums import EDITABLE, Status
from danvan.submissions.figures import fill_for
from danvan.submissions.forms import DecisionForm, SubmissionForm
from danvan.submissions.maps import board_map
from danvan.submissions.periods import deadline, key_of, parse_key, periods_of
from danvan.submissions.reminders import remind_level


def obligation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = queries.my_periods(request.user, today=today)
    return render(
        request,
        "submissions/obligation_list.html",
        {
            "items": items,
            "boards": queries.boards_of(request.user),
            "waiting": list(queries.waiting_for_review(request.user).order_by("submitted_at")[:50]),
            "today": today,
            "can_make_templates": queries.template_units(request.user).exists(),
        },
    )


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def obligation_period(request: HttpRequest, pk: int, period: str) -> HttpResponse:
    """The report of one period: filled in from the records, completed and sent by the unit."""
    obligation = get_object_or_404(queries.obligations_visible_to(request.user), pk=pk)
    template = obligation.template
    chosen = parse_key(period, end_months=template.end_months)
    if chosen is None:
        raise Http404
    submission = queries.submission_for(obligation, chosen)
    if submission is not None and submission.status not in EDITABLE:
        return redirect("submissions:submission-detail", submission.pk)
    can_submit = request.user.has_perm("submissions.submit_submission", obligation)
    filled = fill_for(obligation, chosen)
    below = from_below(obligation, chosen)
    sections = dict(submission.sections) if submission else {}
    for section in template.sections.all():
        if section.drafted and not sections.get(str(section.pk)):
            parts = [filled.narrative, below.summary() if below else ""]
            sections[str(section.pk)] = "\n\n".join(part for part in parts if part)
    indicators = starting_values(below) if below and submission is None else {}
    options = {
        "template": template,
        "initial_indicators": submission.indicators if submission else indicators,
        "initial_sections": sections,
    }
    if request.method == "POST":
        if not can_submit:
            raise PermissionDenied
        form = SubmissionForm(request.POST, **options)
        if form.is_valid():
            indicators, texts = form.entered()
            action = (
                services.submit if request.POST.get("action") == "submit" else services.save_draft
            )
            try:
                saved = action(
                    acting_user=request.user,
                    obligation=obligation,
                    period=chosen,
                    indicators=indicators,
                    sections=texts,
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                if saved.status == Status.SUBMITTED:
                    return redirect("submissions:submission-detail", saved.pk)
                return redirect("submissions:obligation-period", obligation.pk, key_of(chosen))
    else:
        form = SubmissionForm(
            initial={"version": submission.version if submission else None}, **options
        )
    due = deadline(chosen, template.deadline_day)
    last = submission.versions.order_by("-number").first() if submission else None
    return render(
        request,
        "submissions/submission_form.html",
        {
            "obligation": obligation,
            "period": chosen,
            "period_key": key_of(chosen),
            "due": due,
            "late": timezone.localdate() > due,
            "submission": submission,
            "returned": last if submission and submission.status == Status.RETURNED else None,
            "figures": filled.figures,
            "below": below,
            "form": form,
            "can_submit": can_submit,
        },
    )


def _comparison(frozen: list[dict], live: list[dict]) -> list[dict]:
    """The figures as sent beside what the records say today, with the difference."""
    now = {item["code"]: item["value"] for item in live}
    rows = []
    for item in frozen:
        today = now.get(item["code"])
        rows.append(
            {
                "label": item["label"],
                "sent": item["value"],
                "today": today,
                "difference": None if today is None else today - item["value"],
            }
        )
    return rows


def submission_detail(request: HttpRequest, pk: int, decision_form=None) -> HttpResponse:
    submission = get_object_or_404(queries.submissions_visible_to(request.user), pk=pk)
    if request.headers.get("HX-Request") and request.GET.get("page"):
        return render_timeline_items(request, events_for_object(submission), request.path)
    obligation = submission.obligation
    period = Period(submission.period_start, submission.period_end)
    versions = queries.versions_of(submission)
    last = versions[-1] if versions else None
    live = fill_for(obligation, period).figures if last else []
    return render(
        request,
        "submissions/submission_detail.html",
        {
            "submission": submission,
            "obligation": obligation,
            "period": period,
            "period_key": key_of(period),
            "versions": versions,
            "last": last,
            "figures": _comparison(last.figures, live) if last else [],
            "can_edit": submission.status in EDITABLE
            and request.user.has_perm("submissions.submit_submission", obligation),
            "can_review": submission.status == Status.SUBMITTED
            and request.user.has_perm("submissions.review_submission", obligation),
            "decision_form": decision_form or DecisionForm(initial={"version": submission.version}),
            "timeline": timeline_page(events_for_object(submission), 1),
        },
    )


def _decide(request: HttpRequest, pk: int, action) -> HttpResponse:
    submission = get_object_or_404(queries.submissions_visible_to(request.user), pk=pk)
    if not request.user.has_perm("submissions.review_submission", submission.obligation):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            action(
                acting_user=request.user,
                submission=submission,
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("submissions:submission-detail", submission.pk)
    return submission_detail(request, pk, decision_form=form)


@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.return_submission)


@require_POST
def submission_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.accept_submission)


def _receivers(obligations) -> list:
    """One obligation naming each receiving unit (or organisation) of these obligations."""
    seen, result = set(), []
    for obligation in obligations.order_by("receiver_unit__path", "receiver_organization__path")[
        :5000
    ]:
        key = (obligation.receiver_unit_id, obligation.receiver_organization_id)
        if key not in seen:
            seen.add(key)
            result.append(obligation)
    return result


@dataclass
class Level:
    """A template's receiving level and period, as chosen on the board and the consolidation."""

    template: object
    obligations: object  # the level's obligations on the template (queryset)
    receiver: object  # an obligation naming the level
    choices: list  # one obligation naming each level the user may choose (when several)
    periods: list
    period: Period
    today: object


def chosen_level(request: HttpRequest, pk: int, params=None) -> Level:
    """The template (404 outside the user's scope), the receiving level the user oversees (the
    ``don-vi`` asked for, else the first; 404 when none) and the period (``ky``, else the last
    one ended)."""
    template = get_object_or_404(queries.templates_visible_to(request.user), pk=pk)
    overseen = queries.obligations_overseen_by(request.user).filter(template=template)
    pairs = sorted(
        {
            (row["receiver_unit_id"] or 0, row["receiver_organization_id"] or 0)
            for row in overseen.values("receiver_unit_id", "receiver_organization_id")
            .distinct()
            .order_by()[:200]
        }
    )
    if not pairs:
        raise Http404
    params = request.GET if params is None else params
    wanted = parse_id(params.get("don-vi"))
    unit_id, organization_id = next((p for p in pairs if wanted in p), pairs[0])
    obligations = overseen.filter(
        receiver_unit_id=unit_id or None, receiver_organization_id=organization_id or None
    )
    today = timezone.localdate()
    periods = [
        p for p in periods_of(template, range(today.year - 2, today.year + 1)) if p.start <= today
    ]
    period = parse_key(params.get("ky", ""), end_months=template.end_months)
    if period is None:
        ended = [p for p in periods if p.end < today]
        period = (ended or periods)[-1]
    if period not in periods:
        periods.append(period)
        periods.sort(key=lambda p: p.end)
    return Level(
        template=template,
        obligations=obligations,
        receiver=obligations.first(),
        choices=_receivers(overseen) if len(pairs) > 1 else [],
        periods=periods,
        period=period,
        today=today,
    )


def level_context(level: Level) -> dict:
    return {
        "template": level.template,
        "receiver": level.receiver,
        "receivers": level.choices,
        "periods": [
            {"key": key_of(p), "label": p.label(), "chosen": p == level.period}
            for p in level.periods
        ],
        "period": level.period,
        "period_key": key_of(level.period),
        "today": level.today,
    }


def board(request: HttpRequest, pk: int) -> HttpResponse:
    """Completeness for a receiving level and a period: who has reported, on time or late, who
    has not yet, who was returned; with the counts and the percentage."""
    level = chosen_level(request, pk)
    due = deadline(level.period, level.template.deadline_day)
    result = queries.completeness(
        level.obligations, period=level.period, due=due, today=level.today
    )
    return render(
        request,
        "submissions/board.html",
        {
            **level_context(level),
            "board": result,
            "map": board_map(result),
            "can_remind": level.receiver is not None
            and request.user.has_perm("submissions.review_submission", level.receiver),
        },
    )


@require_POST
def board_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """The receiving level reminds its units that have not reported for the period."""
    level = chosen_level(request, pk, params=request.POST)
    if level.receiver is None or not request.user.has_perm(
        "submissions.review_submission", level.receiver
    ):
        raise PermissionDenied
    count = remind_level(
        acting_user=request.user,
        template=level.template,
        receiver=level.receiver,
        period=level.period,
        today=level.today,
    )
    messages.success(
        request,
        ngettext("%(count)s unit reminded.", "%(count)s units reminded.", count) % {"count": count},
    )
    receiver = level.receiver.receiver_unit_id or level.receiver.receiver_organization_id
    url = reverse("submissions:board", args=[level.template.pk])
    return redirect(f"{url}?ky={key_of(level.period)}&don-vi={receiver}")
