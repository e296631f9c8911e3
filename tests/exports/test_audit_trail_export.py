"""Audit trail exports (CSV and PDF) end to end: request, worker, file, download, expiry."""

import csv
import datetime as dt
import hashlib
import io
import re
import subprocess

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from audit.services import audit_record
from core.exceptions import FieldErrors, PermissionDenied
from core.tenancy import authority_scope
from exports import storage
from exports.models import ExportJob, ExportKind, ExportStatus
from exports.services import ExportGone, export_download, export_purge_expired, export_request, export_run

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate().isoformat()


def request_export(membership, kind=ExportKind.AUDIT_TRAIL_CSV, run=True, capture=None, **params):
    params = params or {"from": today(), "to": today()}
    with authority_scope(membership.authority_id):
        if capture is not None:
            with capture(execute=run):
                job = export_request(kind=kind, actor_membership=membership, params=params)
        else:
            job = export_request(kind=kind, actor_membership=membership, params=params)
    with scopes_disabled():
        return ExportJob.objects.get(pk=job.pk)


def some_events(authority, actor, count=3, label="Testshire record"):
    with authority_scope(authority.pk):
        return [audit_record(action="audit.trail.viewed", actor=actor, authority=authority.pk,
                             data={"filters": {"n": n}}, target_label=f"{label} {n}") for n in range(count)]


def test_a_manager_gets_a_csv_of_the_period_with_the_verification(manager, home,
                                                                 django_capture_on_commit_callbacks, audit_rows):
    some_events(home, manager.user, count=3)
    job = request_export(manager, capture=django_capture_on_commit_callbacks)

    assert (job.status, job.progress) == (ExportStatus.DONE, 100)
    path = storage.final_path(job)
    content = path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == job.checksum and job.file_size == len(content)
    lines = content.decode().splitlines()
    assert lines[0].startswith("# OFFICIAL-SENSITIVE")
    assert "is part of the verified chain" in lines[1] and "is intact" in lines[1]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[2:]))))
    assert len(rows) >= 3 and {row["chain_verified"] for row in rows} == {"yes"}
    assert job.file_name.startswith("threshold-audit-trail-") and job.file_name.endswith(".csv")
    assert str(job.public_id)[:8] in job.file_name
    assert ("exports.job.requested", "max.manager") in audit_rows()
    assert ("exports.job.completed", None) in audit_rows()


def test_formula_like_values_are_defused_in_the_csv(manager, home, django_capture_on_commit_callbacks):
    some_events(home, manager.user, count=1, label="=HYPERLINK(\"http://example.invalid\")")
    job = request_export(manager, capture=django_capture_on_commit_callbacks)
    text = storage.final_path(job).read_text()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_a_broken_chain_is_reported_and_rows_after_the_break_are_not_verified(manager, home,
                                                                            django_capture_on_commit_callbacks):
    events = some_events(home, manager.user, count=3)
    with scopes_disabled():  # tamper below the ORM's guard, as an attacker with database access would
        from django.db import connection
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending deferred FK checks
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
            cursor.execute("UPDATE audit_auditevent SET target_label = 'edited' WHERE id = %s", [events[1].pk])
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
    job = request_export(manager, capture=django_capture_on_commit_callbacks)
    lines = storage.final_path(job).read_text().splitlines()
    assert f"The chain is broken at event {events[1].sequence}" in lines[1]
    rows = {int(row["sequence"]): row["chain_verified"] for row in csv.DictReader(io.StringIO("\n".join(lines[2:])))}
    assert rows[events[0].sequence] == "yes" and rows[events[1].sequence] == "no"


def test_the_pdf_is_marked_on_every_page_and_names_nobody_in_its_metadata(manager, home,
                                                                         django_capture_on_commit_callbacks):
    some_events(home, manager.user, count=120)
    job = request_export(manager, kind=ExportKind.AUDIT_TRAIL_PDF, capture=django_capture_on_commit_callbacks)
    path = storage.final_path(job)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages >= 2
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert text.count("OFFICIAL-SENSITIVE") == 2, f"page {page} lacks the top and bottom marking"
        assert f"Page {page} of {pages}" in text
        assert re.search(r"No\.\s+When\s+Who", text), f"page {page} does not repeat the table headers"
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Is this record complete and unaltered?" in first and "Yes." in first
    assert "Testshire record" not in info and "max.manager" not in info and "Title:" in info


