"""The base task: scope re-entry and request ids, in-process and through a real worker on the real broker."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from celery import shared_task
from django.conf import settings
from django.db import connection
from django_scopes import ScopeError, scopes_disabled

from accounts.models import Team
from audit.models import AuditEvent
from config.celery import app as celery_app
from core.context import current_request_id, request_context
from core.tasks import AuthorityTask


@shared_task(base=AuthorityTask, name="tests.team_names")
def team_names(*, authority_id=None):
    return {"teams": sorted(Team.objects.values_list("name", flat=True)), "request_id": current_request_id()}


@pytest.mark.django_db
def test_task_runs_in_the_given_authority_only(home, away, home_team):
    with scopes_disabled():
        Team.objects.create(authority=away, name="Elsewhere")
    with request_context(request_id="req-1234567890"):
        result = team_names.apply_async(kwargs={"authority_id": home.pk}).get()
    assert result == {"teams": ["Front door"], "request_id": "req-1234567890"}


@pytest.mark.django_db
def test_task_without_an_authority_cannot_read_authority_data(home_team):
    with pytest.raises(ScopeError):
        team_names.apply_async(kwargs={}).get()


def test_reliability_settings():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    visibility = conf.broker_transport_options["visibility_timeout"]
    assert conf.task_time_limit < visibility and conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["unacked_restore_interval"] == 2


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker process on the real Redis broker, reading the test database, on its own queue."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-Q", queue, "-l", "warning",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def test_real_worker_verifies_a_chain_with_the_request_id(worker, home):
    from audit.services import audit_record
    from audit.tasks import audit_verify_chain

    audit_record(action="accounts.team.created", authority=home)
    with request_context(request_id="trace-from-web-1"):
        audit_verify_chain.apply_async(kwargs={"authority_id": home.pk}, queue=worker)
    deadline = time.monotonic() + 60
    event = None
    while time.monotonic() < deadline and event is None:
        with scopes_disabled():
            event = AuditEvent.objects.filter(action="audit.trail.verified").first()
        time.sleep(0.3)
    assert event is not None, "the worker did not run the task within 60 seconds"
    assert (event.authority_id, event.request_id, event.actor_id) == (home.pk, "trace-from-web-1", None)
    assert event.data == {"intact": True, "checked": 1, "broken_sequence": None}
