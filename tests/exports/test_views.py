"""The export pages: ask for an audit trail export, watch it, download it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from exports.models import ExportJob, ExportStatus

pytestmark = pytest.mark.django_db


def _date(prefix, day):
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _ask(client, capture, kind="audit_trail_csv", start=None, end=None):
    today = timezone.localdate()
    data = {**_date("start", start or today), **_date("end", end or today), "kind": kind}
    with capture(execute=True):
        return client.post(reverse("exports:audit_trail"), data)


def test_a_manager_asks_watches_and_downloads(manager, client_for, django_capture_on_commit_callbacks, audit_rows):
    client = client_for(manager)
    assert client.get(reverse("exports:audit_trail")).status_code == 200
    response = _ask(client, django_capture_on_commit_callbacks)
    with scopes_disabled():
        job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[job.public_id])
    page = client.get(response.url)
    assert page.status_code == 200 and "Your export is ready" in page.text
    assert 'http-equiv="refresh"' not in page.text  # finished: the page stops refreshing

    download = client.get(reverse("exports:download", args=[job.public_id]))
    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    assert download["Content-Disposition"] == f'attachment; filename="{job.file_name}"'
    assert b"".join(download.streaming_content).startswith(b"# OFFICIAL-SENSITIVE")
    assert ("exports.file.downloaded", "max.manager") in audit_rows()


def test_a_queued_job_refreshes_and_reports_progress(manager, client_for):
    client = client_for(manager)
    today = timezone.localdate()
    client.post(reverse("exports:audit_trail"), {**_date("start", today), **_date("end", today),
                                                 "kind": "audit_trail_pdf"})  # no commit callbacks: stays queued
    with scopes_disabled():
        job = ExportJob.objects.get()
    page = client.get(reverse("exports:job", args=[job.public_id]))
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page.text
    assert '<progress class="thr-progress" id="export-progress" max="100" value="0">' in page.text
    status = client.get(reverse("exports:job_status", args=[job.public_id])).json()
    assert status == {"status": "queued", "status_label": "Waiting to start", "progress": 0, "finished": False}


def test_bad_dates_are_shown_next_to_the_fields(manager, client_for, django_capture_on_commit_callbacks):
    client = client_for(manager)
    today = timezone.localdate()
    response = _ask(client, django_capture_on_commit_callbacks, start=today, end=today - dt.timedelta(days=3))
    assert response.status_code == 400
    assert "The end date must be on or after the start date." in response.text
    assert 'id="id_end-error"' in response.text
    response = client.post(reverse("exports:audit_trail"), {"start_day": "31", "start_month": "2",
                                                            "start_year": "2026", "kind": "audit_trail_csv"})
    assert response.status_code == 400
    assert "From must be a real date" in response.text and "Enter the last day of the period" in response.text
    with scopes_disabled():
        assert not ExportJob.objects.exists()


@pytest.mark.parametrize("persona", ["practitioner", "lead", "admin_member"])
def test_roles_without_the_audit_export_get_403(persona, request, client_for):
    assert client_for(request.getfixturevalue(persona)).get(reverse("exports:audit_trail")).status_code == 403


def test_other_people_and_authorities_get_404_and_expired_links_410(manager, dpo, outsider, client_for,
                                                                   django_capture_on_commit_callbacks):
    _ask(client_for(manager), django_capture_on_commit_callbacks)
    with scopes_disabled():
        job = ExportJob.objects.get()
    for member in (dpo, outsider):
        client = client_for(member)
        for name in ("exports:job", "exports:job_status", "exports:download"):
            assert client.get(reverse(name, args=[job.public_id])).status_code == 404, (member, name)
    with scopes_disabled():
        ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client_for(manager).get(reverse("exports:download", args=[job.public_id]))
    assert response.status_code == 410 and "This download has expired" in response.text
    with scopes_disabled():
        assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.DONE  # purged later by beat, not by a read
