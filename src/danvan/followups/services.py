"""Writes on follow-ups: create (from any source), edit, the one state transition, progress
reports with evidence, reminders. Each checks the acting user's scope itself, is atomic and is
audited."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from danvan.accounts.enums import EDIT_ROLES
from danvan.accounts.models import Grant
from danvan.core.files import save_after_commit
from danvan.core.folding import fold
from danvan.core.formatting import format_date
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.core.uploads import check_upload
from danvan.followups.enums import (
    ASSIGNEE_MOVES,
    OWNER_MOVES,
    PENDING_STATES,
    REASON_NEEDED,
    TRANSITIONS,
    State,
)
from danvan.followups.models import Evidence, FollowUp, Notice, Report
from danvan.followups.sources import MANUAL

EDITABLE_FIELDS = (
    "title",
    "description",
    "due_date",
    "assignee_unit",
    "assignee_organization",
    "owner_unit",
    "owner_organization",
)
EVIDENCE_KINDS = {"pdf", "jpeg", "png", "docx", "xlsx"}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
REMIND_DAYS_AHEAD = 3


def recorded_user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _clean(data: dict) -> dict:
    cleaned = {key: data.get(key) for key in EDITABLE_FIELDS if key in data}
    cleaned["title"] = " ".join((cleaned.get("title") or "").split())[:500]
    if not cleaned["title"]:
        raise ValidationError({"title": _("Say what is to be done.")})
    cleaned["description"] = (cleaned.get("description") or "").strip()
    due = cleaned.get("due_date")
    if not isinstance(due, date):
        raise ValidationError({"due_date": _("Enter the date by which it must be done.")})
    if due.year < 2000 or due.year > timezone.localdate().year + 20:
        raise ValidationError({"due_date": _("Enter a due date between 2000 and 20 years ahead.")})
    if cleaned.get("assignee_unit") is None and cleaned.get("assignee_organization") is None:
        raise ValidationError(
            {"assignee_organization": _("Choose the unit or organisation that must do it.")}
        )
    if cleaned.get("owner_unit") is None and cleaned.get("owner_organization") is None:
        raise ValidationError(
            {"owner_organization": _("Choose who follows it up and verifies it.")}
        )
    return cleaned


def _check_choices(followup: FollowUp, acting_user, before: dict | None = None) -> None:
    """The owner must be in the acting user's editing scope; the assignee one they can see."""

    def chosen(name):
        value = getattr(followup, name) if getattr(followup, f"{name}_id") else None
        changed = before is None or before.get(name) != getattr(followup, f"{name}_id")
        return value if changed else None

    outside = _("Choose one inside your own scope.")
    if chosen("owner_unit") is not None or chosen("owner_organization") is not None:
        ensure_choice(
            acting_user,
            "followups.add_followup",
            followup,
            field="owner_organization",
            message=_("You may only follow up for a unit or organisation in your own scope."),
        )
    ensure_choice(
        acting_user,
        "organizations.view_organization",
        chosen("assignee_organization"),
        field="assignee_organization",
        message=outside,
    )
    ensure_choice(
        acting_user,
        "followups.assign_to_unit",
        chosen("assignee_unit"),
        field="assignee_organization",
        message=outside,
    )


@transaction.atomic
def create_followup(
    *,
    data: dict,
    acting_user,
    source=None,
    source_kind: str = MANUAL.key,
    source_label: str = "",
) -> FollowUp:
    """A follow-up of ``source`` (any saved record, or None), assigned to ``data``'s
    ``assignee_organization`` or ``assignee_unit``, followed by its ``owner_organization`` or
    ``owner_unit``, due on ``due_date``. The owner must be in the acting user's editing scope."""
    ensure(acting_user, "followups.add_followup")
    cleaned = _clean(data)
    followup = FollowUp(
        **cleaned,
        source_kind=source_kind,
        source_label=(source_label or (str(source) if source is not None else ""))[:255],
        title_folded=fold(cleaned["title"])[:500],
        created_by=recorded_user(acting_user),
    )
    if source is not None:
        followup.source_type = ContentType.objects.get_for_model(source)
        followup.source_id = source.pk
    _check_choices(followup, acting_user)
    followup.save()
    record_event(
        action="followups.followup.created",
        acting_user=acting_user,
        obj=followup,
        changes=diff({}, snapshot(followup, ("title", "due_date", "assignee_organization"))),
        message=followup.source_label,
    )
    return followup


