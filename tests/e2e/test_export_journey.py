"""A manager exports a case summary: "Export a PDF summary" on the case page leads to the export's page, whose
progress bar moves as the worker reports progress (read by the page's script, without reloading), then shows the
download link; the file downloaded is a PDF with the case's reference in it.

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
