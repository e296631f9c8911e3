"""The PDF case summary: every section present, the marking on every page, nothing fetched from outside,
nothing about the person in the file name or metadata; who may ask for one."""

import re
import subprocess

import pytest
from django_scopes import scopes_disabled

from cases.services import intervention_end, intervention_record_session, legal_action_record, note_add
from core.exceptions import PermissionDenied
from core.tenancy import authority_scope
from exports import storage
from exports.models import ExportJob, ExportKind, ExportStatus
from exports.services import export_request
from tests.cases.casework import add_intervention, assess, assign, days_ago, opened_days_ago, start_support

pytestmark = pytest.mark.django_db



def _pages(path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


@pytest.fixture
def worked_case(case, lead, practitioner, loopback_listener):
    """A case with an assessment, an ended intervention, a court application and many notes, some of whose
    free text tries to make the renderer fetch from a loopback listener or read a local file."""
    opened_days_ago(case, 60)
    assign(case, practitioner, lead)
    assess(case, practitioner, on=days_ago(50))
    start_support(case, lead)
    intervention = add_intervention(case, practitioner, start_on=days_ago(40),
                                    provider=f'<img src="http://127.0.0.1:{loopback_listener.server_port}/x">')
    with authority_scope(practitioner.authority_id):
        intervention_record_session(intervention=intervention, actor_membership=practitioner, held_on=days_ago(30))
        intervention_end(intervention=intervention, actor_membership=practitioner, outcome="achieved",
                         end_on=days_ago(20), outcome_note="Completed the programme.")
        legal_action_record(case=case, actor_membership=lead, kind="emergency_protection_order",
                            applied_on=days_ago(15), court="Testshire Family Court (fictional)")
        for number in range(60):
            note_add(case=case, actor_membership=practitioner, kind="visit", occurred_on=days_ago(10),
                     text=f'Home visit {number}. <link rel="stylesheet" href="file:///etc/passwd"> '
                          f'<style>@import url("http://127.0.0.1:{loopback_listener.server_port}/i.css");</style>')
    return case


def test_a_manager_exports_a_case_summary_with_every_section(worked_case, manager,
                                                            django_capture_on_commit_callbacks, loopback_listener):
    with authority_scope(manager.authority_id), django_capture_on_commit_callbacks(execute=True):
        job = export_request(kind=ExportKind.CASE_SUMMARY_PDF, actor_membership=manager, target_id=worked_case.pk)
    with scopes_disabled():
        job = ExportJob.objects.get(pk=job.pk)
    assert job.status == ExportStatus.DONE, job.failure
    path = storage.final_path(job)
    pages = _pages(path)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") == 2, f"page {number} lacks the top and bottom marking"
        assert f"Page {number} of {len(pages)}" in text
    everything = "\n".join(pages)
    for heading in ("Case summary", "The decision", "Assessments", "Interventions and outcomes", "Reviews",
                    "Applications to court", "Challenges", "Closure", "Chronology"):
        assert heading in everything, heading
    assert worked_case.reference in pages[0] and "Achieved" in everything and "Home visit 59" in everything
    assert "Emergency protection order" in everything
    assert loopback_listener.hits == []
    assert "root:x:0:0" not in everything
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Title:\s+Case summary {worked_case.reference}$", info, re.MULTILINE)
    assert str(worked_case.subject) not in info and str(worked_case.subject) not in job.file_name
    assert job.file_name.startswith("threshold-case-summary-")


@pytest.mark.parametrize("persona", ["practitioner", "admin_member", "dpo"])
def test_roles_without_the_pdf_export_are_refused(case, persona, request):
    membership = request.getfixturevalue(persona)
    with authority_scope(membership.authority_id), pytest.raises(PermissionDenied):
        export_request(kind=ExportKind.CASE_SUMMARY_PDF, actor_membership=membership, target_id=case.pk)


def test_another_authoritys_case_is_not_found(case, outsider):
    from cases.models import Case

    with authority_scope(outsider.authority_id), pytest.raises(Case.DoesNotExist):
        export_request(kind=ExportKind.CASE_SUMMARY_PDF, actor_membership=outsider, target_id=case.pk)
    with scopes_disabled():
        assert not ExportJob.objects.exists()


def test_the_job_fails_if_the_requester_loses_access_before_it_runs(case, manager, lead):
    from accounts.models import Membership

    with authority_scope(manager.authority_id):
        job = export_request(kind=ExportKind.CASE_SUMMARY_PDF, actor_membership=manager, target_id=case.pk)
    with scopes_disabled():
        Membership.objects.filter(pk=manager.pk).update(is_active=False)
    with authority_scope(manager.authority_id):
        from exports.services import export_run
        result = export_run(job_id=job.pk)
    assert result.status == ExportStatus.FAILED and not storage.final_path(result).exists()