@transaction.atomic
def update_followup(*, followup: FollowUp, data: dict, version: int, acting_user) -> FollowUp:
    """Change what is asked, by whom and by when (the owner's officers); a stale form is
    refused."""
    locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
    ensure(acting_user, "followups.change_followup", locked)
    if version != locked.version:
        raise ValidationError(
            _("Someone else changed this follow-up meanwhile. Reload the page and try again.")
        )
    before_ids = {
        name: getattr(locked, f"{name}_id")
        for name in ("assignee_unit", "assignee_organization", "owner_unit", "owner_organization")
    }
    cleaned = _clean({name: getattr(locked, name) for name in EDITABLE_FIELDS} | data)
    before = snapshot(locked, EDITABLE_FIELDS)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    _check_choices(locked, acting_user, before=before_ids)
    changes = diff(before, snapshot(locked, EDITABLE_FIELDS))
    if not changes:
        return locked
    locked.title_folded = fold(locked.title)[:500]
    locked.version += 1
    locked.save()
    record_event(
        action="followups.followup.updated", acting_user=acting_user, obj=locked, changes=changes
    )
    return locked


def check_transition(*, current: str, to_state: str, reason: str) -> str:
    if to_state not in TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("A follow-up that is %(current)s cannot become %(target)s.")
            % {
                "current": State(current).label,
                "target": State(to_state).label if to_state in State.values else to_state,
            }
        )
    reason = (reason or "").strip()
    if (current, to_state) in REASON_NEEDED and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


@transaction.atomic
def transition(
    *, followup: FollowUp, to_state: str, reason: str = "", acting_user, on: date | None = None
) -> FollowUp:
    """The only way a state changes. The assignee starts and reports it done; the owner
    verifies it, returns it (done → in progress, with a reason) or reopens it (verified →
    open, with a reason). ``on``: the day it happened (default today)."""
    locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
    ensure(acting_user, "followups.view_followup", locked)
    reason = check_transition(current=locked.state, to_state=to_state, reason=reason)
    move = (locked.state, to_state)
    perm = "followups.report_followup" if move in ASSIGNEE_MOVES else "followups.verify_followup"
    assert move in ASSIGNEE_MOVES | OWNER_MOVES
    ensure(acting_user, perm, locked)
    day = on or timezone.localdate()
    before = snapshot(locked, ("state", "done_on", "verified_on"))
    locked.state = to_state
    if to_state == State.DONE:
        locked.done_on = day
    elif to_state == State.VERIFIED:
        locked.verified_on = day
    elif move in REASON_NEEDED:  # returned or reopened: not done any more
        locked.done_on = None
        locked.verified_on = None
    if reason:
        locked.reason = reason
    locked.version += 1
    locked.save()
    action = {
        (State.DONE, State.IN_PROGRESS): "followups.followup.returned",
        (State.VERIFIED, State.OPEN): "followups.followup.reopened",
    }.get(move, "followups.followup.state_changed")
    record_event(
        action=action,
        acting_user=acting_user,
        obj=locked,
        changes=diff(before, snapshot(locked, ("state", "done_on", "verified_on"))),
        message=reason,
    )
    return locked