def test_one_records_trail(manager, home, django_capture_on_commit_callbacks):
    with authority_scope(home.pk):
        audit_record(action="audit.trail.viewed", actor=manager.user, target=home, data={})
    job = request_export(manager, capture=django_capture_on_commit_callbacks,
                         target_type="accounts.authority", target_id=str(home.pk))
    rows = list(csv.DictReader(io.StringIO("\n".join(storage.final_path(job).read_text().splitlines()[2:]))))
    assert rows and {(row["target_type"], row["target_id"]) for row in rows} == {("accounts.authority",
                                                                                   str(home.pk))}


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"from": "2026-02-30", "to": "2026-03-01"}, "from", "Enter the start date as a real date"),
    ({"from": "2026-03-02", "to": "2026-03-01"}, "to", "The end date must be on or after the start date."),
    ({"from": "2024-01-01", "to": "2025-06-01"}, "to", "Choose a period of at most 366 days."),
    ({"from": "2026-01-01", "to": "2999-01-01"}, "to", "The end date cannot be in the future."),
    ({"target_type": "cases.case", "target_id": "999999"}, "target_id", "There is no audit trail for that record"),
])
def test_bad_requests_write_nothing(manager, params, field, message):
    with authority_scope(manager.authority_id), pytest.raises(FieldErrors) as raised:
        export_request(kind=ExportKind.AUDIT_TRAIL_CSV, actor_membership=manager, params=params)
    assert raised.value.errors[field][0].startswith(message)
    with scopes_disabled():
        assert not ExportJob.objects.exists()
        assert not AuditEvent.objects.filter(action="exports.job.requested").exists()


@pytest.mark.parametrize("persona", ["practitioner", "lead", "admin_member"])
def test_roles_without_the_audit_export_are_refused(persona, request):
    membership = request.getfixturevalue(persona)
    with authority_scope(membership.authority_id), pytest.raises(PermissionDenied):
        export_request(kind=ExportKind.AUDIT_TRAIL_PDF, actor_membership=membership,
                       params={"from": today(), "to": today()})


def test_the_dpo_may_export_the_audit_trail(dpo, django_capture_on_commit_callbacks):
    assert request_export(dpo, capture=django_capture_on_commit_callbacks).status == ExportStatus.DONE


def test_downloads_are_for_the_requester_only_audited_and_expire(manager, dpo, outsider,
                                                                django_capture_on_commit_callbacks, audit_rows):
    job = request_export(manager, capture=django_capture_on_commit_callbacks)
    with authority_scope(manager.authority_id):
        assert export_download(job=job, actor_membership=manager) == storage.final_path(job)
        with pytest.raises(ExportJob.DoesNotExist):
            export_download(job=job, actor_membership=dpo)  # another user of the same authority
    with authority_scope(outsider.authority_id), pytest.raises(ExportJob.DoesNotExist):
        export_download(job=job, actor_membership=outsider)
    assert audit_rows().count(("exports.file.downloaded", "max.manager")) == 1

    with scopes_disabled():
        ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
        job.refresh_from_db()
    with authority_scope(manager.authority_id), pytest.raises(ExportGone):
        export_download(job=job, actor_membership=manager)
    with scopes_disabled():
        assert export_purge_expired() == 1
        job.refresh_from_db()
    assert job.status == ExportStatus.EXPIRED and not storage.final_path(job).exists()
    assert ("exports.file.deleted", None) in audit_rows()


def test_running_a_job_again_keeps_exactly_one_file(manager, django_capture_on_commit_callbacks, export_root):
    job = request_export(manager, capture=django_capture_on_commit_callbacks)
    first = (job.checksum, storage.final_path(job).read_bytes())
    with authority_scope(manager.authority_id):
        again = export_run(job_id=job.pk)
    assert (again.checksum, storage.final_path(job).read_bytes()) == first
    assert [path.name for path in export_root.rglob("*") if path.is_file()] == [storage.final_path(job).name]


def test_a_duplicate_delivery_that_finishes_second_discards_its_file(manager, export_root):
    job = request_export(manager, run=False, capture=None)  # queued; nothing ran (no commit callbacks)
    with authority_scope(manager.authority_id):
        # The first delivery renders, then (before it publishes) a second delivery of the same job runs in full.
        with scopes_disabled():
            ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.QUEUED)

        def second_delivery(_job):
            ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.QUEUED)
            export_run(job_id=job.pk)

        result = export_run(job_id=job.pk, before_publish=second_delivery)
    files = [path for path in export_root.rglob("*") if path.is_file()]
    assert result.status == ExportStatus.DONE and len(files) == 1
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == result.checksum


def test_the_sweeper_requeues_lost_and_abandoned_jobs_and_leaves_others(manager, settings):
    from exports.services import export_sweep_stuck

    lost = request_export(manager, run=False)  # queued, its message never delivered
    abandoned = request_export(manager, run=False)  # a worker took it and died
    fresh = request_export(manager, run=False)  # just asked for
    long_ago = timezone.now() - dt.timedelta(hours=2)
    with scopes_disabled():
        ExportJob.objects.filter(pk=lost.pk).update(updated_at=long_ago)
        ExportJob.objects.filter(pk=abandoned.pk).update(status=ExportStatus.RUNNING, progress=40, attempts=1,
                                                         updated_at=long_ago)
        assert export_sweep_stuck() == 2  # Celery runs in-process here: the re-queued jobs run now
        statuses = dict(ExportJob.objects.values_list("pk", "status"))
        attempts = ExportJob.objects.get(pk=abandoned.pk).attempts
    assert statuses == {lost.pk: ExportStatus.DONE, abandoned.pk: ExportStatus.DONE, fresh.pk: ExportStatus.QUEUED}
    assert attempts == 2
