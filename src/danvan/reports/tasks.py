"""Rendering report files in the background (django-tasks, run by ``manage.py db_worker``;
immediately in the tests): the job says how far it got (per cent), the status page polls it and
offers the file when it is there. Each step is its own short write, so the progress is visible
at once on SQLite as on PostgreSQL."""

from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from danvan.core.files import save_after_commit
from danvan.core.jobs import heartbeat, sweep_stale_jobs, transition_job
from danvan.reports.files import render_file
from danvan.reports.forms import ReportForm
from danvan.reports.models import ReportJob
from danvan.reports.queries import build_report


def _step(job_id, **values) -> None:
    ReportJob.objects.filter(pk=job_id).update(**values)


def _move(job_id, to_state: str, **values) -> bool:
    return transition_job(job_model=ReportJob, pk=job_id, to_state=to_state, **values)


def spec_from_params(params: dict, *, user):
    form = ReportForm(QueryDict(params.get("query", "")), user=user)
    if not form.is_valid():
        return None
    return form.spec()


@task()
def render_report_job(job_id: str) -> str:
    job = ReportJob.objects.select_related("user").get(pk=job_id)
    if not _move(job.pk, ReportJob.State.RUNNING, progress=10):
        return "not queued"
    with heartbeat(ReportJob, job.pk), translation.override("vi"):
        spec = spec_from_params(job.params, user=job.user)
        if spec is None:
            error = _("The report's settings are not valid any more.")
            _move(job.pk, ReportJob.State.FAILED, error=error)
            return "failed"
        try:
            report = build_report(spec, user=job.user)
            _step(job.pk, progress=50)
            content = render_file(report, job.file_format)
        except Exception:
            message = _("The file could not be made; please try again or tell your administrator.")
            _move(job.pk, ReportJob.State.FAILED, error=message)
            raise
    _step(job.pk, progress=90)
    name = f"bao-cao-{spec.period.start:%Y%m%d}-{spec.period.end:%Y%m%d}.{job.file_format}"
    job.refresh_from_db()
    # Through core.files: written at once when the task runs on its own (autocommit), on commit
    # when it runs inside a transaction, so a rolled-back one leaves no file.
    stored = save_after_commit(job.file, name, content)
    _move(job.pk, ReportJob.State.DONE, file=stored, filename=name, progress=100)
    return stored


def start_job(*, user, query: str, file_format: str, title: str) -> ReportJob:
    job = ReportJob.objects.create(
        user=user, params={"query": query}, file_format=file_format, title=title[:300]
    )
    sweep_stale_jobs()
    result = render_report_job.enqueue(str(job.pk))
    ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return job
