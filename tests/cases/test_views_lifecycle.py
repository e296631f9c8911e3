"""The lifecycle pages of a case: the lead worker and team, starting a stage, restriction and named access, recording
a review, proposing and deciding a closure, and reopening. Each happy path redirects to the case with a success
banner; each refusal shows the service's message next to its field with a 400 and saves nothing; the wrong role
gets a 403 and another authority a 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.roles import Role
from cases.models import CaseStatus, Closure, ClosureStatus, Review, ReviewKind
from cases.services import (
    case_assign,
    case_set_restricted,
    case_start_support,
    closure_decide,
    closure_propose,
)
from cases.services._common import today
from core.tenancy import authority_scope
from tests.cases.casework import add_intervention, assess
from tests.cases.conftest import fresh_case
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db


def act(membership, service, **kwargs):
    with authority_scope(membership.authority_id):
        return service(actor_membership=membership, **kwargs)


def url(name, case, *more):
    return reverse(f"cases:{name}", args=[case.pk, *more])


def only_views(rows) -> bool:
    """Nothing was written but the record of who viewed the page (a refused form still shows the case)."""
    return {action for action, _ in rows} <= {"cases.case.viewed"}


def error(field_id, message):
    return (f'<p id="{field_id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
            f"{message}</p>")


def followed(client, response):
    """The page a redirect leads to (its success banner)."""
    assert response.status_code == 302, response.status_code
    return client.get(response.url).text


def assigned(case, lead, worker):
    act(lead, case_assign, case=case, lead_worker_id=worker.user_id)
    return fresh_case(case)


def in_support(case, lead, worker):
    """``case`` led by ``worker``, assessed and in support (so its first review is booked)."""
    case = assigned(case, lead, worker)
    assess(case, worker)
    act(worker, case_start_support, case=case)
    return fresh_case(case)


def closed(case, lead, worker, manager):
    case = assigned(case, lead, worker)
    closure = act(worker, closure_propose, case=case, reason="vulnerability_reduced", summary="Doing well at school.")
    act(manager, closure_decide, closure=closure, approve=True)
    return fresh_case(case)


def pending_review(case) -> Review:
    with scopes_disabled():
        return Review.objects.filter(case_id=case.pk, held_on__isnull=True, cancelled=False).order_by("due_on").first()


# --- Lead worker and team ---------------------------------------------------------------------------------------

def test_a_lead_chooses_the_lead_worker_and_team(case, practitioner, lead, teams, client_for, audit_rows):
    client = client_for(lead)
    seen = len(audit_rows())
    response = client.get(url("assign", case))
    assert response.status_code == 200
    assert "Choose a lead worker" in response.text and str(practitioner.user) in response.text
    assert audit_rows()[seen:] == [("cases.case.viewed", "lee.lead")]  # the page shows who the case is about
    seen = len(audit_rows())
    response = client.post(url("assign", case), {"lead_worker": practitioner.user_id, "team": teams["adults"].pk})
    assert f"{practitioner.user} is now the lead worker." in followed(client, response)
    case = fresh_case(case)
    assert (case.lead_worker_id, case.team_id) == (practitioner.user_id, teams["adults"].pk)
    assert audit_rows()[seen:][0] == ("cases.case.assigned", "lee.lead")
    assert client_for(practitioner).get(url("detail", case)).status_code == 200


def test_a_lead_worker_who_cannot_be_chosen_is_refused_next_to_the_field(
        case, lead, admin_member, teams, client_for, audit_rows):
    response = client_for(lead).post(url("assign", case), {"lead_worker": admin_member.user_id, "team": "999999"})
    assert response.status_code == 400
    assert error("id_lead_worker", "Choose a practitioner, safeguarding lead or manager in your authority") \
        in response.text
    assert error("id_team", "Choose a team in your authority") in response.text
    assert fresh_case(case).lead_worker_id is None and only_views(audit_rows())


def test_assigning_is_for_leads_and_managers_of_the_authority(
        case, practitioner, outsider, admin_member, dpo, client_for):
    body = {"lead_worker": practitioner.user_id}
    assert client_for(outsider).get(url("assign", case)).status_code == 404
    assert client_for(outsider).post(url("assign", case), body).status_code == 404
    for member in (admin_member, dpo, practitioner):
        assert client_for(member).post(url("assign", case), body).status_code == 403
    assert fresh_case(case).lead_worker_id is None


# --- Starting a stage -------------------------------------------------------------------------------------------

def test_the_lead_worker_starts_the_assessment_then_the_support_plan(case, practitioner, lead, client_for):
    case = assigned(case, lead, practitioner)
    client = client_for(practitioner)
    text = followed(client, client.post(url("status", case), {"to": "assessment"}))
    assert "The assessment has started." in text and "Start the support plan" in text
    assert fresh_case(case).status == CaseStatus.ASSESSMENT
    # No assessment yet: the case page says so, as a conflict, and nothing changes.
    response = client.post(url("status", case), {"to": "support"})
    assert response.status_code == 409
    assert "Record an assessment before starting the support plan." in response.text
    assert fresh_case(case).status == CaseStatus.ASSESSMENT
    assess(case, practitioner)
    text = followed(client, client.post(url("status", case), {"to": "support"}))
    assert "The support plan has started." in text and "Scheduled review, due" in text
    text = followed(client, client.post(url("status", case), {"to": "review"}))
    assert "The review has started." in text
    assert fresh_case(case).status == CaseStatus.REVIEW


def test_starting_a_stage_is_refused_for_an_unknown_stage_a_wrong_move_and_the_wrong_people(
        case, practitioner, lead, home, outsider, admin_member, dpo, client_for):
    client = client_for(lead)
    response = client.post(url("status", case), {"to": "closed"})
    assert response.status_code == 400 and "Choose what to start" in response.text
    response = client.post(url("status", case), {"to": "review"})
    assert response.status_code == 409 and "This case is open, so it cannot be moved to review." in response.text
    other = make_member(home, Role.PRACTITIONER, "olly.other")
    assert client_for(other).post(url("status", case), {"to": "assessment"}).status_code == 404
    assert client_for(outsider).post(url("status", case), {"to": "assessment"}).status_code == 404
    for member in (admin_member, dpo):
        assert client_for(member).post(url("status", case), {"to": "assessment"}).status_code == 403
    assert client.get(url("status", case)).status_code == 405
    assert fresh_case(case).status == CaseStatus.OPEN


# --- Restriction and named access -------------------------------------------------------------------------------

def test_a_lead_restricts_a_case_and_manages_who_has_access(case, practitioner, lead, manager, client_for):
    client = client_for(lead)
    response = client.post(url("restrict", case), {"restricted": "yes", "reason": ""})
    assert response.status_code == 400
    assert error("id_reason", "Say why the case needs to be restricted") in response.text
    assert not fresh_case(case).restricted

    response = client.post(url("restrict", case), {"restricted": "yes", "reason": "Related to a member of staff."})
    assert response.url == url("access", case)
    text = client.get(response.url).text
    assert "The case is now restricted." in text and f"{lead.user} (you)" in text
    assert client_for(practitioner).get(url("detail", case)).status_code == 404
    assert client_for(manager).get(url("detail", case)).status_code == 403  # the break-glass page

    text = followed(client, client.post(url("access", case), {"user": practitioner.user_id}))
    assert "They can now see this case." in text
    assert client_for(practitioner).get(url("detail", case)).status_code == 200
    text = followed(client, client.post(url("access", case), {"remove": practitioner.user_id}))
    assert "Their access has been removed." in text
    assert client_for(practitioner).get(url("detail", case)).status_code == 404

    response = client.post(url("access", case), {"user": "nobody"})
    assert response.status_code == 400
    assert error("id_user", "Choose a practitioner, safeguarding lead or manager in your authority") in response.text

    text = followed(client, client.post(url("restrict", case), {"restricted": "no", "reason": "No longer needed."}))
    assert "The case is no longer restricted." in text
    assert client_for(manager).get(url("detail", case)).status_code == 200


def test_restriction_is_for_leads_and_managers_of_the_authority(
        case, practitioner, lead, outsider, admin_member, dpo, client_for):
    assigned(case, lead, practitioner)
    body = {"restricted": "yes", "reason": "Related to a member of staff."}
    for member in (practitioner, admin_member, dpo):
        assert client_for(member).post(url("restrict", case), body).status_code == 403
        assert client_for(member).get(url("access", case)).status_code == 403
    assert client_for(outsider).post(url("restrict", case), body).status_code == 404
    assert client_for(outsider).get(url("access", case)).status_code == 404
    assert not fresh_case(case).restricted


# --- Reviews ----------------------------------------------------------------------------------------------------

def test_the_lead_worker_records_a_review(case, practitioner, lead, client_for, audit_rows):
    case = in_support(case, lead, practitioner)
    review = pending_review(case)
    client = client_for(practitioner)
    page = client.get(url("detail", case)).text
    assert url("review", case, review.pk) in page and "Record this review" in page
    response = client.get(url("review", case, review.pk))
    assert response.status_code == 200 and "Continue the support plan" in response.text
    seen = len(audit_rows())
    held = today()
    response = client.post(url("review", case, review.pk), {
        "held_on_day": held.day, "held_on_month": held.month, "held_on_year": held.year,
        "summary": "Attending school; mentoring going well.", "outcome": "continue"})
    assert "The support plan continues and the next review is booked." in followed(client, response)
    with scopes_disabled():
        review.refresh_from_db()
    assert (review.held_on, review.outcome) == (held, "continue")
    assert ("cases.review.recorded", "pat.practitioner") in audit_rows()[seen:]
    assert pending_review(case).due_on > held


def test_a_review_with_mistakes_shows_each_next_to_its_field_and_saves_nothing(
        case, practitioner, lead, client_for, audit_rows):
    case = in_support(case, lead, practitioner)
    review = pending_review(case)
    seen = len(audit_rows())
    tomorrow = today() + dt.timedelta(days=1)
    client = client_for(practitioner)
    response = client.post(url("review", case, review.pk), {
        "held_on_day": tomorrow.day, "held_on_month": tomorrow.month, "held_on_year": tomorrow.year,
        "summary": " ", "outcome": "reopen"})
    assert response.status_code == 400
    for field, message in (("id_held_on", "Enter a date that is not in the future"),
                           ("id_summary", "Enter what the review found"), ("id_outcome", "Choose what happens next")):
        assert error(field, message) in response.text, message
    response = client.post(url("review", case, review.pk), {
        "held_on_day": "31", "held_on_month": "2", "held_on_year": "2026", "summary": "", "outcome": ""})
    assert response.status_code == 400
    assert error("id_held_on", "When was the review held? must be a real date") in response.text
    assert "Enter the date the review was held" not in response.text
    assert error("id_summary", "Enter what the review found") in response.text
    with scopes_disabled():
        review.refresh_from_db()
    assert review.held_on is None and only_views(audit_rows()[seen:])


def test_reviews_are_refused_to_the_wrong_people(case, practitioner, lead, home, outsider, admin_member, dpo,
                                                 client_for):
    case = in_support(case, lead, practitioner)
    review = pending_review(case)
    other = make_member(home, Role.PRACTITIONER, "olly.other")
    assert client_for(other).get(url("review", case, review.pk)).status_code == 404
    assert client_for(outsider).get(url("review", case, review.pk)).status_code == 404
    for member in (admin_member, dpo):
        assert client_for(member).get(url("review", case, review.pk)).status_code == 403
    assert client_for(lead).get(url("review", case, 999999)).status_code == 404


# --- Closure ----------------------------------------------------------------------------------------------------

def test_closing_with_open_interventions_lists_them_and_saves_nothing(case, practitioner, lead, client_for):
    case = assigned(case, lead, practitioner)
    assess(case, practitioner)
    started = today() - dt.timedelta(days=14)
    add_intervention(case, practitioner, start_on=started)
    add_intervention(case, practitioner, kind="family_support", provider="Testtown Family Hub", start_on=started)
    client = client_for(practitioner)
    page = client.get(url("close", case))
    assert page.status_code == 200 and "The case cannot close while these interventions are still open." in page.text
    response = client.post(url("close", case), {"reason": "vulnerability_reduced", "summary": "Doing well."})
    assert response.status_code == 400
    when = f"{started.day} {started:%B %Y}"
    assert ("End these interventions first: Mentoring (including ideological mentoring) by Example Mentoring Ltd "
            f"(started {when}); Family support by Testtown Family Hub (started {when})") in response.text
    with scopes_disabled():
        assert not Closure.objects.exists()


def test_a_closure_with_mistakes_shows_them_next_to_the_fields(case, practitioner, lead, client_for, audit_rows):
    case = assigned(case, lead, practitioner)
    seen = len(audit_rows())
    response = client_for(practitioner).post(url("close", case), {"reason": "bored", "summary": ""})
    assert response.status_code == 400
    assert error("id_reason", "Choose why the case can close") in response.text
    assert error("id_summary", "Enter a summary of the work and why the case can close") in response.text
    with scopes_disabled():
        assert not Closure.objects.exists()
    assert only_views(audit_rows()[seen:])


def test_the_lead_worker_proposes_closure_and_a_lead_approves_it(
        case, practitioner, lead, client_for, audit_rows):
    case = assigned(case, lead, practitioner)
    worker = client_for(practitioner)
    text = followed(worker, worker.post(url("close", case), {"reason": "vulnerability_reduced",
                                                              "summary": "Mentoring finished; no concerns now."}))
    assert "Closing the case has been proposed." in text and "Closure waiting for approval" in text
    closure = _closure(case)
    assert worker.get(url("closure_decide", case, closure.pk)).status_code == 403  # practitioners do not decide

    client = client_for(lead)
    assert "Approve or decline the closure" in client.get(url("detail", case)).text
    response = client.post(url("closure_decide", case, closure.pk), {"decision": "decline", "note": ""})
    assert response.status_code == 400
    assert error("id_note", "Say what still has to happen before the case can close") in response.text
    response = client.post(url("closure_decide", case, closure.pk), {"decision": "", "note": ""})
    assert error("id_decision", "Choose whether you approve closing the case") in response.text
    assert _closure(case).status == ClosureStatus.PROPOSED

    seen = len(audit_rows())
    text = followed(client, client.post(url("closure_decide", case, closure.pk), {"decision": "approve"}))
    assert "The case is closed." in text and "First review after closure" in text
    case = fresh_case(case)
    assert case.status == CaseStatus.CLOSED
    assert audit_rows()[seen:][0][0] == "cases.case.closed"
    # After closure the lead worker still records the reviews, but cannot propose closing or add work.
    page = worker.get(url("detail", case)).text
    assert "Record this review" in page and "Propose closing the case" not in page
    assert worker.get(url("close", case)).url == url("detail", case)
    response = worker.post(url("status", case), {"to": "assessment"})
    assert response.status_code == 409 and "This case is closed, so it cannot be moved to assessment." in response.text


def _closure(case) -> Closure:
    with scopes_disabled():
        return Closure.objects.get(case_id=case.pk)


def test_the_proposer_cannot_approve_their_own_closure(case, lead, manager, client_for):
    act(lead, closure_propose, case=case, reason="moved_away", summary="The family moved away.")
    closure = _closure(case)
    client = client_for(lead)
    response = client.get(url("closure_decide", case, closure.pk))
    assert response.status_code == 200
    assert "You proposed this closure, so another safeguarding lead or manager must decide it." in response.text
    response = client.post(url("closure_decide", case, closure.pk), {"decision": "approve"})
    assert response.status_code == 403
    assert _closure(case).status == ClosureStatus.PROPOSED
    other = client_for(manager)
    text = followed(other, other.post(url("closure_decide", case, closure.pk),
                                      {"decision": "decline", "note": "Check the new address first."}))
    assert "The closure was not approved. The case stays open." in text and "Check the new address first." in text


def test_closure_pages_refuse_the_wrong_people(case, practitioner, lead, outsider, admin_member, dpo, client_for):
    act(lead, closure_propose, case=case, reason="moved_away", summary="The family moved away.")
    closure = _closure(case)
    for member in (admin_member, dpo):
        assert client_for(member).get(url("close", case)).status_code == 403
        assert client_for(member).post(url("closure_decide", case, closure.pk),
                                       {"decision": "approve"}).status_code == 403
    assert client_for(outsider).get(url("close", case)).status_code == 404
    assert client_for(outsider).post(url("closure_decide", case, closure.pk),
                                     {"decision": "approve"}).status_code == 404
    assert client_for(practitioner).get(url("close", case)).status_code == 404  # not their case
    assert _closure(case).status == ClosureStatus.PROPOSED


# --- Reopening --------------------------------------------------------------------------------------------------

def test_a_lead_reopens_a_closed_case_with_a_reason(case, practitioner, lead, manager, client_for):
    case = closed(case, lead, practitioner, manager)
    client = client_for(lead)
    assert "Reopen the case" in client.get(url("detail", case)).text
    response = client.post(url("reopen", case), {"reason": ""})
    assert response.status_code == 400
    assert error("id_reason", "Say why the case needs to reopen") in response.text
    assert fresh_case(case).status == CaseStatus.CLOSED
    text = followed(client, client.post(url("reopen", case), {"reason": "A new concern from the school."}))
    assert f"Case {case.reference} has been reopened." in text
    case = fresh_case(case)
    assert (case.status, case.times_reopened) == (CaseStatus.OPEN, 1)
    with scopes_disabled():
        assert not Review.objects.filter(case_id=case.pk, kind=ReviewKind.POST_CLOSURE_FIRST, cancelled=False,
                                         held_on__isnull=True).exists()


def test_reopening_is_for_leads_and_managers_of_the_authority(
        case, practitioner, lead, manager, outsider, admin_member, dpo, client_for):
    case = closed(case, lead, practitioner, manager)
    body = {"reason": "A new concern from the school."}
    for member in (practitioner, admin_member, dpo):
        assert client_for(member).post(url("reopen", case), body).status_code == 403
    assert client_for(outsider).post(url("reopen", case), body).status_code == 404
    assert fresh_case(case).status == CaseStatus.CLOSED


def test_reopening_an_open_case_goes_back_to_it_with_the_reason(case, lead, client_for):
    client = client_for(lead)
    response = client.get(url("reopen", case))
    assert response.url == url("detail", case)
    assert "This case is not closed, so it cannot be reopened." in client.get(response.url).text


def test_restricting_keeps_the_lead_worker_in(case, practitioner, lead, client_for):
    case = assigned(case, lead, practitioner)
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    assert client_for(practitioner).get(url("detail", case)).status_code == 200
