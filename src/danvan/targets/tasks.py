"""Computed targets counted again in the background (django-tasks, run by
``manage.py db_worker``; immediately in the tests): the "count again" button queues it, and
``manage.py targets recompute`` (scheduled nightly) runs the same service for every programme."""

from django_tasks import task

from danvan.targets.models import Programme
from danvan.targets.services import recompute_programme


@task()
def recompute_programme_task(programme_id: int, user_id: int | None = None) -> int:
    """Count a programme's computed targets again, as the user who asked (the service checks
    they still may; the audit log names them)."""
    from danvan.accounts.models import User

    programme = Programme.objects.filter(pk=programme_id).first()
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if programme is None or (user_id and user is None):
        return 0
    return recompute_programme(programme=programme, acting_user=user)


def recompute_all(*, as_of=None) -> tuple[int, int]:
    """Every programme still running on ``as_of`` (or today): (programmes, figures written)."""
    programmes = Programme.objects.order_by("pk")
    if as_of is not None:
        programmes = programmes.filter(starts_on__lte=as_of)
    written = 0
    count = 0
    for programme in programmes.iterator():
        written += recompute_programme(programme=programme, as_of=as_of, acting_user=None)
        count += 1
    return count, written
