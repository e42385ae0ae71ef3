from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django_tasks.signals import task_started

        from danvan.core import notices, queries, registry, schedule
        from danvan.core.jobs import sweep_on_task_start

        # The worker fails the jobs of a worker that died whenever it starts a task, and makes
        # sure the schedule's next tick is waiting.
        task_started.connect(sweep_on_task_start, dispatch_uid="danvan.core.jobs.sweep")
        task_started.connect(
            lambda **kwargs: schedule.ensure_next_tick(), dispatch_uid="danvan.core.schedule"
        )
        _register_schedule(registry, schedule)

        registry.register_nav(
            registry.NavEntry(key="home", label=_("Home"), url_name="core:home", order=0)
        )
        registry.register_header_link(
            registry.HeaderLink(
                key="core-notices",
                label=_("Work notices"),
                url_name="core:notice-list",
                unread=notices.unread_notices,
                order=90,
            )
        )
        registry.register_action_labels({"core.media.swept": _("Unused media files removed")})
        registry.register_history_fields("*", {"files": registry.HistoryField(label=_("files"))})
        registry.register_figure(
            registry.HomeFigure(
                key="audit-events",
                label=_("Recorded changes"),
                compute=lambda user: queries.count_events() if user.is_superuser else None,
                order=900,
            )
        )


def _register_schedule(registry, schedule) -> None:
    from datetime import time, timedelta

    for item in (
        registry.Scheduled(
            key="jobs-sweep",
            label=_("Fail the background jobs whose worker died"),
            command=("jobs", "sweep"),
            every=timedelta(minutes=2),
        ),
        registry.Scheduled(
            key="media-sweep",
            label=_("Remove media files no record uses"),
            command=("media", "sweep"),
            daily_at=time(2, 0),
        ),
        registry.Scheduled(
            key="task-results-prune",
            label=_("Remove finished background tasks older than 14 days"),
            command=("prune_db_task_results", "--queue-name", "*"),
            daily_at=time(3, 0),
        ),
    ):
        registry.register_scheduled(item)
    registry.register_setup_step(
        registry.SetupStep(
            key="core-schedule",
            label=_("Scheduled work on the task worker"),
            run=lambda stdout=None: (
                "queued" if schedule.ensure_next_tick(delay=0) else "already queued"
            ),
            phase="reference",
            order=990,
        )
    )
