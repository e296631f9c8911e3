"""The drill the design asks for: kill a real Celery worker (SIGKILL, the whole process group) in the middle of an
export; start another; the job still ends done, with exactly one file, whose checksum is the one recorded.

It runs against real Redis and PostgreSQL: the worker is a separate process reading this test's database, on a
queue of its own, with a 30-second visibility timeout so the unacknowledged message comes back quickly."""

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.hashing import GENESIS_HASH, hash_of
from audit.models import AuditChainHead, AuditEvent
from audit.services import chain_for
from config.celery import app as celery_app
from core.tenancy import authority_scope
from exports import storage
from exports.models import ExportJob, ExportKind, ExportStatus
from exports.services import export_request

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

EVENTS = 800  # enough rows that rendering the PDF takes a few seconds, so the kill lands mid-export
VISIBILITY = 30


def _bulk_events(authority, actor, count):
    """Append ``count`` chained events quickly (one insert), as audit_record would have written them."""
    chain = chain_for(authority.pk)
    head, _ = AuditChainHead.objects.get_or_create(chain=chain)
    previous, sequence, now, events = head.last_hash or GENESIS_HASH, head.sequence, timezone.now(), []
    for n in range(count):
        sequence += 1
        event = AuditEvent(chain=chain, sequence=sequence, occurred_at=now, authority_id=authority.pk, actor=actor,
                           actor_label="Drill (fictional)", action="audit.trail.viewed", target_type="",
                           target_id="", target_label=f"Drill record {n}", data={"n": n}, request_id="",
                           ip=None, prev_hash=previous)
        event.hash = hash_of(event)
        previous = event.hash
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    AuditChainHead.objects.filter(chain=chain).update(sequence=sequence, last_hash=previous)


def _worker(queue: str, export_root: Path) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "false",
           "DJANGO_SECURE": "false", "DJANGO_SECRET_KEY": "drill-secret-key-" + "x" * 40,
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
           "CELERY_BROKER_URL": settings.CELERY_BROKER_URL, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
           "THRESHOLD_EXPORT_ROOT": str(export_root), "LOG_LEVEL": "WARNING"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "-c", "1", "-l", "warning",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"],
        cwd=settings.BASE_DIR, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


def _wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with scopes_disabled():
            value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_worker_killed_mid_export_leaves_the_job_done_with_one_file(manager, home, export_root, monkeypatch):
    monkeypatch.setattr("exports.services._queue", lambda job: None)  # the message goes to the real worker below
    with scopes_disabled():
        _bulk_events(home, manager.user, EVENTS)
    with authority_scope(home.pk):
        today = timezone.localdate().isoformat()
        job = export_request(kind=ExportKind.AUDIT_TRAIL_PDF, actor_membership=manager,
                             params={"from": today, "to": today})

    queue = f"drill-{uuid.uuid4().hex[:10]}"
    first = _worker(queue, export_root)
    try:
        celery_app.send_task("exports.run", kwargs={"job_id": job.pk, "authority_id": home.pk}, queue=queue)
        # Rendering starts once the rows are read and the chain verified (progress 50): kill it then.
        _wait_for(lambda: ExportJob.objects.filter(pk=job.pk, progress__gte=50).exists(), 60, "the render")
        _kill(first)
        with scopes_disabled():
            killed = ExportJob.objects.get(pk=job.pk)
        assert (killed.status, killed.attempts) == (ExportStatus.RUNNING, 1)

        second = _worker(queue, export_root)
        try:
            done = _wait_for(lambda: ExportJob.objects.filter(pk=job.pk, status=ExportStatus.DONE).first(),
                             VISIBILITY * 4, "the job to be delivered again and finish")
        finally:
            _kill(second)
    finally:
        _kill(first)

    files = [path for path in export_root.rglob("*") if path.is_file()]
    assert files == [storage.final_path(done)]
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == done.checksum
    assert done.attempts == 2 and done.progress == 100
