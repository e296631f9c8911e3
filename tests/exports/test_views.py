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


def test_export_pdf_from_a_case(case, manager, client_for, django_capture_on_commit_callbacks, audit_rows):
    client = client_for(manager)
    url = reverse("exports:case_summary", args=[case.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    with scopes_disabled():
        job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[job.public_id])
    page = client.get(response.url).text
    assert "Your export is ready" in page and reverse("cases:detail", args=[case.pk]) in page
    assert ("exports.job.requested", "max.manager") in audit_rows()


@pytest.mark.parametrize("persona", ["practitioner", "admin_member", "dpo"])
def test_export_pdf_needs_the_role(case, persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).post(reverse("exports:case_summary", args=[case.pk]))
    assert response.status_code == 403


def test_export_pdf_of_another_authoritys_case_is_404(case, outsider, client_for):
    assert client_for(outsider).post(reverse("exports:case_summary", args=[case.pk])).status_code == 404
    with scopes_disabled():
        assert not ExportJob.objects.exists()


def test_the_case_page_offers_the_export_to_leads_and_managers_only(case, manager, practitioner, lead, client_for):
    from tests.cases.casework import assign

    assign(case, practitioner, lead)
    button = "Export a PDF summary"
    assert button in client_for(manager).get(reverse("cases:detail", args=[case.pk])).text
    assert button not in client_for(practitioner).get(reverse("cases:detail", args=[case.pk])).text


def test_break_glass_does_not_let_a_manager_export_a_restricted_case(case, lead, manager, client_for):
    from cases.services import case_break_glass, case_set_restricted
    from core.tenancy import authority_scope

    with authority_scope(lead.authority_id):
        case_set_restricted(case=case, actor_membership=lead, restricted=True, reason="Related to a staff member.")
        case_break_glass(case_id=case.pk, actor_membership=manager, reason="Urgent request from the police today.")
    client = client_for(manager)
    assert "Export a PDF summary" not in client.get(reverse("cases:detail", args=[case.pk])).text
    assert client.post(reverse("exports:case_summary", args=[case.pk])).status_code == 403
    with scopes_disabled():
        assert not ExportJob.objects.exists()


def test_the_list_shows_your_exports_only_in_a_fixed_number_of_queries(manager, dpo, outsider, client_for,
                                                                      django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)
    _ask(client, django_capture_on_commit_callbacks)
    client.get(reverse("exports:list"))
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("exports:list")).text
    assert page.count("Audit trail (CSV)") == 1 and "Ready to download" in page
    for _ in range(3):
        _ask(client, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as four:
        assert client.get(reverse("exports:list")).text.count("Audit trail (CSV)") == 4
    assert len(four) == len(one)
    for member in (dpo, outsider):
        assert "You have not asked for any exports yet" in client_for(member).get(reverse("exports:list")).text


def test_a_records_trail_from_its_audit_event_page(case, manager, lead, client_for,
                                                   django_capture_on_commit_callbacks):
    from audit.models import AuditEvent

    with scopes_disabled():
        event = AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk)).first()
    client = client_for(manager)
    page = client.get(reverse("audit:event", args=[event.pk])).text
    assert "Export its audit trail as PDF" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:record_trail"), {"kind": "audit_trail_csv",
                                                                 "target_type": "cases.case", "target_id": case.pk})
    with scopes_disabled():
        job = ExportJob.objects.get()
    assert response.status_code == 302 and job.params == {"target_type": "cases.case", "target_id": str(case.pk)}
    assert job.status == ExportStatus.DONE
    bad = client.post(reverse("exports:record_trail"), {"kind": "audit_trail_csv", "target_type": "cases.case",
                                                        "target_id": "999999"})
    assert bad.status_code == 400 and "That did not work" in bad.text
    assert client_for(lead).post(reverse("exports:record_trail"), {"kind": "audit_trail_csv"}).status_code == 403
