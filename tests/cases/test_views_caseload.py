"""/cases/: "My caseload" for a practitioner (the cases they lead and what is due) and, for safeguarding leads and
managers, every case they may see with filters, closures waiting for their approval and recent break-glass
access; and the link to it in the navigation and on the home page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.roles import Role
from cases.models import Case, CaseStatus
from cases.services import (
    case_assign,
    case_break_glass,
    case_set_restricted,
    closure_propose,
)
from cases.services._common import today
from core.tenancy import authority_scope
from tests.cases.casework import add_intervention, assess
from tests.cases.conftest import fresh_case, open_case
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db
URL = reverse("cases:caseload")

# Session, user, OTP device and membership (4); the request's savepoint and its release (2); the agreement's lapse
# weeks and the cases with what is due (2); the session's update (3).
CASELOAD_QUERIES = 11
# The same (4 + 2 + 3); teams, the people for the lead worker filter, the count, the lapse weeks and the page of
# cases (5); closures waiting and recent break-glass access (2).
LIST_QUERIES = 16


def act(membership, service, **kwargs):
    with authority_scope(membership.authority_id):
        return service(actor_membership=membership, **kwargs)


def led_by(worker, lead, **referral) -> Case:
    case = open_case(worker, lead, **referral)
    act(lead, case_assign, case=case, lead_worker_id=worker.user_id)
    return fresh_case(case)


def rows(response) -> int:
    return response.text.count('<tr class="govuk-table__row">') - 1


def test_a_practitioner_sees_only_the_cases_they_lead_with_what_is_due(
        agreement, practitioner, lead, home, client_for):
    mine = led_by(practitioner, lead, first_name="Robin")
    other = make_member(home, Role.PRACTITIONER, "olly.other")
    theirs = led_by(other, lead, first_name="Sasha")
    unallocated = open_case(practitioner, lead, first_name="Taylor")
    response = client_for(practitioner).get(URL)
    assert response.status_code == 200
    text = response.text
    assert '<h1 class="govuk-heading-l">My caseload</h1>' in text
    assert mine.reference in text and "Robin Calloway" in text
    assert f"Assessment due {mine.assessment_due_on:%-d %b %Y}" in text
    for hidden in (theirs.reference, "Sasha", unallocated.reference, "Taylor"):
        assert hidden not in text, hidden
    assert "1 case<" in text


def test_a_reassigned_case_leaves_the_caseload_at_once(agreement, practitioner, lead, home, client_for):
    case = led_by(practitioner, lead)
    client = client_for(practitioner)
    assert case.reference in client.get(URL).text
    other = make_member(home, Role.PRACTITIONER, "olly.other")
    act(lead, case_assign, case=case, lead_worker_id=other.user_id)
    text = client.get(URL).text
    assert case.reference not in text
    assert "You are not the lead worker for any cases." in text
    assert case.reference in client_for(other).get(URL).text


def test_the_caseload_flags_lapsed_interventions_and_closures_waiting(agreement, practitioner, lead, client_for):
    lapsed = led_by(practitioner, lead, first_name="Robin")
    assess(lapsed, practitioner)
    add_intervention(lapsed, practitioner, start_on=today() - dt.timedelta(weeks=10))
    closing = led_by(practitioner, lead, first_name="Sasha")
    act(practitioner, closure_propose, case=closing, reason="vulnerability_reduced",
        summary="Mentoring finished; school reports no concerns.")
    text = client_for(practitioner).get(URL).text
    assert "1 intervention lapsed" in text
    assert "Closure waiting for approval" in text


def test_a_lead_sees_every_case_with_filters(agreement, practitioner, lead, manager, teams, client_for):
    children = led_by(practitioner, lead, first_name="Robin")
    assess(children, practitioner, risk="high")
    unallocated = open_case(practitioner, lead, first_name="Sasha")
    client = client_for(lead)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.text
    assert '<h1 class="govuk-heading-l">Cases</h1>' in text
    assert children.reference in text and unallocated.reference in text and "2 cases<" in text

    def listed(**query):
        page = client.get(URL, query).text
        return {case.reference for case in (children, unallocated) if case.reference in page}

    assert listed(risk="high") == {children.reference}
    assert listed(risk="none") == {unallocated.reference}
    assert listed(lead_worker=practitioner.user_id) == {children.reference}
    assert listed(lead_worker=0) == {unallocated.reference}
    assert listed(status=CaseStatus.ASSESSMENT) == {children.reference}
    assert listed(status=CaseStatus.CLOSED) == set()
    assert listed(team=teams["adults"].pk) == set()
    assert listed(team=teams["children"].pk) == {children.reference, unallocated.reference}
    assert listed(status="nonsense", team="x") == {children.reference, unallocated.reference}


def test_a_lead_sees_closures_waiting_for_them_and_recent_break_glass(
        agreement, practitioner, lead, manager, client_for):
    closing = led_by(practitioner, lead)
    closure = act(practitioner, closure_propose, case=closing, reason="moved_away",
                  summary="The family moved to Leeds.")
    hidden = led_by(practitioner, lead, first_name="Sasha")
    act(lead, case_set_restricted, case=hidden, restricted=True, reason="Related to a member of staff.")
    reason = "Police enquiry about the person this morning."
    act(manager, case_break_glass, case_id=hidden.pk, reason=reason)
    text = client_for(lead).get(URL).text
    assert "Closures waiting for your approval" in text
    assert reverse("cases:closure_decide", args=[closing.pk, closure.pk]) in text
    assert "Break-glass access in the last 7 days" in text
    assert str(manager.user) in text and reason in text and hidden.reference in text
    # The manager who broke glass sees it too, as "You".
    assert ">You<" in client_for(manager).get(URL).text


def test_a_restricted_case_is_listed_only_for_the_people_with_access(
        agreement, practitioner, lead, manager, client_for):
    hidden = led_by(practitioner, lead, first_name="Sasha")
    act(lead, case_set_restricted, case=hidden, restricted=True, reason="Related to a member of staff.")
    assert hidden.reference in client_for(lead).get(URL).text
    assert hidden.reference in client_for(practitioner).get(URL).text
    assert "Sasha" not in client_for(manager).get(URL).text


def test_wrong_roles_are_refused_and_other_authorities_see_nothing(
        agreement, practitioner, lead, outsider, admin_member, dpo, client_for):
    case = led_by(practitioner, lead)
    assert client_for(admin_member).get(URL).status_code == 403
    assert client_for(dpo).get(URL).status_code == 403
    response = client_for(outsider).get(URL)
    assert response.status_code == 200
    assert case.reference not in response.text and "Jamie" not in response.text
    assert client_for(lead).post(URL).status_code == 405


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_caseload_runs_a_fixed_number_of_queries(agreement, practitioner, lead, client_for):
    client = client_for(practitioner)
    case = led_by(practitioner, lead)
    assess(case, practitioner)
    add_intervention(case, practitioner, start_on=today() - dt.timedelta(weeks=10))
    assert _queries(client) == CASELOAD_QUERIES
    for _ in range(4):
        led_by(practitioner, lead)
    assert rows(client.get(URL)) == 5
    assert _queries(client) == CASELOAD_QUERIES


def test_the_leads_list_runs_a_fixed_number_of_queries(agreement, practitioner, lead, manager, client_for):
    client = client_for(lead)
    first = led_by(practitioner, lead)
    act(practitioner, closure_propose, case=first, reason="moved_away", summary="Moved away.")
    assert _queries(client) == LIST_QUERIES
    for _ in range(4):
        case = led_by(practitioner, lead)
        act(practitioner, closure_propose, case=case, reason="moved_away", summary="Moved away.")
        act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
        act(manager, case_break_glass, case_id=case.pk, reason="Checking a police enquiry today.")
    assert _queries(client) == LIST_QUERIES
    text = client.get(URL).text
    assert text.count("Checking a police enquiry today.") == 4


def test_the_navigation_and_home_page_link_to_the_cases(agreement, practitioner, lead, admin_member, client_for):
    text = client_for(practitioner).get(reverse("home")).text
    assert f'href="{URL}">My caseload<' in text
    assert f'href="{URL}">See the cases you lead and what is due<' in text
    text = client_for(lead).get(reverse("home")).text
    assert f'href="{URL}">Cases<' in text
    text = client_for(admin_member).get(reverse("home")).text
    assert URL not in text
    with scopes_disabled():
        assert not Case.objects.exists()
