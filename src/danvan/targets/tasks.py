"""Computed targets counted again in the background (django-tasks, run by
``manage.py db_worker``; immediately in the tests): the "count again" button queues it, and
``manage.py targets recompute`` (scheduled nightly) runs the same service for every programme."""

from django_tasks import task

from danvan.targets.models import Programme
from danvan.targets.services import recompute_programme


@task()
def recompute_programme_task(programme_id: int) -> int:
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return 0
    return recompute_programme(programme=programme, acting_user=None)


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
