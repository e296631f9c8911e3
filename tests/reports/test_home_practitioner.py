"""The practitioner's home page: their referrals and where each one is, the cases they lead, and what is due this
week; never anyone else's."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.roles import Role
from cases.models import Case, Intervention
from cases.services._common import today
from core.tenancy import authority_scope
from referrals.services import referral_decide
from tests.cases.casework import add_intervention, assess, assign
from tests.cases.conftest import open_case
from tests.referrals.conftest import agreement, draft, make_member, submitted, teams  # noqa: F401

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def led_case(worker, lead, **referral) -> Case:
    case = open_case(worker, lead, **referral)
    assign(case, worker, lead)
    return case


def due_now(case: Case) -> None:
    """The case's assessment falls due today."""
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(assessment_due_on=today())


def lapsed(case: Case, lead) -> None:
    """An intervention on the case (assessed first) with no session for ten weeks."""
    assess(case, lead)
    intervention = add_intervention(case, lead, start_on=today() - dt.timedelta(weeks=12))
    with scopes_disabled():
        Intervention.objects.filter(pk=intervention.pk).update(status="active",
                                                               last_session_on=today() - dt.timedelta(weeks=10))


def test_a_practitioner_sees_their_referrals_caseload_and_what_is_due(agreement, practitioner, lead, home,  # noqa: F811
                                                                     client_for):
    waiting = submitted(practitioner)
    decided = submitted(practitioner, first_name="Robin")
    with authority_scope(lead.authority_id):
        referral_decide(referral=decided, actor_membership=lead, pathway_code="early_help",
                        rationale="Needs support, no radicalisation risk that needs a case.")
    draft(practitioner)
    someone_elses = submitted(lead)
    mine = led_case(practitioner, lead, first_name="Sasha")
    due_now(mine)
    lapsed(mine, lead)
    other = make_member(home, Role.PRACTITIONER, "olly.other")
    theirs = led_case(other, lead, first_name="Taylor")
    due_now(theirs)

    text = client_for(practitioner).get(HOME).text
    assert '<h2 class="govuk-heading-m" id="your-work-heading">Your work</h2>' in text
    assert waiting.reference in text and decided.reference in text and someone_elses.reference not in text
    assert "<strong>1</strong> waiting for a decision" in text
    assert "<strong>2</strong> decided in the last 30 days" in text  # Robin's, and the one that opened Sasha's case
    assert "1 draft not sent yet" in text
    assert "Signpost to universal services or early help" in text
    assert "You are the lead worker for <strong>1</strong> open case" in text
    due = text.split("Due this week")[1].split("Your caseload")[0]
    assert mine.reference in due and theirs.reference not in due
    assert "Assessment" in due and "1 intervention with no recent session" in due
    assert "None for more than 6 weeks" in due and due.count(">Lapsed</strong>") == 1
    assert "Jamie" not in due and "Sasha" not in due  # references only, no names


def test_leads_and_others_have_no_practitioner_section(agreement, lead, manager, admin_member, dpo,  # noqa: F811
                                                       client_for):
    for membership in (lead, manager, admin_member, dpo):
        assert "Your work" not in client_for(membership).get(HOME).text


def test_an_empty_week_says_so(agreement, practitioner, client_for):  # noqa: F811
    text = client_for(practitioner).get(HOME).text
    assert "Nothing is due on your cases by the end of Sunday" in text
    assert "You are not the lead worker for any open cases." in text


def test_the_home_page_query_count_does_not_grow(agreement, practitioner, lead, client_for):  # noqa: F811
    client = client_for(practitioner)
    led_case(practitioner, lead)
    submitted(practitioner)
    client.get(HOME)
    with CaptureQueriesContext(connection) as first:
        client.get(HOME)
    for number in range(3):
        case = led_case(practitioner, lead, first_name=f"Alex{'a' * number}")
        due_now(case)
        lapsed(case, lead)
        submitted(practitioner)
    with CaptureQueriesContext(connection) as second:
        response = client.get(HOME)
    assert response.text.count("with no recent session") == 3
    assert len(first) == len(second)
