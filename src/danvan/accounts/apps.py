from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "danvan.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from danvan.accounts import backends, queries, setup
        from danvan.accounts.middleware import note_sign_in
        from danvan.core import registry

        user_logged_in.connect(note_sign_in, dispatch_uid="danvan.accounts.note_sign_in")
        backends.connect()

        registry.register_history_fields(
            "accounts.user", {"grant": registry.HistoryField(label=_("grant"))}
        )

        registry.register_nav(
            registry.NavEntry(
                key="admin",
                label=_("Administration"),
                url_name="admin:index",
                order=1000,
                permission="accounts.view_user",
            )
        )
        registry.register_figure(
            registry.HomeFigure(
                key="users",
                label=_("Active user accounts"),
                compute=lambda user: (
                    queries.users_visible_to(user).filter(is_active=True).count()
                    if user.is_staff
                    else None
                ),
                url_name="admin:accounts_user_changelist",
                order=800,
            )
        )
        registry.register_setup_step(
            registry.SetupStep(
                key="demo-admin", label=_("Demo administrator"), run=setup.demo_admin, phase="login"
            )
        )
        registry.register_action_labels(
            {
                "accounts.user.created": _("Account created"),
                "accounts.user.updated": _("Account updated"),
                "accounts.user.logged_in": _("Signed in"),
                "accounts.user.logged_out": _("Signed out"),
                "accounts.user.password_changed": _("Password changed"),
                "accounts.user.password_reset": _("Password reset by e-mail link"),
                "accounts.user.session_expired": _("Signed out after inactivity"),
                "accounts.user.second_factor_enabled": _("Two-step sign-in turned on"),
                "accounts.user.second_factor_disabled": _("Two-step sign-in turned off"),
                "accounts.user.second_factor_verified": _("Second sign-in step passed"),
                "accounts.user.second_factor_failed": _("Wrong code at the second sign-in step"),
            }
        )
