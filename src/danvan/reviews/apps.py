from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "danvan.reviews"
    label = "reviews"
    verbose_name = _("Reviews and recognition")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.reviews import demo, export_columns, measures, queries, services, views

        measures.register()

        registry.register_history_resolver("reviews.review", _criterion_field)
        registry.register_scheduled(
            registry.Scheduled(
                key="reviews-remind",
                label=_("Remind reviewers before review rounds' deadlines"),
                command=("reviews", "remind"),
                daily_at=time(7, 0),
            )
        )

        registry.register_nav(
            registry.NavEntry(
                key="reviews",
                label=_("Review rounds"),
                url_name="reviews:round-list",
                order=110,
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="reviews-queue",
                label=_("Models waiting for your scores"),
                compute=lambda user: (
                    queries.assignments_for(user)
                    .exclude(review__submitted_at__isnull=False)
                    .filter(round__state="open")
                    .count()
                    or None
                ),
                url_name="reviews:queue",
                order=110,
            )
        )
        registry.register_header_link(
            registry.HeaderLink(
                key="notifications",
                label=_("Notifications"),
                url_name="reviews:notification-list",
                unread=queries.unread_notifications,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="reviews-criteria",
                label=_("Default review criteria"),
                run=services.seed_criteria,
                phase="reference",
                order=30,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="reviews-demo",
                label=_("Demonstration review round"),
                run=demo.load_demo,
                phase="demo",
                order=60,
            )
        )
        registry.register_panel(
            registry.Panel(
                key="reviews-recognitions",
                target="initiatives.initiative",
                template_name="reviews/_initiative_panel.html",
                get_context=views.initiative_panel,
            )
        )
        registry.register_export_columns(
            registry.ExportColumns(
                key="reviews-recognitions",
                target="initiatives.initiative",
                columns=export_columns.COLUMNS,
                values=export_columns.recognition_values,
            )
        )
        registry.register_action_labels(
            {
                "reviews.round.created": _("Review round created"),
                "reviews.round.updated": _("Review round changed"),
                "reviews.round.open": _("Round opened"),
                "reviews.round.closed": _("Round closed"),
                "reviews.round.decided": _("Round decided"),
                "reviews.round.filter_applied": _("Eligible models taken by the filter"),
                "reviews.round.initiative_added": _("Model added to the round"),
                "reviews.round.initiative_removed": _("Model removed from the round"),
                "reviews.round.assigned_automatically": _("Reviewers assigned automatically"),
                "reviews.round.reminded": _("Reviewers reminded"),
                "reviews.round.tagged": _("Models tagged"),
                "reviews.round.untagged": _("Tag taken off models"),
                "reviews.assignment.created": _("Reviewer assigned"),
                "reviews.assignment.removed": _("Assignment removed"),
                "reviews.review.saved": _("Scores saved"),
                "reviews.review.submitted": _("Scores submitted"),
                "reviews.recognition.decided": _("Decision of the steering committee"),
                "reviews.recognition.changed": _("Decision changed"),
            }
        )


def _criterion_field(key: str):
    """Scores are audited by criterion name; a key that is a criterion's id reads as its name."""
    from danvan.core.registry import HistoryField
    from danvan.reviews.models import Criterion

    if not key.isdigit():
        return None
    name = Criterion.objects.filter(pk=int(key)).values_list("name", flat=True).first()
    return HistoryField(label=name) if name else None
