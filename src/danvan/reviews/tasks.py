"""The minute (biên bản) of a round's decisions, made in the background (django-tasks, run by
``manage.py db_worker``; immediately in the tests) like the report files: rendering a round of
5,000 models takes over a minute, past the web server's timeout. Only who asked sees the job."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from danvan.core.files import save_after_commit
from danvan.reviews.models import MinuteJob


def _step(job_id, **values) -> None:
    MinuteJob.objects.filter(pk=job_id).update(**values)


@task()
def render_minute_job(job_id: str) -> str:
    from danvan.core.pdf import render_pdf
    from danvan.reviews.views.exports import minute_context

    job = MinuteJob.objects.select_related("round").get(pk=job_id)
    _step(job.pk, status=MinuteJob.State.RUNNING)
    try:
        with translation.override("vi"):
            html = render_to_string("reviews/minute.html", minute_context(job.round))
            content = render_pdf(html)
    except Exception:
        message = _("The file could not be made; please try again or tell your administrator.")
        _step(job.pk, status=MinuteJob.State.FAILED, error=message, finished_at=timezone.now())
        raise
    name = f"bien-ban-dot-{job.round_id}-{timezone.localdate():%Y%m%d}.pdf"
    job.refresh_from_db()
    # Through core.files: written on commit, so a rolled-back job leaves no file.
    stored = save_after_commit(job.file, name, content)
    _step(
        job.pk,
        file=stored,
        filename=name,
        status=MinuteJob.State.DONE,
        finished_at=timezone.now(),
    )
    return stored


def start_minute(*, review_round, user) -> MinuteJob:
    """Queue the minute of ``review_round`` for ``user`` (who may read the round)."""
    job = MinuteJob.objects.create(round=review_round, user=user)
    render_minute_job.enqueue(str(job.pk))
    return job
