from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class SubmissionsConfig(AppConfig):
    name = "danvan.submissions"
    label = "submissions"
    verbose_name = _("Periodic reports")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.core.views import HOME_PANELS
        from danvan.submissions import dashboard, demo, queries, rules  # noqa: F401

        registry.register_scheduled(
            registry.Scheduled(
                key="submissions-remind",
                label=_("Remind the reporting units of their deadlines"),
                command=("submissions", "remind"),
                daily_at=time(7, 15),
            )
        )
        registry.register_nav(
            registry.NavEntry(
                key="submissions",
                label=_("Periodic reports"),
                url_name="submissions:obligation-list",
                order=410,
            )
        )
        registry.register_panel(
            registry.Panel(
                key="submissions-home",
                target=HOME_PANELS,
                template_name="submissions/_home.html",
                get_context=dashboard.home_context,
                order=20,
            )
        )
        registry.register_pending_work(
            registry.PendingWork(
                key="submissions-to-send",
                count=queries.pending_count,
                text=lambda count: (
                    ngettext(
                        "%(count)s periodic report to send",
                        "%(count)s periodic reports to send",
                        count,
                    )
                    % {"count": count}
                ),
                empty=_("No periodic report to send"),
                url_name="submissions:obligation-list",
                order=60,
            )
        )
        registry.register_pending_work(
            registry.PendingWork(
                key="submissions-to-review",
                count=lambda user: queries.waiting_for_review(user).count(),
                text=lambda count: (
                    ngettext(
                        "%(count)s periodic report to review",
                        "%(count)s periodic reports to review",
                        count,
                    )
                    % {"count": count}
                ),
                empty=_("No periodic report to review"),
                url_name="submissions:obligation-list",
                order=61,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="submissions-demo",
                label=_("Demonstration periodic reports"),
                run=demo.load_demo,
                phase="demo",
                order=70,
            )
        )
        registry.register_action_labels(
            {
                "submissions.template.created": _("Report template created"),
                "submissions.template.changed": _("Report template changed"),
                "submissions.obligations.added": _("Reporting units added"),
                "submissions.obligation.added": _("Reporting unit added"),
                "submissions.submission.saved": _("Draft saved"),
                "submissions.submission.submitted": _("Report sent"),
                "submissions.submission.resubmitted": _("Corrected report sent"),
                "submissions.submission.returned": _("Returned with questions"),
                "submissions.submission.accepted": _("Report accepted"),
                "submissions.template.reminded": _("Deadline reminders sent"),
            }
        )