@transaction.atomic
def add_report(
    *,
    followup: FollowUp,
    text: str,
    files: Iterable = (),
    reported_on: date | None = None,
    done: bool = False,
    acting_user,
) -> Report:
    """What the assignee did, with evidence files (checked by content). The first report
    starts an open follow-up; ``done`` also reports it done."""
    locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
    ensure(acting_user, "followups.report_followup", locked)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe what was done.")})
    today = timezone.localdate()
    reported_on = reported_on or today
    if reported_on > today:
        raise ValidationError({"reported_on": _("The date of the report cannot be in the future.")})
    if locked.state == State.VERIFIED:
        raise ValidationError(_("This follow-up has been verified: reopen it first."))
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise ValidationError(
            {"files": _("Attach at most %(count)s files.") % {"count": MAX_FILES}}
        )
    kinds = []
    for upload in files:
        try:
            kinds.append(check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=MAX_EVIDENCE_BYTES))
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from error
    report = Report.objects.create(
        followup=locked, reported_on=reported_on, text=text, created_by=recorded_user(acting_user)
    )
    for upload, kind in zip(files, kinds, strict=True):
        name = (getattr(upload, "name", "") or "bang-chung").rsplit("/", 1)[-1][:200]
        evidence = Evidence(report=report, kind=kind, original_name=name)
        save_after_commit(evidence.file, name, upload)
        evidence.save()
    record_event(
        action="followups.followup.reported",
        acting_user=acting_user,
        obj=locked,
        changes={"files": [None, [e.original_name for e in report.evidence.all()]]}
        if files
        else None,
        message=text[:300],
    )
    if locked.state == State.OPEN and not done:
        transition(followup=locked, to_state=State.IN_PROGRESS, acting_user=acting_user)
    if done and locked.state in PENDING_STATES:
        transition(followup=locked, to_state=State.DONE, acting_user=acting_user, on=reported_on)
    return report


# ---- reminders ----------------------------------------------------------------------------------


def _prefixes(path: str) -> list[str]:
    """ "C.08.02296." → ["C.", "C.08.", "C.08.02296."]: the paths of the units above and itself."""
    parts = [p for p in path.split(".") if p]
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def recipients(followup: FollowUp) -> list:
    """Who is reminded: the users with an editing grant nearest to the assignee (the grants on
    the organisation or unit itself, else on the closest one above)."""
    units = [
        u
        for u in (followup.assignee_unit, getattr(followup.assignee_organization, "unit", None))
        if u
    ]
    unit_paths = {
        p for u in units for path in (u.path, u.today_path) if path for p in _prefixes(path)
    }
    org = followup.assignee_organization
    org_paths = set(_prefixes(org.path)) if org is not None else set()
    grants = (
        Grant.objects.filter(role__in=EDIT_ROLES, user__is_active=True)
        .filter(Q(unit__path__in=unit_paths) | Q(organization__path__in=org_paths))
        .select_related("unit", "organization", "user")
    )
    best, users = -1, {}
    for grant in grants:
        depth = len((grant.unit or grant.organization).path)
        if grant.organization_id:
            depth += 1000  # the organisation itself is nearer than its territory
        if depth > best:
            best, users = depth, {}
        if depth == best:
            users[grant.user_id] = grant.user
    return list(users.values())


@transaction.atomic
def send_reminders(*, today: date | None = None, days_ahead: int = REMIND_DAYS_AHEAD) -> int:
    """A reminder (in the application, and by e-mail after the commit) to the assignee's
    officers for every pending follow-up due within ``days_ahead`` days or overdue; at most one
    a day per user and follow-up. Returns the number of reminders written."""
    today = today or timezone.localdate()
    pending = FollowUp.objects.filter(
        state__in=PENDING_STATES, due_date__lte=today + timedelta(days=days_ahead)
    ).select_related("assignee_unit", "assignee_organization__unit")
    written = 0
    with override("vi"):
        for followup in pending.iterator(chunk_size=500):
            if followup.due_date < today:
                text = _("Overdue since %(day)s: %(title)s")
            else:
                text = _("Due on %(day)s: %(title)s")
            text = (text % {"day": format_date(followup.due_date), "title": followup.title})[:500]
            url = reverse("followups:followup-detail", args=[followup.pk])
            for user in recipients(followup):
                _notice, created = Notice.objects.get_or_create(
                    user=user, followup=followup, sent_on=today, defaults={"text": text}
                )
                if not created:
                    continue
                written += 1
                if user.email:
                    _email_after_commit(user.email, text, url)
    if written:
        record_event(action="followups.reminders.sent", message=str(written))
    return written


def _email_after_commit(address: str, text: str, url: str) -> None:
    body = text + "\n\n" + _("See: %(url)s") % {"url": url}
    transaction.on_commit(
        lambda: send_mail(
            subject=f"danvan: {text}"[:200],
            message=body,
            from_email=None,
            recipient_list=[address],
        )
    )


@transaction.atomic
def mark_notices_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own reminders read (all of them without ``ids``)."""
    notices = Notice.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=list(ids))
    return notices.update(read_at=timezone.now())
