"""Thin Celery wrappers around the export services."""

from celery import shared_task
from django_scopes import scopes_disabled

from core.tasks import AuthorityTask


@shared_task(base=AuthorityTask, name="exports.run")
def export_run(*, job_id: int, authority_id: int) -> str:
    """Produce one export (idempotent by job id: a redelivered or duplicated message finds the job done)."""
    from exports.services import export_run as run

    return run(job_id=job_id).status


@shared_task(name="exports.sweep_stuck")
def export_sweep_stuck() -> int:
    """Beat: queue again the jobs whose message was lost or whose worker died."""
    from exports.services import export_sweep_stuck as sweep

    with scopes_disabled():
        return sweep()


@shared_task(name="exports.purge_expired")
def export_purge_expired() -> int:
    """Beat: delete the files of expired exports."""
    from exports.services import export_purge_expired as purge

    with scopes_disabled():
        return purge()
