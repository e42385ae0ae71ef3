"""Set-up steps of the accounts app (registered in ``apps.py``)."""

from django.utils.translation import gettext as _

from danvan.accounts.services import (
    DEMO_ADMIN_USERNAME,
    demo_admin_password_path,
    ensure_demo_admin,
)


def demo_admin(*, stdout) -> str:
    _user, password, still_valid = ensure_demo_admin()
    if not still_valid:
        return _(
            "account %(username)s — its password was changed in danvan; the one in %(path)s "
            "no longer applies"
        ) % {"username": DEMO_ADMIN_USERNAME, "path": demo_admin_password_path()}
    return _("username %(username)s, password %(password)s") % {
        "username": DEMO_ADMIN_USERNAME,
        "password": password,
    }
