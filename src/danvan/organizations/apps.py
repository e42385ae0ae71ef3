from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "danvan.organizations"
    label = "organizations"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.organizations import demo, queries

        # Positions and memberships are audited on the person: their keys are not the person's.
        registry.register_history_fields(
            "organizations.person",
            {
                "organization": registry.HistoryField(label=_("organisation")),
                "start": registry.HistoryField(label=_("from")),
                "end": registry.HistoryField(label=_("to")),
            },
        )

        registry.register_nav(
            registry.NavEntry(
                key="organizations",
                label=_("Organisations"),
                url_name="organizations:organization-list",
                order=300,
            )
        )
        registry.register_nav(
            registry.NavEntry(
                key="people",
                label=_("People"),
                url_name="organizations:person-list",
                order=310,
                permission="organizations.view_people",
            )
        )
        registry.register_nav(
            registry.NavEntry(
                key="users",
                label=_("Users"),
                url_name="organizations:user-list",
                order=950,
                permission="organizations.manage_users",
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="organizations",
                label=_("Organisations in your scope"),
                compute=lambda user: queries.organizations_visible_to(user).count() or None,
                url_name="organizations:organization-list",
                order=300,
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="people",
                label=_("People in your scope"),
                compute=lambda user: queries.people_visible_to(user).count() or None,
                url_name="organizations:person-list",
                order=310,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="organizations-demo",
                label=_("Demonstration organisations, people and accounts"),
                run=demo.load_demo,
                phase="demo",
                order=20,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="organizations-demo-users",
                label=_("Demo accounts (role, username, password)"),
                run=demo.print_demo_users,
                phase="login",
                order=200,
            )
        )
        registry.register_action_labels(
            {
                "organizations.organization.created": _("Organisation created"),
                "organizations.organization.updated": _("Organisation updated"),
                "organizations.organization.merged": _("Merged into another organisation"),
                "organizations.organization.dissolved": _("Organisation dissolved"),
                "organizations.organization.absorbed": _("Took over an organisation"),
                "organizations.person.created": _("Person added"),
                "organizations.person.updated": _("Person updated"),
                "organizations.person.position_added": _("Position added"),
                "organizations.person.membership_added": _("Membership added"),
                "organizations.person.service_period_added": _("Service period added"),
                "organizations.person.link_ended": _("Period ended"),
                "accounts.user.invited": _("Account created by invitation"),
                "accounts.grant.added": _("Role granted"),
                "accounts.grant.revoked": _("Role removed"),
            }
        )
