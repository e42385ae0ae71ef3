from django import template

from danvan.accounts.queries import scope_labels

register = template.Library()


@register.simple_tag
def user_scope(user) -> list[str]:
    return scope_labels(user) if user.is_authenticated else []


@register.filter
def minutes(value) -> int:
    """A timedelta in whole minutes (at least one), for the lock-out message."""
    return max(1, round(value.total_seconds() / 60)) if value else 0
