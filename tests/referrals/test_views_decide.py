"""Deciding a referral (/referrals/<id>/decide/) and withdrawing one (/referrals/<id>/withdraw/)."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scopes_disabled

from cases.models import Case
from core.tenancy import authority_scope
from referrals.models import ReferralStatus
from referrals.services import referral_decide, referral_withdraw
from tests.referrals.conftest import fresh, submitted
from tests.referrals.test_views_referral import audit_since, screen

pytestmark = pytest.mark.django_db

RATIONALE = "Ideology and intent are present, and Channel support could reduce the risk (radicalisation)."
# Session, user, OTP device and membership (4); the referral and its codes (4); the agreement in force with its
# parts (10); the view's audit event (8); the request's savepoint (2) and the session's update (3).
DECIDE_PAGE_QUERIES = 31


def decide_url(referral):
    return reverse("referrals:decide", args=[referral.pk])


def withdraw_url(referral):
    return reverse("referrals:withdraw", args=[referral.pk])


def decision(**overrides):
    return {"pathway": "channel", "rationale": RATIONALE, "definitions": ["radicalisation"]} | overrides


# --- The decision form --------------------------------------------------------------------------------------------

def test_the_form_offers_the_agreements_pathways_and_definitions(agreement, practitioner, lead, client_for,
                                                                 audit_rows):
    referral = submitted(practitioner)
    written = audit_since(audit_rows)
    response = client_for(lead).get(decide_url(referral))
    assert response.status_code == 200
    text = response.text
    assert "Refer to the police Prevent gateway for Channel consideration" in text
    assert "There is a risk of being drawn into terrorism that support through Channel could reduce. This opens a " \
           "case." in text
    assert f'href="{reverse("consensus:agreement")}#definition-radicalisation"' in text
    assert "version 1 of" in text and 'data-maxlength="5000"' in text
    assert written() == [("referrals.referral.viewed", "lee.lead")]


def test_a_decision_that_opens_a_case_links_to_it(agreement, practitioner, lead, teams, client_for, audit_rows):
    referral = screen(submitted(practitioner), lead)
    client, written = client_for(lead), audit_since(audit_rows)
    response = client.post(decide_url(referral), decision())
    assert response.status_code == 302 and response.url == reverse("referrals:detail", args=[referral.pk])
    referral = fresh(referral)
    with scopes_disabled():
        case = Case.objects.get(referral_id=referral.pk)
        assert [definition.code for definition in referral.definitions_cited.all()] == ["radicalisation"]
    assert (referral.status, referral.pathway.code, referral.rationale) == (ReferralStatus.DECIDED, "channel",
                                                                             RATIONALE)
    assert written() == [("referrals.referral.decided", "lee.lead"), ("cases.case.opened", "lee.lead")]

    page = client.get(response.url).text
    banner = page[page.index("govuk-notification-banner--success"):]
    assert (f'Case <a class="govuk-notification-banner__link" href="{reverse("cases:detail", args=[case.pk])}">'
            f"{case.reference}</a> has been opened.") in banner
    assert "What you can do" not in page  # nothing more to do on a decided referral


def test_a_decision_that_opens_no_case_says_what_was_decided(agreement, practitioner, lead, client_for):
    referral = submitted(practitioner)
    client = client_for(lead)
    response = client.post(decide_url(referral), decision(pathway="no_further_action", definitions=[]))
    assert response.status_code == 302
    assert "Decision recorded: No further action (advice given)." in client.get(response.url).text
    with scopes_disabled():
        assert not Case.objects.exists()


@pytest.mark.parametrize(("data", "field", "message"), [
    (decision(pathway=""), "id_pathway", "Choose a response pathway from your authority's agreement."),
    (decision(pathway="made_up"), "id_pathway", "Choose a response pathway from your authority's agreement."),
    (decision(rationale="Too short"), "id_rationale", "Explain the decision in at least 20 characters."),
    (decision(rationale="x" * 5001), "id_rationale", "The rationale must be 5,000 characters or fewer."),
    (decision(definitions=["made_up"]), "id_definitions", "Not in the agreement in force: made_up."),
])
def test_a_bad_decision_is_refused_next_to_its_field_and_nothing_is_decided(data, field, message, agreement,
                                                                            practitioner, lead, client_for,
                                                                            audit_rows):
    referral = submitted(practitioner)
    written = audit_since(audit_rows)
    response = client_for(lead).post(decide_url(referral), data)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert f'<a href="#{field}">{escape(message)}</a>' in response.text
    assert fresh(referral).status == ReferralStatus.SUBMITTED
    with scopes_disabled():
        assert not Case.objects.exists()
    assert written() == [("referrals.referral.viewed", "lee.lead")]


def test_deciding_after_someone_else_has_is_a_conflict(agreement, practitioner, lead, manager, client_for,
                                                       audit_rows):
    referral = submitted(practitioner)
    client = client_for(lead)
    assert client.get(decide_url(referral)).status_code == 200  # the lead opens the form ...
    with authority_scope(manager.authority_id):  # ... and the manager decides first
        referral_decide(referral=referral, actor_membership=manager, pathway_code="no_further_action",
                        rationale="No risk of radicalisation found; advice given.")
    written = audit_since(audit_rows)
    response = client.post(decide_url(referral), decision())
    assert response.status_code == 409
    assert "Someone else decided this referral a moment ago. Their decision is shown below." in response.text
    assert "No further action (advice given)" in response.text
    assert fresh(referral).pathway.code == "no_further_action"
    assert written() == [("referrals.referral.viewed", "lee.lead")]


def test_opening_the_form_of_a_decided_referral_goes_back_to_it(agreement, practitioner, lead, client_for):
    referral = submitted(practitioner)
    with authority_scope(lead.authority_id):
        referral_decide(referral=referral, actor_membership=lead, pathway_code="no_further_action",
                        rationale="No risk of radicalisation found; advice given.")
    response = client_for(lead).get(decide_url(referral))
    assert response.status_code == 302 and response.url == reverse("referrals:detail", args=[referral.pk])


def test_decide_checklist(agreement, practitioner, lead, outsider, admin_member, client_for):
    referral = submitted(practitioner)
    assert client_for(lead).put(decide_url(referral)).status_code == 405
    assert client_for(practitioner).get(decide_url(referral)).status_code == 403
    assert client_for(practitioner).post(decide_url(referral), decision()).status_code == 403
    assert client_for(admin_member).get(decide_url(referral)).status_code == 403
    assert client_for(outsider).get(decide_url(referral)).status_code == 404
    assert client_for(outsider).post(decide_url(referral), decision()).status_code == 404
    assert client_for(lead).get(reverse("referrals:decide", args=[999999])).status_code == 404
    assert fresh(referral).status == ReferralStatus.SUBMITTED


def test_the_decision_form_runs_a_fixed_number_of_queries(agreement, practitioner, lead, client_for,
                                                          django_assert_num_queries):
    referral = submitted(practitioner)
    client = client_for(lead)
    with django_assert_num_queries(DECIDE_PAGE_QUERIES):
        assert client.get(decide_url(referral)).status_code == 200


# --- Withdrawing ----------------------------------------------------------------------------------------------------

def test_a_lead_withdraws_a_referral_with_a_reason(agreement, practitioner, lead, client_for, audit_rows):
    referral = submitted(practitioner)
    client, written = client_for(lead), audit_since(audit_rows)
    assert client.get(withdraw_url(referral)).status_code == 200
    response = client.post(withdraw_url(referral), {"reason": "Sent twice by the school: see the other one."})
    assert response.status_code == 302
    referral = fresh(referral)
    assert (referral.status, referral.withdrawn_reason) == (ReferralStatus.WITHDRAWN,
                                                            "Sent twice by the school: see the other one.")
    assert written() == [("referrals.referral.withdrawn", "lee.lead")]
    assert "Sent twice by the school" in client.get(response.url).text


def test_withdrawing_needs_a_reason(agreement, practitioner, lead, client_for):
    referral = submitted(practitioner)
    response = client_for(lead).post(withdraw_url(referral), {"reason": " "})
    assert response.status_code == 400
    assert '<a href="#id_reason">Say why the referral is being withdrawn.</a>' in response.text
    assert fresh(referral).status == ReferralStatus.SUBMITTED


def test_withdrawing_a_referral_someone_else_withdrew_is_a_conflict(agreement, practitioner, lead, manager,
                                                                    client_for):
    referral = submitted(practitioner)
    with authority_scope(manager.authority_id):
        referral_decide(referral=referral, actor_membership=manager, pathway_code="no_further_action",
                        rationale="No risk of radicalisation found; advice given.")
    response = client_for(lead).post(withdraw_url(referral), {"reason": "Duplicate."})
    assert response.status_code == 409
    assert "Someone else decided this referral a moment ago." in response.text


def test_withdraw_checklist(agreement, practitioner, lead, outsider, dpo, client_for):
    referral = submitted(practitioner)
    assert client_for(lead).delete(withdraw_url(referral)).status_code == 405
    assert client_for(practitioner).post(withdraw_url(referral), {"reason": "Mine."}).status_code == 403
    assert client_for(dpo).get(withdraw_url(referral)).status_code == 403
    assert client_for(outsider).post(withdraw_url(referral), {"reason": "No."}).status_code == 404
    assert client_for(lead).get(reverse("referrals:withdraw", args=[999999])).status_code == 404
    with authority_scope(lead.authority_id):
        referral_withdraw(referral=referral, actor_membership=lead, reason="Duplicate.")
    response = client_for(lead).get(withdraw_url(referral))
    assert response.status_code == 302  # nothing left to withdraw: back to the referral, with the reason
