from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "danvan.followups"
    label = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.followups import queries
        from danvan.followups import rules as _rules  # noqa: F401 (registers the permissions)

        registry.register_scheduled(
            registry.Scheduled(
                key="followups-remind",
                label=_("Remind units of follow-ups due soon or overdue"),
                command=("remind_followups",),
                daily_at=time(7, 15),
            )
        )
        registry.register_nav(
            registry.NavEntry(
                key="followups",
                label=_("Follow-ups"),
                url_name="followups:followup-list",
                order=150,
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="followups-overdue",
                label=_("Follow-ups overdue in your scope"),
                compute=lambda user: (
                    queries.followups_visible_to(user).filter(queries.overdue_q()).count() or None
                ),
                url_name="followups:overdue",
                order=150,
            )
        )
        registry.register_header_link(
            registry.HeaderLink(
                key="followup-reminders",
                label=_("Reminders"),
                url_name="followups:notice-list",
                unread=queries.unread_notices,
            )
        )
        registry.register_action_labels(
            {
                "followups.followup.created": _("Follow-up created"),
                "followups.followup.updated": _("Follow-up changed"),
                "followups.followup.state_changed": _("State changed"),
                "followups.followup.returned": _("Returned: not done yet"),
                "followups.followup.reopened": _("Reopened"),
                "followups.followup.reported": _("Progress reported"),
                "followups.reminders.sent": _("Reminders sent"),
            }
        )
