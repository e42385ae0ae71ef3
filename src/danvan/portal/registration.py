"""What the portal adds to danvan's shell: set-up steps, its menu entry, audit wording."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from danvan.core import registry


def register() -> None:
    from danvan.portal import demo, panels, setup_steps

    panels.register()

    registry.register_setup_step(
        registry.SetupStep(
            key="portal-site",
            label=_("Portal: home page and news categories"),
            run=setup_steps.ensure_site,
            order=900,
        )
    )
    registry.register_setup_step(
        registry.SetupStep(
            key="portal-demo",
            label=_("Portal: the seed stories as published articles"),
            run=demo.load,
            phase="demo",
            order=900,
        )
    )
    registry.register_scheduled(
        registry.Scheduled(
            key="portal-reads",
            label=_("Portal: write the counted article reads"),
            command=("portal_reads", "flush"),
            every=timedelta(minutes=5),
        )
    )
    registry.register_nav(
        registry.NavEntry(
            key="portal",
            label=_("Portal editing"),
            url_name="wagtailadmin_home",
            order=900,
            permission="wagtailadmin.access_admin",
        )
    )
    registry.register_action_labels(
        {
            "portal.article.published": _("Article published on the portal"),
            "portal.article.drafted": _("Article drafted from a record"),
            "portal.comment.approved": _("Reader's comment approved"),
            "portal.comment.rejected": _("Reader's comment rejected"),
            "portal.comment.blocked": _("Commenter's address blocked"),
        }
    )
