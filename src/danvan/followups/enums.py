from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    OPEN = "open", _("open")  # mới giao
    IN_PROGRESS = "in_progress", _("in progress")  # đang thực hiện
    DONE = "done", _("done, awaiting verification")  # đã thực hiện, chờ xác nhận
    VERIFIED = "verified", _("verified")  # đã xác nhận hoàn thành


# Which state may follow which. Nothing else assigns a state (services.transition).
# done → in progress is "returned" (trả lại), verified → open is "reopened" (mở lại): both need a
# reason.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.OPEN: frozenset({State.IN_PROGRESS, State.DONE}),
    State.IN_PROGRESS: frozenset({State.DONE}),
    State.DONE: frozenset({State.VERIFIED, State.IN_PROGRESS}),
    State.VERIFIED: frozenset({State.OPEN}),
}
# Moves made by the assignee (the unit doing the work) and by the owner (who asked for it).
ASSIGNEE_MOVES = frozenset(
    {(State.OPEN, State.IN_PROGRESS), (State.OPEN, State.DONE), (State.IN_PROGRESS, State.DONE)}
)
OWNER_MOVES = frozenset(
    {(State.DONE, State.VERIFIED), (State.DONE, State.IN_PROGRESS), (State.VERIFIED, State.OPEN)}
)
REASON_NEEDED = frozenset({(State.DONE, State.IN_PROGRESS), (State.VERIFIED, State.OPEN)})
# Not finished: these can be overdue.
PENDING_STATES = frozenset({State.OPEN, State.IN_PROGRESS})
FINISHED_STATES = frozenset({State.DONE, State.VERIFIED})
