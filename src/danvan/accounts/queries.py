from django.utils.translation import gettext as _

from danvan.accounts.models import User


def count_active_users() -> int:
    return User.objects.filter(is_active=True).count()


def scope_labels(user: User) -> list[str]:
    """What the user may see and do, in words, for the user menu.

    Until role × scope grants land (organisations issue) only administrators have a scope."""
    if user.is_superuser:
        return [_("Whole country — system administrator")]
    return [_("No scope granted yet — ask your administrator")]
