"""Every free-text field of a case, filled with attempts to make the PDF renderer fetch from a loopback listener or
read a local file, then exported as a case summary and as a subject access pack: nothing is fetched, no local file
appears in either document, and the attempts are printed as the words they are."""

import subprocess

import pytest
from django_scopes import scopes_disabled

from cases.models import Review
from cases.services import (
    assessment_record,
    challenge_record,
    challenge_respond,
    closure_decide,
    closure_propose,
    intervention_end,
    intervention_record_session,
    legal_action_decide,
    legal_action_record,
    note_add,
    review_record,
)
from core.tenancy import authority_scope
from exports import storage
from exports.models import ExportJob, ExportKind, ExportStatus
from exports.services import export_request
from tests.cases.casework import FACTORS, add_intervention, assign, days_ago, opened_days_ago, start_review
from tests.cases.conftest import open_case

pytestmark = pytest.mark.django_db


def _payload(port: int) -> str:
    return (f'<img src="http://127.0.0.1:{port}/img.png"> <link rel="stylesheet" href="file:///etc/passwd"> '
            f'<style>@import url("http://127.0.0.1:{port}/i.css");</style> <object data="file:///etc/passwd">'
            f'</object> <svg><image href="http://127.0.0.1:{port}/svg.png"/></svg> url(file:///etc/passwd)')


def _short(port: int) -> str:
    """For fields of at most 200 characters (a provider, a court, an organisation)."""
    return f'<img src="http://127.0.0.1:{port}/p.png"><link rel="stylesheet" href="file:///etc/passwd">'


def _export(membership, kind, capture, **arguments) -> str:
    with authority_scope(membership.authority_id), capture(execute=True):
        job = export_request(kind=kind, actor_membership=membership, **arguments)
    with scopes_disabled():
        job = ExportJob.objects.get(pk=job.pk)
    assert job.status == ExportStatus.DONE, job.failure
    return subprocess.run(["pdftotext", str(storage.final_path(job)), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_no_free_text_field_makes_a_document_fetch_anything(agreement, practitioner, lead, manager, dpo,
                                                            loopback_listener, django_capture_on_commit_callbacks):
    text, short = _payload(loopback_listener.server_port), _short(loopback_listener.server_port)
    case = open_case(practitioner, lead, concern=f"Concern. {text}")
    opened_days_ago(case, 90)
    assign(case, practitioner, lead)
    with authority_scope(lead.authority_id):
        assessment_record(case=case, actor_membership=practitioner, assessed_on=days_ago(80),
                          ratings=dict.fromkeys(FACTORS, 1), rating_notes=dict.fromkeys(FACTORS, text),
                          summary=text, plan=text, overall_risk="low")
    start_review(case, lead)
    intervention = add_intervention(case, practitioner, start_on=days_ago(70), provider=short, description=text)
    with authority_scope(lead.authority_id):
        intervention_record_session(intervention=intervention, actor_membership=practitioner,
                                    held_on=days_ago(60), note=text)
        intervention_end(intervention=intervention, actor_membership=practitioner, outcome="achieved",
                         end_on=days_ago(50), outcome_note=text)
        legal = legal_action_record(case=case, actor_membership=lead, kind="care_order", applied_on=days_ago(45),
                                    court=short)
        legal_action_decide(legal_action=legal, actor_membership=lead, outcome="refused", decided_on=days_ago(40),
                            court_reasons=text)
        challenge = challenge_record(case=case, actor_membership=lead, source="community", raised_on=days_ago(35),
                                     disputed=text, organisation=short)
        challenge_respond(challenge=challenge, actor_membership=lead, response=text, responded_on=days_ago(30),
                          outcome="not_upheld")
        note_add(case=case, actor_membership=practitioner, kind="visit", occurred_on=days_ago(20), text=text)
        review = Review.objects.filter(case=case, held_on__isnull=True).order_by("due_on").first()
        review_record(review=review, actor_membership=practitioner, held_on=days_ago(10), summary=text,
                      outcome="ready_to_close")
        closure = closure_propose(case=case, actor_membership=practitioner, reason="vulnerability_reduced",
                                  summary=text)
        closure_decide(closure=closure, actor_membership=manager, approve=True, note=text)

    summary = _export(manager, ExportKind.CASE_SUMMARY_PDF, django_capture_on_commit_callbacks, target_id=case.pk)
    pack = _export(dpo, ExportKind.SUBJECT_ACCESS, django_capture_on_commit_callbacks, target_id=case.subject_id)

    assert loopback_listener.hits == []
    for document in (summary, pack):
        assert "root:x:0:0" not in document
        assert document.count("@import url(") >= 8  # the attempts are there, as text
