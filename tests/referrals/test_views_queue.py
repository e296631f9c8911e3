"""/referrals/: the screening queue for leads and managers, and "your referrals" for practitioners."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from core.tenancy import authority_scope
from referrals.models import Referral
from referrals.services import referral_assign, referral_decide, referral_start_screening
from tests.referrals.conftest import draft, submitted

pytestmark = pytest.mark.django_db

QUEUE = reverse("referrals:list")
# Session, user, OTP device and membership (4); the teams and the agreement in force for the filters (11); the count,
# the page of referrals and their concern types (3); the request's savepoint (2) and the session's update (3).
LEAD_QUERIES = 23
# For a practitioner: no filters, so no teams or agreement.
PRACTITIONER_QUERIES = 12


def references(response) -> list[str]:
    """The references in the table, top to bottom."""
    return re.findall(r'href="/referrals/\d+/">([A-Z]+-\d{4}-\d{6})</a>', response.text)


def overdue(referral):
    with scopes_disabled():
        Referral.objects.filter(pk=referral.pk).update(decision_due_at=timezone.now() - dt.timedelta(hours=1))


def test_immediate_risk_comes_first_then_the_earliest_due(agreement, practitioner, lead, client_for):
    later = submitted(practitioner)
    urgent = submitted(practitioner, immediate_risk=True)
    late = submitted(practitioner)
    overdue(late)
    response = client_for(lead).get(QUEUE)
    assert response.status_code == 200
    assert references(response) == [urgent.reference, late.reference, later.reference]
    text = response.text
    assert '<strong class="govuk-tag govuk-tag--red thr-tag-stacked thr-nowrap">Immediate risk</strong>' in text
    assert text.count(">Overdue</strong>") == 1
    assert "Children team" in text and "Nobody yet" in text
    assert "Jamie" not in text  # no names in the queue


def test_the_queue_shows_open_referrals_unless_filtered(agreement, practitioner, lead, manager, client_for):
    waiting = submitted(practitioner)
    decided = submitted(practitioner)
    with authority_scope(lead.authority_id):
        referral_decide(referral=decided, actor_membership=lead, pathway_code="no_further_action",
                        rationale="No risk of radicalisation found; advice given.")
    draft(lead)
    client = client_for(lead)
    assert references(client.get(QUEUE)) == [waiting.reference]
    assert references(client.get(QUEUE, {"status": "decided"})) == [decided.reference]
    assert set(references(client.get(QUEUE, {"status": "all"}))) == {waiting.reference, decided.reference}


def test_filters_for_overdue_team_concern_type_and_assigned_to_me(agreement, practitioner, lead, teams, client_for):
    child = submitted(practitioner)
    adult = submitted(practitioner, date_of_birth=dt.date(1980, 5, 5), concern_types=["islamist"])
    mine = submitted(practitioner)
    overdue(adult)
    with authority_scope(lead.authority_id):
        referral_start_screening(referral=mine, actor_membership=lead)
    client = client_for(lead)
    assert references(client.get(QUEUE, {"overdue": "on"})) == [adult.reference]
    assert references(client.get(QUEUE, {"team": teams["adults"].pk})) == [adult.reference]
    assert set(references(client.get(QUEUE, {"team": teams["children"].pk}))) == {child.reference, mine.reference}
    assert references(client.get(QUEUE, {"concern_type": "islamist"})) == [adult.reference]
    assert references(client.get(QUEUE, {"assigned_to_me": "on"})) == [mine.reference]
    assert references(client.get(QUEUE, {"status": "screening"})) == [mine.reference]


def test_nonsense_filters_are_ignored(agreement, practitioner, lead, client_for):
    referral = submitted(practitioner)
    response = client_for(lead).get(QUEUE, {"status": "<b>nope</b>", "team": "x", "page": "99"})
    assert response.status_code == 200
    assert references(response) == [referral.reference]
    assert "<b>nope</b>" not in response.text


def test_practitioners_see_what_they_made_or_were_given_with_status_and_outcome(agreement, practitioner, lead,
                                                                                manager, client_for):
    mine = submitted(practitioner)
    given = submitted(manager)
    submitted(manager)  # someone else's, not given to them
    draft(practitioner)
    with authority_scope(lead.authority_id):
        referral_assign(referral=given, assignee_user_id=practitioner.user_id, actor_membership=lead)
        referral_decide(referral=mine, actor_membership=lead, pathway_code="early_help",
                        rationale="Needs support, no radicalisation risk that needs a case.")
    response = client_for(practitioner).get(QUEUE)
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Your referrals</h1>' in response.text
    assert set(references(response)) == {mine.reference, given.reference}
    assert "Signpost to universal services or early help" in response.text
    assert "Assigned to" not in response.text and 'name="status"' not in response.text


def test_the_list_is_paged(agreement, practitioner, lead, client_for):
    for _ in range(27):
        submitted(practitioner)
    client = client_for(lead)
    first, second = client.get(QUEUE), client.get(QUEUE, {"page": 2})
    assert len(references(first)) == 25 and len(references(second)) == 2
    assert "27 referrals" in first.text and "Page 1 of 2" in first.text


@pytest.mark.parametrize(("persona", "queries"), [("lead", LEAD_QUERIES), ("practitioner", PRACTITIONER_QUERIES)])
def test_the_query_count_stays_the_same_as_the_list_grows(persona, queries, agreement, practitioner, request,
                                                          client_for, django_assert_num_queries):
    client = client_for(request.getfixturevalue(persona))
    submitted(practitioner)
    with django_assert_num_queries(queries):
        assert client.get(QUEUE).status_code == 200
    for number in range(12):
        submitted(practitioner, immediate_risk=number % 3 == 0, concern_types=["islamist", "extreme_right_wing"])
    with django_assert_num_queries(queries):
        assert len(references(client.get(QUEUE))) == 13


def test_queue_checklist(agreement, practitioner, outsider, admin_member, dpo, client_for):
    submitted(practitioner)
    assert client_for(practitioner).post(QUEUE).status_code == 405
    assert client_for(admin_member).get(QUEUE).status_code == 403
    assert client_for(dpo).get(QUEUE).status_code == 403
    assert references(client_for(outsider).get(QUEUE)) == []  # another authority's referrals are never listed
