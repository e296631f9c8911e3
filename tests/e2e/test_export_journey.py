"""Exports in the browser.

A DPO finds a person's records and prepares a subject access pack, and the audit trail export form shows its
errors; axe-core checks each page. A manager exports a case summary: "Export a PDF summary" on the case page leads
to the export's page, whose progress bar moves as the worker reports progress (read by the page's script, without
reloading), then shows the download link; the file downloaded is a PDF with the case's reference in it.

The worker's part runs in the test itself, step by step, so the page can be watched while the job is waiting,
running and done (the request would otherwise run it at once: Celery is in-process in tests).
"""

import subprocess

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from core.tenancy import authority_scope
from exports.models import ExportJob, ExportStatus
from exports.services import export_run
from tests.cases.conftest import case  # noqa: F401  (fixture)
from tests.e2e.helpers import assert_axe_clean, shot, sign_in
from tests.referrals.conftest import agreement, teams  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e


def test_a_manager_exports_a_case_summary_and_downloads_it(app, url, case, manager, monkeypatch,  # noqa: F811
                                                           tmp_path, settings):
    settings.THRESHOLD_EXPORT_ROOT = tmp_path / "exports"
    monkeypatch.setattr("exports.services._queue", lambda job: None)  # the test plays the worker below
    sign_in(app, url, manager.user)
    app.goto(url(f"/cases/{case.pk}/"))
    app.get_by_role("button", name="Export a PDF summary").click()

    expect(app.get_by_role("heading", level=1)).to_have_text("Case summary (PDF)")
    bar = app.locator("progress#export-progress")
    expect(bar).to_have_attribute("value", "0")
    expect(app.locator("#export-status")).to_have_text("Waiting to start: 0% done")
    assert_axe_clean(app, "the export's progress page")
    shot(app, "export-1-waiting")

    with scopes_disabled():
        job = ExportJob.objects.get()
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, progress=40)
    expect(bar).to_have_attribute("value", "40")  # moved by the page's script, without a reload
    expect(app.locator("#export-status")).to_have_text("Being prepared: 40% done")
    shot(app, "export-2-running")

    with authority_scope(job.authority_id):
        export_run(job_id=job.pk)
    expect(app.get_by_role("heading", name="Your export is ready")).to_be_visible()  # the page reloaded itself
    assert_axe_clean(app, "the finished export's page")
    shot(app, "export-3-ready")

    with app.expect_download() as waiting:
        app.get_by_role("link", name="Download").click()
    download = waiting.value
    path = tmp_path / "downloaded.pdf"
    download.save_as(path)
    assert download.suggested_filename.startswith("threshold-case-summary-")
    assert path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert case.reference in text and "OFFICIAL-SENSITIVE" in text


def test_a_dpo_prepares_a_subject_access_pack(app, url, case, dpo, settings, tmp_path):  # noqa: F811
    settings.THRESHOLD_EXPORT_ROOT = tmp_path / "exports"
    sign_in(app, url, dpo.user)
    app.get_by_role("navigation", name="Menu").get_by_role("link", name="Subject access").click()
    expect(app.get_by_role("heading", level=1)).to_have_text("Subject access request")
    app.get_by_label("Last name").fill(case.subject.last_name)
    app.get_by_role("button", name="Search").click()
    expect(app.get_by_role("heading", name="1 record found")).to_be_visible()
    assert_axe_clean(app, "the subject access search")
    app.get_by_role("button", name="Prepare the pack").click()
    expect(app.locator("#id_subject_ids-error")).to_contain_text("Choose the records that are about this person")
    assert_axe_clean(app, "the subject access search with an error")
    app.get_by_label(f"Include {case.subject}").check()
    app.get_by_role("button", name="Prepare the pack").click()
    expect(app.get_by_role("heading", name="Your export is ready")).to_be_visible()  # in-process in tests
    assert_axe_clean(app, "the finished pack's page")
    shot(app, "export-4-subject-access")

    app.goto(url("/exports/audit-trail/"))
    app.get_by_role("button", name="Prepare the export").click()
    expect(app.locator(".govuk-error-summary")).to_contain_text("Enter the first day of the period")
    assert_axe_clean(app, "the audit trail export form with errors")
