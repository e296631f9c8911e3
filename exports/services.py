"""Every write to exports: asking for one, running it (the worker), downloading it, and the sweeps.

A job row is written in the transaction of the request and its task is queued only when that transaction
commits. Running is idempotent by job id: a job already done is left alone; a job whose worker died is run again
from the start, and the file is renamed into place under the job's row lock, so however many times a job runs
there is exactly one file and its checksum is the one recorded.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from audit.services import audit_record
from core.exceptions import DomainError, InvalidTransition, PermissionDenied
from exports import permissions, storage
from exports.models import ExportJob, ExportKind, ExportStatus
from exports.renderers import RENDERERS, clean_request

logger = logging.getLogger(__name__)

QUEUED_GRACE = timedelta(minutes=2)
FAILURE_MESSAGE = "The export could not be produced."


class ExportGone(DomainError):
    """The file has expired and been deleted (410)."""

    status_code = 410
    default_code = "expired"


def _queue(job: ExportJob) -> None:
    from exports.tasks import export_run

    transaction.on_commit(lambda: export_run.delay(job_id=job.pk, authority_id=job.authority_id))


@transaction.atomic
def export_request(*, kind: str, actor_membership: Membership, target_id: int | str | None = None,
                   params: dict | None = None) -> ExportJob:
    """Ask for an export of ``kind``: the target (a case, a subject) and parameters (an audit trail's period or
    record) are checked now, so a bad request never becomes a job. The worker is queued on commit."""
    if not permissions.can_request(actor_membership, kind) or kind not in RENDERERS:
        raise PermissionDenied("Your role does not allow this export.")
    target_type, target, clean_params = clean_request(kind, actor_membership, target_id, params or {})
    job = ExportJob.objects.create(
        authority_id=actor_membership.authority_id, kind=kind, requested_by=actor_membership.user,
        target_type=target_type, target_id=str(target.pk) if target is not None else "", params=clean_params)
    audit_record(action="exports.job.requested", actor=actor_membership.user, target=job,
                 data={"kind": kind, "target_type": target_type, "target_id": job.target_id,
                       "params": clean_params})
    _queue(job)
    return job


def _set_progress(job_id: int, progress: int) -> None:
    ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING).update(
        progress=min(max(progress, 0), 99), updated_at=timezone.now())


def _start(job_id: int) -> ExportJob | None:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return None
        job.status, job.progress, job.attempts = ExportStatus.RUNNING, 1, job.attempts + 1
        job.started_at = timezone.now()
        job.save(update_fields=["status", "progress", "attempts", "started_at", "updated_at"])
        return job


def _finish(job_id: int, temporary: Path, checksum: str, size: int) -> ExportJob:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.is_finished:  # another delivery of the same job finished first: keep its file
            storage.discard(temporary)
            return job
        storage.publish(temporary, job)
        for stray in storage.temporaries_of(job):  # left by a delivery whose worker died while writing
            storage.discard(stray)
        now = timezone.now()
        job.status, job.progress, job.finished_at = ExportStatus.DONE, 100, now
        job.expires_at = now + timedelta(hours=settings.THRESHOLD_EXPORT_TTL_HOURS)
        job.file_name, job.file_size, job.checksum, job.failure = storage.download_name(job), size, checksum, ""
        job.save(update_fields=["status", "progress", "finished_at", "expires_at", "file_name", "file_size",
                                "checksum", "failure", "updated_at"])
        audit_record(action="exports.job.completed", actor=None, target=job,
                     data={"kind": job.kind, "checksum": checksum, "size": size, "attempt": job.attempts})
        return job


def _fail(job_id: int, error: BaseException) -> ExportJob:
    logger.error("Export job %s failed: %s", job_id, type(error).__name__)
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return job
        job.status, job.failure, job.finished_at = ExportStatus.FAILED, FAILURE_MESSAGE, timezone.now()
        job.save(update_fields=["status", "failure", "finished_at", "updated_at"])
        audit_record(action="exports.job.failed", actor=None, target=job,
                     data={"kind": job.kind, "error": type(error).__name__, "attempt": job.attempts})
        return job


def export_run(*, job_id: int, before_publish: Callable[[ExportJob], None] | None = None) -> ExportJob:
    """Produce the file of one job (the worker's whole task). Safe to call any number of times, also at once.
    ``before_publish`` is for tests that need to stop a worker between rendering and publishing."""
    job = _start(job_id)
    if job is None:
        return ExportJob.objects.get(pk=job_id)
    try:
        content = RENDERERS[job.kind](job, lambda progress: _set_progress(job.pk, progress))
        temporary, checksum = storage.write_temporary(job, content)
    except Exception as error:  # a renderer bug must fail the job, never leave it running for ever
        return _fail(job_id, error)
    if before_publish is not None:
        before_publish(job)
    return _finish(job_id, temporary, checksum, len(content))


@transaction.atomic
def export_download(*, job: ExportJob, actor_membership: Membership) -> Path:
    """The file to send, audited in the same transaction. Someone else's job: DoesNotExist (404); expired:
    ExportGone (410); not ready: InvalidTransition (409)."""
    if not permissions.can_see_job(actor_membership, job):
        raise ExportJob.DoesNotExist("No such export")
    if job.status == ExportStatus.EXPIRED or (job.expires_at is not None and job.expires_at <= timezone.now()):
        raise ExportGone("This download has expired. Ask for the export again.")
    if job.status != ExportStatus.DONE:
        raise InvalidTransition("This export is not ready yet.")
    path = storage.final_path(job)
    if not path.exists():
        raise ExportGone("This download is no longer available. Ask for the export again.")
    audit_record(action="exports.file.downloaded", actor=actor_membership.user, target=job,
                 data={"kind": job.kind, "checksum": job.checksum})
    return path


def export_sweep_stuck(*, now=None) -> int:
    """Queue again the jobs nobody is working on: queued for more than two minutes (the message was lost), or
    running with no progress for longer than a task may run (the worker died). Returns how many."""
    from exports.tasks import export_run as export_run_task

    now = now or timezone.now()
    stale_running = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    jobs = list(ExportJob.objects.filter(status=ExportStatus.QUEUED, updated_at__lt=now - QUEUED_GRACE)
                .union(ExportJob.objects.filter(status=ExportStatus.RUNNING, updated_at__lt=stale_running))
                .values_list("pk", "authority_id"))
    for job_id, authority_id in jobs:
        ExportJob.objects.filter(pk=job_id).update(updated_at=now)
        export_run_task.delay(job_id=job_id, authority_id=authority_id)
    if jobs:
        logger.warning("Re-queued %d stuck export job(s)", len(jobs))
    return len(jobs)


def export_purge_expired(*, now=None) -> int:
    """Delete the files of expired jobs (audited, one event per job) and any temporary file left by a worker that
    died while writing. Returns how many jobs expired."""
    now = now or timezone.now()
    expired = 0
    for job_id in ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lte=now).values_list("pk",
                                                                                                     flat=True):
        with transaction.atomic():
            job = ExportJob.objects.select_for_update().get(pk=job_id)
            if job.status != ExportStatus.DONE:
                continue
            storage.discard(storage.final_path(job))
            job.status = ExportStatus.EXPIRED
            job.save(update_fields=["status", "updated_at"])
            audit_record(action="exports.file.deleted", actor=None, target=job,
                         data={"kind": job.kind, "reason": "expired"})
            expired += 1
    for path in storage.stray_temporaries(older_than_seconds=24 * 3600, now=time.time()):
        storage.discard(path)
    return expired


@transaction.atomic
def subject_search_record(*, actor_membership: Membership, results: int) -> None:
    """Audit that a DPO searched for a person's records (how many matched; not the names searched for)."""
    if not permissions.can_request(actor_membership, ExportKind.SUBJECT_ACCESS):
        raise PermissionDenied("Your role does not allow this.")
    audit_record(action="exports.subject.searched", actor=actor_membership.user,
                 authority=actor_membership.authority_id, data={"results": results})
