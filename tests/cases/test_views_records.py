"""The records section of the case page (records_context and cases/_records.html), court applications,
challenges and case notes (append-only, corrected by a new note)."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from cases.models import CaseNote, CaseStatus, Challenge, LegalAction
from cases.services import (
    case_grant_access,
    case_set_restricted,
    challenge_record,
    legal_action_record,
    note_add,
)
from cases.views.records import records_context
from core.tenancy import authority_scope
from tests.cases.casework import add_intervention, assess, counts, days_ago, opened_days_ago, set_status
from tests.cases.conftest import fresh_case, open_case
from tests.cases.test_views_assessments import error_of, give_case
from tests.cases.test_views_interventions import date_fields

pytestmark = pytest.mark.django_db


def case_url(case, name, *args):
    return reverse(f"cases:{name}", args=[case.pk, *args])


def section(membership, case, *, queries: list | None = None) -> str:
    """The records section as ``membership`` sees it on the case page (``queries``: filled with the queries
    records_context ran)."""
    request = RequestFactory().get(reverse("cases:detail", args=[case.pk]))
    request.user, request.membership, request.memberships = membership.user, membership, [membership]
    request.session = {}
    request._messages = FallbackStorage(request)
    with authority_scope(membership.authority_id):
        case = fresh_case(case)
        with CaptureQueriesContext(connection) as captured:
            context = records_context(request, case)
        if queries is not None:
            queries.extend(captured.captured_queries)
        return render_to_string("cases/_records.html", {"case": case, **context}, request=request)


def note(case, membership, text="Home visit: met Jamie and his mother.", **kwargs):
    with authority_scope(membership.authority_id):
        return note_add(case=case, actor_membership=membership, kind=kwargs.pop("kind", "visit"),
                        occurred_on=kwargs.pop("occurred_on", days_ago(1)), text=text, **kwargs)


def legal(case, membership, **kwargs):
    with authority_scope(membership.authority_id):
        return legal_action_record(case=case, actor_membership=membership, kind="supervision_order",
                                   applied_on=days_ago(10), court="Testtown Family Court", **kwargs)


def challenge(case, membership, **kwargs):
    with authority_scope(membership.authority_id):
        return challenge_record(case=case, actor_membership=membership, source="family", raised_on=days_ago(5),
                                disputed="They say the mentoring singles him out.", **kwargs)


def fill(case, lead, n: int) -> None:
    """``n`` of every kind of record on ``case``."""
    for index in range(n):
        assess(case, lead, on=days_ago(50 - index))
        intervention = add_intervention(case, lead, start_on=days_ago(60 + index))
        legal(case, lead)
        challenge(case, lead, intervention_id=intervention.pk)
        note(case, lead, text=f"Note {index}")


# --- The case page's section ----------------------------------------------------------------------------------


def test_the_section_lists_every_kind_of_record_with_its_links(case, lead, client_for):
    opened_days_ago(case, 100)
    assess(case, lead, on=days_ago(30), risk="high")
    intervention = add_intervention(case, lead, start_on=days_ago(70), provider="Testtown Youth Service",
                                    delivered_sessions=1, last_session_on=days_ago(60))
    action = legal(case, lead)
    raised = challenge(case, lead, intervention_id=intervention.pk)
    written = note(case, lead)
    text = section(lead, case)
    for shown in ("Latest</span>", "High risk", "Testtown Youth Service", "1 of 6",
                  "Lapsed", "Supervision order", "Waiting for the court", "Their family",
                  "Waiting for our response", "Home visit: met Jamie and his mother.", "See the full chronology",
                  case_url(case, "intervention", intervention.pk), case_url(case, "legal", action.pk),
                  case_url(case, "challenge", raised.pk), f"{case_url(case, 'note_new')}?corrects={written.pk}",
                  case_url(case, "assessment_new"), case_url(case, "intervention_new"), case_url(case, "legal_new"),
                  case_url(case, "challenge_new"), reverse("cases:chronology", args=[case.subject_id])):
        assert shown in text, shown


def test_links_to_record_only_for_who_may_record(case, lead, manager, practitioner):
    give_case(case, lead, practitioner)
    assert case_url(case, "assessment_new") in section(practitioner, case)
    assert case_url(case, "intervention_new") not in section(lead, case)  # not assessed yet
    assert "Interventions follow an assessment" in section(lead, case)
    set_status(case, CaseStatus.CLOSED)
    text = section(manager, case)
    for hidden in ("assessment_new", "intervention_new", "legal_new", "challenge_new", "note_new"):
        assert case_url(case, hidden) not in text, hidden


def test_the_section_runs_a_fixed_number_of_queries(case, lead, practitioner):
    other = open_case(practitioner, lead)
    opened_days_ago(case, 100)
    opened_days_ago(other, 100)
    fill(case, lead, 1)
    fill(other, lead, 6)
    few, many = [], []
    section(lead, case, queries=few)
    many_text = section(lead, other, queries=many)
    # The grants (remembered on the case), the agreement in force, then one query per kind and the note count.
    assert len(few) == len(many) == 8, [query["sql"][:90] for query in many]
    assert "See all 6 notes" in many_text and many_text.count('class="thr-history__entry') == 5


# --- Court applications --------------------------------------------------------------------------------------


def test_recording_an_application_and_the_courts_decision(case, lead, client_for, audit_rows):
    opened_days_ago(case, 60)
    client = client_for(lead)
    assert client.get(case_url(case, "legal_new")).status_code == 200
    before = counts(LegalAction)
    response = client.post(case_url(case, "legal_new"), {"kind": "care_order", **date_fields("applied_on", days_ago(5)),
                                                         **date_fields("hearing_on", days_ago(9))})
    assert response.status_code == 400
    assert error_of(response.text, "hearing_on") == (
        f"The hearing date must be on or after the date of the application ({days_ago(5):%-d %B %Y})")
    response = client.post(case_url(case, "legal_new"), {"applied_on_day": "5"})
    assert response.status_code == 400
    assert error_of(response.text, "applied_on") == "Date of the application must include a month and year"
    response = client.post(case_url(case, "legal_new"), {})
    assert response.status_code == 400
    assert error_of(response.text, "kind") == "Choose the kind of application"
    assert error_of(response.text, "applied_on") == "Enter the date of the application"
    assert counts(LegalAction) == before
    seen = len(audit_rows())
    response = client.post(case_url(case, "legal_new"), {"kind": "care_order", "court": "Testtown Family Court",
                                                         **date_fields("applied_on", days_ago(5))})
    with scopes_disabled():
        action = LegalAction.objects.get(case_id=case.pk)
    assert response.status_code == 302 and response.url == case_url(case, "legal", action.pk)
    text = client.get(response.url).text
    assert "Care order application recorded" in text and "Record the court's decision" in text
    response = client.post(response.url, {"outcome": "granted", **date_fields("decided_on", days_ago(7))})
    assert response.status_code == 400
    assert error_of(response.text, "decided_on") == (
        f"The decision date must be on or after the date of the application ({days_ago(5):%-d %B %Y})")
    assert error_of(response.text, "court_reasons") == "Enter the court&#x27;s reasons in brief"
    response = client.post(case_url(case, "legal", action.pk), {
        "outcome": "granted", **date_fields("decided_on", days_ago(1)),
        "court_reasons": "Threshold met; a supervision order is proportionate."})
    assert response.status_code == 302
    assert audit_rows()[seen:] == [("cases.legal_action.recorded", "lee.lead"), ("cases.legal_action.decided",
                                                                                "lee.lead")]
    text = client.get(case_url(case, "legal", action.pk)).text
    assert "Court decision recorded: granted" in text and "Threshold met" in text
    assert 'name="outcome"' not in text
    response = client.post(case_url(case, "legal", action.pk), {
        "outcome": "refused", **date_fields("decided_on", days_ago(1)), "court_reasons": "Again."})
    assert response.status_code == 409 and "The outcome of this application is already recorded." in response.text


# --- Challenges ------------------------------------------------------------------------------------------------


def test_recording_a_challenge_and_our_response(case, lead, client_for, audit_rows):
    opened_days_ago(case, 60)
    assess(case, lead, on=days_ago(50))
    intervention = add_intervention(case, lead, start_on=days_ago(40))
    client = client_for(lead)
    response = client.get(case_url(case, "challenge_new") + f"?intervention={intervention.pk}")
    assert response.status_code == 200 and f'<option value="{intervention.pk}" selected>' in response.text
    before = counts(Challenge)
    response = client.post(case_url(case, "challenge_new"), {"source": "community", "disputed": "",
                                                             **date_fields("raised_on", days_ago(3))})
    assert response.status_code == 400
    assert error_of(response.text, "organisation") == "Enter the name of the community organisation"
    assert error_of(response.text, "disputed") == "Enter what was disputed"
    assert counts(Challenge) == before
    seen = len(audit_rows())
    response = client.post(case_url(case, "challenge_new"), {
        "source": "community", "organisation": "Testtown Community Forum", "intervention": str(intervention.pk),
        "disputed": "The mentoring targets one community.", **date_fields("raised_on", days_ago(3))})
    with scopes_disabled():
        raised = Challenge.objects.get(case_id=case.pk)
    assert response.status_code == 302 and response.url == case_url(case, "challenge", raised.pk)
    assert raised.intervention_id == intervention.pk and raised.organisation == "Testtown Community Forum"
    text = client.get(response.url).text
    assert "Challenge by Testtown Community Forum" in text and "Waiting for our response" in text
    response = client.post(response.url, {"response": "", "outcome": "open",
                                          **date_fields("responded_on", days_ago(4))})
    assert response.status_code == 400
    assert error_of(response.text, "response") == "Enter the authority&#x27;s response"
    assert error_of(response.text, "responded_on").startswith("The response date must be on or after")
    assert error_of(response.text, "outcome").startswith("Choose the outcome")
    response = client.post(case_url(case, "challenge", raised.pk), {
        "response": "We met the forum and changed the mentor.", "outcome": "partly_upheld",
        **date_fields("responded_on", days_ago(1))})
    assert response.status_code == 302
    assert audit_rows()[seen:] == [("cases.challenge.recorded", "lee.lead"), ("cases.challenge.answered", "lee.lead")]
    text = client.get(case_url(case, "challenge", raised.pk)).text
    assert "Partly upheld" in text and "We met the forum" in text and 'name="response"' not in text


# --- Case notes ------------------------------------------------------------------------------------------------


def test_adding_a_note(case, lead, practitioner, client_for, audit_rows):
    give_case(case, lead, practitioner)
    client = client_for(practitioner)
    assert client.get(case_url(case, "note_new")).status_code == 200
    before = counts(CaseNote)
    response = client.post(case_url(case, "note_new"), {"kind": "visit", "text": "  ",
                                                        **date_fields("occurred_on", days_ago(-1))})
    assert response.status_code == 400
    assert error_of(response.text, "text") == "Enter the note"
    assert error_of(response.text, "occurred_on") == "Enter a date that is not in the future"
    assert counts(CaseNote) == before
    seen = len(audit_rows())
    response = client.post(case_url(case, "note_new"), {"kind": "phone", "text": "Spoke to his mother.",
                                                        **date_fields("occurred_on", days_ago(0))})
    with scopes_disabled():
        written = CaseNote.objects.get(case_id=case.pk)
    assert response.status_code == 302 and response.url == case_url(case, "notes") + f"#note-{written.pk}"
    assert audit_rows()[seen:] == [("cases.note.added", "pat.practitioner")]
    text = client.get(response.url).text
    assert "Note added" in text and "Spoke to his mother." in text and "Phone call" in text


def test_a_correction_shows_both_notes(case, practitioner, lead, client_for, audit_rows):
    give_case(case, lead, practitioner)
    original = note(case, practitioner, text="Visited on Tuesday with the school nurse.")
    client = client_for(practitioner)
    response = client.get(case_url(case, "note_new") + f"?corrects={original.pk}")
    assert response.status_code == 200
    assert "Correct a note" in response.text and "The note you are correcting" in response.text
    seen = len(audit_rows())
    response = client.post(case_url(case, "note_new"), {
        "corrects": str(original.pk), "kind": "visit", "text": "Visited on Wednesday with the school nurse.",
        **date_fields("occurred_on", days_ago(1))})
    assert response.status_code == 302
    assert audit_rows()[seen:] == [("cases.note.corrected", "pat.practitioner")]
    with scopes_disabled():
        correction = CaseNote.objects.get(corrects_id=original.pk)
    for text in (client.get(case_url(case, "notes")).text, section(practitioner, case)):
        assert "Visited on Tuesday" in text and "Visited on Wednesday" in text
        assert "This note was corrected." in text
        assert f'href="{case_url(case, "notes")}#note-{correction.pk}">Read the correction</a>' in text
        assert f'href="{case_url(case, "notes")}#note-{original.pk}">the visit note of' in text
        assert f"?corrects={original.pk}" not in text  # a corrected note is corrected through its correction
        assert f"?corrects={correction.pk}" in text


def test_a_note_of_another_case_cannot_be_corrected_here(case, lead, practitioner, client_for):
    other = open_case(practitioner, lead)
    elsewhere = note(other, lead)
    assert client_for(lead).get(case_url(case, "note_new") + f"?corrects={elsewhere.pk}").status_code == 404
    assert client_for(lead).get(case_url(case, "note_new") + "?corrects=abc").status_code == 404
    before = counts(CaseNote)
    response = client_for(lead).post(case_url(case, "note_new"), {"corrects": str(elsewhere.pk), "kind": "note",
                                                                  "text": "x", **date_fields("occurred_on",
                                                                                             days_ago(0))})
    assert response.status_code == 404 and counts(CaseNote) == before


def test_on_a_closed_case_only_the_author_may_correct_their_note(case, lead, manager, client_for):
    mine, theirs = note(case, lead), note(case, manager)
    set_status(case, CaseStatus.CLOSED)
    client = client_for(lead)
    response = client.get(case_url(case, "note_new"))
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
    assert client.get(case_url(case, "note_new") + f"?corrects={theirs.pk}").status_code == 302
    before = counts(CaseNote)
    response = client.post(case_url(case, "note_new"), {"kind": "note", "text": "Late note.",
                                                        **date_fields("occurred_on", days_ago(0))})
    assert response.status_code == 409 and "This case is closed" in response.text
    assert counts(CaseNote) == before
    assert client.get(case_url(case, "note_new") + f"?corrects={mine.pk}").status_code == 200
    response = client.post(case_url(case, "note_new"), {"corrects": str(mine.pk), "kind": "visit",
                                                        "text": "Corrected: the visit was by phone.",
                                                        **date_fields("occurred_on", days_ago(1))})
    assert response.status_code == 302
    text = client.get(case_url(case, "notes")).text
    assert f"?corrects={theirs.pk}" not in text and "Add a note" not in text


# --- Access ----------------------------------------------------------------------------------------------------


def test_access_follows_the_case(case, lead, practitioner, outsider, admin_member, dpo, client_for):
    opened_days_ago(case, 30)
    action, raised, written = legal(case, lead), challenge(case, lead), note(case, lead)
    urls = (case_url(case, "legal_new"), case_url(case, "legal", action.pk), case_url(case, "challenge_new"),
            case_url(case, "challenge", raised.pk), case_url(case, "notes"), case_url(case, "note_new"),
            case_url(case, "note_new") + f"?corrects={written.pk}")
    for url in urls:
        assert client_for(practitioner).get(url).status_code == 404, url
        assert client_for(outsider).get(url).status_code == 404, url
        assert client_for(admin_member).get(url).status_code == 403, url
        assert client_for(dpo).get(url).status_code == 403, url
        assert client_for(lead).get(url).status_code == 200, url
    before = counts(LegalAction, Challenge, CaseNote)
    data = {"kind": "note", "text": "x", "source": "family", "disputed": "x", "outcome": "refused",
            "court_reasons": "x", **date_fields("applied_on", days_ago(1)), **date_fields("decided_on", days_ago(0)),
            **date_fields("occurred_on", days_ago(0)), **date_fields("raised_on", days_ago(0))}
    for url in urls:
        assert client_for(outsider).post(url, data).status_code in (404, 405), url
        assert client_for(practitioner).post(url, data).status_code in (404, 405), url
        assert client_for(dpo).post(url, data).status_code in (403, 405), url
    assert counts(LegalAction, Challenge, CaseNote) == before
    assert client_for(lead).post(case_url(case, "notes")).status_code == 405
    assert client_for(lead).get(case_url(case, "legal", 999999)).status_code == 404
    give_case(case, lead, practitioner)
    assert client_for(practitioner).get(case_url(case, "legal", action.pk)).status_code == 200


def test_named_access_to_a_restricted_case_reads_but_does_not_record(case, lead, practitioner, client_for):
    opened_days_ago(case, 30)
    action = legal(case, lead)
    with authority_scope(lead.authority_id):
        case_set_restricted(case=case, actor_membership=lead, restricted=True, reason="A relative works here.")
        case_grant_access(case=case, actor_membership=lead, user_id=practitioner.user_id)
    client = client_for(practitioner)
    assert client.get(case_url(case, "legal", action.pk)).status_code == 200
    assert 'name="outcome"' not in client.get(case_url(case, "legal", action.pk)).text
    assert client.get(case_url(case, "legal_new")).status_code == 403
    before = counts(LegalAction, CaseNote)
    assert client.post(case_url(case, "note_new"), {"kind": "note", "text": "x",
                                                    **date_fields("occurred_on", days_ago(0))}).status_code == 403
    decision = {"outcome": "withdrawn", **date_fields("decided_on", days_ago(0))}
    assert client.post(case_url(case, "legal", action.pk), decision).status_code == 403
    assert counts(LegalAction, CaseNote) == before
    text = section(practitioner, case)
    assert "Supervision order" in text and case_url(case, "legal_new") not in text
    assert case_url(case, "note_new") not in text
