"""The certificates of a decision, made in the background (django-tasks, run by
``manage.py db_worker``; immediately in the tests): a few hundred pages take longer than a web
request may. A ``core.jobs`` workflow like the reviews' minute: every state change through
``transition_job``, a heartbeat while it renders, ``done`` moved after each part."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from danvan.core.files import save_after_commit
from danvan.core.folding import collation_key
from danvan.core.jobs import heartbeat, sweep_stale_jobs, transition_job
from danvan.honors.models import CertificateJob, Honour


def _move(job_id, to_state: str, **values) -> bool:
    return transition_job(job_model=CertificateJob, pk=job_id, to_state=to_state, **values)


def decision_honours(proposal) -> list[Honour]:
    """The honours a decision conferred, in Vietnamese alphabetical order of the names."""
    honours = Honour.objects.filter(nominee__proposal=proposal).select_related(
        "kind__conferred_by__unit", "person__unit", "initiative__place", "place"
    )
    return sorted(honours, key=lambda h: (collation_key(h.recipient_name), h.pk))


@task()
def render_certificates_job(job_id: str) -> str:
    from danvan.honors.certificates import certificates_pdf

    job = CertificateJob.objects.select_related("proposal").get(pk=job_id)
    if not _move(job.pk, CertificateJob.State.RUNNING):
        return "not queued"
    honours = decision_honours(job.proposal)
    CertificateJob.objects.filter(pk=job.pk).update(total=len(honours), done=0)

    def progress(done: int) -> None:
        CertificateJob.objects.filter(pk=job.pk).update(done=done)

    with heartbeat(CertificateJob, job.pk), translation.override("vi"):
        try:
            content = certificates_pdf(honours, progress=progress)
        except Exception:
            message = _("The file could not be made; please try again or tell your administrator.")
            _move(job.pk, CertificateJob.State.FAILED, error=message)
            raise
    name = f"giay-chung-nhan-de-nghi-{job.proposal_id}-{timezone.localdate():%Y%m%d}.pdf"
    job.refresh_from_db()
    stored = save_after_commit(job.file, name, content)
    _move(job.pk, CertificateJob.State.DONE, file=stored, filename=name)
    return stored


def start_certificates(*, proposal, user) -> CertificateJob:
    """Queue the certificates of a decided ``proposal`` for ``user`` (who may read it)."""
    job = CertificateJob.objects.create(proposal=proposal, user=user)
    sweep_stale_jobs()
    result = render_certificates_job.enqueue(str(job.pk))
    CertificateJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return job
