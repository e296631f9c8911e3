"""Applications to court (legal_action_record, legal_action_decide) and challenges to interventions
(challenge_record, challenge_respond)."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from cases.models import Case, Challenge, LegalAction
from cases.services import challenge_record, challenge_respond, legal_action_decide, legal_action_record
from cases.services._common import today
from core.exceptions import FieldErrors, InvalidTransition, PermissionDenied
from core.tenancy import authority_scope
from tests.cases.casework import (
    add_intervention,
    assessed_case,
    assign,
    close,
    counts,
    days_ago,
    last_audit,
    restrict_for,
)
from tests.cases.conftest import open_case
from tests.referrals.conftest import fresh

pytestmark = pytest.mark.django_db


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def apply(case, membership, **values):
    values = {"kind": "emergency_protection_order", "applied_on": days_ago(3), **values}
    with authority_scope(membership.authority_id):
        return legal_action_record(case=case, actor_membership=membership, **values)


def decide(legal_action, membership, **values):
    values = {"outcome": "granted", "decided_on": days_ago(1), "court_reasons": "Risk of significant harm.",
              **values}
    with authority_scope(membership.authority_id):
        return legal_action_decide(legal_action=legal_action, actor_membership=membership, **values)


def raise_challenge(case, membership, **values):
    values = {"source": "family", "raised_on": days_ago(5), "disputed": "The mentoring is not needed.", **values}
    with authority_scope(membership.authority_id):
        return challenge_record(case=case, actor_membership=membership, **values)


def respond(challenge, membership, **values):
    values = {"response": "We met the family and explained the plan.", "responded_on": days_ago(2),
              "outcome": "not_upheld", **values}
    with authority_scope(membership.authority_id):
        return challenge_respond(challenge=challenge, actor_membership=membership, **values)


def refused(call, *args, **kwargs) -> dict:
    """The field errors of a refused call, after checking it wrote nothing (no rows, no audit event)."""
    before = counts(LegalAction, Challenge)
    with pytest.raises(FieldErrors) as error:
        call(*args, **kwargs)
    assert counts(LegalAction, Challenge) == before
    return error.value.errors


# Applications to court.

def test_an_application_to_court_waits_for_the_decision(case, lead, audit_rows):
    seen = len(audit_rows())
    action = fresh(apply(case, lead, court="Testtown Family Court", hearing_on=days_ago(-4)))
    assert (action.kind, action.court, action.applied_on, action.hearing_on) == (
        "emergency_protection_order", "Testtown Family Court", days_ago(3), days_ago(-4))
    assert (action.outcome, action.decided_on, action.recorded_by) == ("pending", None, lead.user)
    assert audit_rows()[seen:] == [("cases.legal_action.recorded", "lee.lead")]
    data = last_audit("cases.legal_action.recorded").data
    assert (data["legal_action_id"], data["kind"], data["new"]) == (action.pk, action.kind, {"outcome": "pending"})


@pytest.mark.parametrize("kind", ["child_assessment_order", "care_order", "supervision_order",
                                  "inherent_jurisdiction", "deprivation_of_liberty"])
def test_every_kind_of_application_is_recorded(case, lead, kind):
    assert apply(case, lead, kind=kind).kind == kind


def test_an_application_needs_a_kind_and_sensible_dates(case, lead, audit_rows):
    seen = len(audit_rows())
    assert refused(apply, case, lead, kind="asbo", applied_on=days_ago(-1), court="x" * 201) == {
        "kind": ["Choose the kind of application"], "applied_on": ["Enter a date that is not in the future"],
        "court": ["The court must be 200 characters or fewer"]}
    assert refused(apply, case, lead, hearing_on=days_ago(4)) == {"hearing_on": [
        f"The hearing date must be on or after the date of the application ({long_date(days_ago(3))})"]}
    assert refused(apply, case, lead, applied_on=None, hearing_on="soon") == {
        "applied_on": ["Enter the date of the application"], "hearing_on": ["The hearing date must be a real date"]}
    assert audit_rows()[seen:] == []


def test_the_courts_decision_is_recorded_with_its_reasons(case, lead, audit_rows):
    action = apply(case, lead)
    seen = len(audit_rows())
    decided = fresh(decide(action, lead, outcome="refused", court_reasons="Threshold not met."))
    assert (decided.outcome, decided.decided_on, decided.court_reasons) == ("refused", days_ago(1),
                                                                          "Threshold not met.")
    assert audit_rows()[seen:] == [("cases.legal_action.decided", "lee.lead")]
    data = last_audit("cases.legal_action.decided").data
    assert (data["old"], data["new"]) == ({"outcome": "pending"}, {"outcome": "refused"})
    assert "court_reasons" not in data
    with pytest.raises(InvalidTransition, match="already recorded"):
        decide(action, lead)


def test_a_withdrawn_application_needs_no_reasons(case, lead):
    assert decide(apply(case, lead), lead, outcome="withdrawn", court_reasons="").outcome == "withdrawn"


def test_a_decision_before_the_application_or_without_reasons_is_refused(case, lead, audit_rows):
    action = apply(case, lead)
    seen = len(audit_rows())
    assert refused(decide, action, lead, decided_on=days_ago(4), court_reasons=" ") == {
        "decided_on": [f"The decision date must be on or after the date of the application ({long_date(days_ago(3))})"],
        "court_reasons": ["Enter the court's reasons in brief"]}
    assert refused(decide, action, lead, outcome="pending", decided_on=days_ago(-1)) == {
        "outcome": ["Choose the outcome: granted, refused or withdrawn"],
        "decided_on": ["Enter a date that is not in the future"]}
    assert fresh(action).outcome == "pending" and audit_rows()[seen:] == []


# Challenges.

def test_a_challenge_to_an_intervention_is_recorded_and_answered(case, lead, audit_rows):
    intervention = add_intervention(assessed_case(case, lead), lead)
    seen = len(audit_rows())
    challenge = raise_challenge(case, lead, intervention_id=intervention.pk)
    assert (challenge.source, challenge.raised_on, challenge.intervention_id, challenge.outcome) == (
        "family", days_ago(5), intervention.pk, "open")
    answered = fresh(respond(challenge, lead))
    assert (answered.response, answered.responded_on, answered.outcome) == (
        "We met the family and explained the plan.", days_ago(2), "not_upheld")
    assert audit_rows()[seen:] == [("cases.challenge.recorded", "lee.lead"), ("cases.challenge.answered", "lee.lead")]
    recorded, answered_event = last_audit("cases.challenge.recorded").data, last_audit("cases.challenge.answered").data
    assert (recorded["challenge_id"], recorded["intervention_id"], recorded["source"]) == (
        challenge.pk, intervention.pk, "family")
    assert "disputed" not in recorded and "response" not in answered_event
    assert (answered_event["old"], answered_event["new"]) == ({"outcome": "open"}, {"outcome": "not_upheld"})
    with pytest.raises(InvalidTransition, match="already recorded"):
        respond(challenge, lead, outcome="upheld")


def test_a_community_organisation_must_be_named(case, lead):
    assert refused(raise_challenge, case, lead, source="community") == {
        "organisation": ["Enter the name of the community organisation"]}
    challenge = raise_challenge(case, lead, source="community", organisation=" Testtown Faith Forum ")
    assert challenge.organisation == "Testtown Faith Forum"
    assert raise_challenge(case, lead, source="subject", organisation="Ignored").organisation == ""


def test_a_challenge_needs_a_source_a_date_and_what_was_disputed(case, lead, audit_rows):
    seen = len(audit_rows())
    assert refused(raise_challenge, case, lead, source="press", raised_on=days_ago(-2), disputed="") == {
        "source": ["Choose who raised the challenge: the person, their family or a community organisation"],
        "raised_on": ["Enter a date that is not in the future"], "disputed": ["Enter what was disputed"]}
    assert audit_rows()[seen:] == []


def test_the_intervention_must_belong_to_the_case(case, agreement, practitioner, lead):
    other = assessed_case(open_case(practitioner, lead), lead)
    elsewhere = add_intervention(other, lead)
    for wrong in (elsewhere.pk, 999_999, "abc"):
        assert refused(raise_challenge, case, lead, intervention_id=wrong) == {
            "intervention_id": ["Choose an intervention of this case"]}


def test_the_response_needs_words_a_date_and_a_final_outcome(case, lead, audit_rows):
    challenge = raise_challenge(case, lead)
    seen = len(audit_rows())
    assert refused(respond, challenge, lead, response="", responded_on=days_ago(6), outcome="open") == {
        "response": ["Enter the authority's response"],
        "responded_on": [
            f"The response date must be on or after the date the challenge was raised ({long_date(days_ago(5))})"],
        "outcome": ["Choose the outcome: upheld, partly upheld, not upheld or withdrawn"]}
    assert refused(respond, challenge, lead, responded_on=today() + dt.timedelta(days=1)) == {
        "responded_on": ["Enter a date that is not in the future"]}
    assert fresh(challenge).outcome == "open" and audit_rows()[seen:] == []


# Who may record them.

def test_a_practitioner_records_them_only_with_the_work_on_case_grant(case, practitioner, lead):
    with pytest.raises(Case.DoesNotExist):
        apply(case, practitioner)
    with pytest.raises(Case.DoesNotExist):
        raise_challenge(case, practitioner)
    assign(case, practitioner, lead)
    assert decide(apply(case, practitioner), practitioner).outcome == "granted"
    assert respond(raise_challenge(case, practitioner), practitioner).outcome == "not_upheld"


def test_a_closed_case_takes_no_more(case, lead, manager):
    action, challenge = apply(case, lead), raise_challenge(case, lead)
    close(case, lead, manager)
    for member in (lead, manager):
        for call, target in ((apply, case), (raise_challenge, case), (decide, action), (respond, challenge)):
            with pytest.raises(PermissionDenied):
                call(target, member)


def test_named_access_is_not_enough(case, lead, practitioner):
    action, challenge = apply(case, lead), raise_challenge(case, lead)
    restrict_for(case, practitioner, lead)
    for call, target in ((apply, case), (raise_challenge, case), (decide, action), (respond, challenge)):
        with pytest.raises(PermissionDenied):
            call(target, practitioner)


def test_wrong_roles_and_other_authorities_are_refused(case, lead, admin_member, dpo, outsider, away_agreement,
                                                       audit_rows):
    action, challenge = apply(case, lead), raise_challenge(case, lead)
    seen = len(audit_rows())
    for member in (admin_member, dpo, outsider):
        for call in (apply, raise_challenge):
            with pytest.raises(Case.DoesNotExist):
                call(case, member)
    for member in (admin_member, dpo):
        with pytest.raises(Case.DoesNotExist):
            decide(action, member)
        with pytest.raises(Case.DoesNotExist):
            respond(challenge, member)
    with pytest.raises(LegalAction.DoesNotExist):
        decide(action, outsider)
    with pytest.raises(Challenge.DoesNotExist):
        respond(challenge, outsider)
    assert audit_rows()[seen:] == []
    with scopes_disabled():
        assert (LegalAction.objects.get().outcome, Challenge.objects.get().outcome) == ("pending", "open")
