"""The minute (biên bản) of a round's decisions, made in the background (django-tasks, run by
``manage.py db_worker``; immediately in the tests) like the report files: rendering a round of
5,000 models takes over a minute, past the web server's timeout. Only who asked sees the job.
A ``core.jobs`` workflow: every state change through ``transition_job``, a heartbeat while it
renders, failed by ``sweep_stale_jobs`` when its worker dies."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from danvan.core.files import save_after_commit
from danvan.core.jobs import heartbeat, sweep_stale_jobs, transition_job
from danvan.reviews.models import MinuteJob


def _move(job_id, to_state: str, **values) -> bool:
    return transition_job(job_model=MinuteJob, pk=job_id, to_state=to_state, **values)


@task()
def render_minute_job(job_id: str) -> str:
    from danvan.core.pdf import render_pdf
    from danvan.reviews.views.exports import minute_context

    job = MinuteJob.objects.select_related("round").get(pk=job_id)
    if not _move(job.pk, MinuteJob.State.RUNNING):
        return "not queued"
    with heartbeat(MinuteJob, job.pk), translation.override("vi"):
        try:
            html = render_to_string("reviews/minute.html", minute_context(job.round))
            content = render_pdf(html)
        except Exception:
            message = _("The file could not be made; please try again or tell your administrator.")
            _move(job.pk, MinuteJob.State.FAILED, error=message)
            raise
    name = f"bien-ban-dot-{job.round_id}-{timezone.localdate():%Y%m%d}.pdf"
    job.refresh_from_db()
    # Through core.files: written on commit, so a rolled-back job leaves no file.
    stored = save_after_commit(job.file, name, content)
    _move(job.pk, MinuteJob.State.DONE, file=stored, filename=name)
    return stored


def start_minute(*, review_round, user) -> MinuteJob:
    """Queue the minute of ``review_round`` for ``user`` (who may read the round)."""
    job = MinuteJob.objects.create(round=review_round, user=user)
    sweep_stale_jobs()
    result = render_minute_job.enqueue(str(job.pk))
    MinuteJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return job
