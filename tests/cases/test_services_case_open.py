"""case_open_from_referral, reached through a decision whose pathway opens a case."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from cases import handlers
from cases.models import Case, CaseTransition
from cases.permissions import case_visible_to
from cases.services import case_open_from_referral
from core.exceptions import InvalidTransition, PermissionDenied
from core.tenancy import authority_scope
from referrals.models import Referral, ReferralStatus
from referrals.services import referral_decide
from tests.referrals.conftest import fresh, submitted

pytestmark = pytest.mark.django_db


def decide(referral, membership, pathway):
    with authority_scope(membership.authority_id):
        return referral_decide(referral=referral, actor_membership=membership, pathway_code=pathway,
                               rationale="The agreed threshold for this pathway is met.")


def test_a_child_in_need_decision_opens_a_case_for_the_childrens_team(agreement, practitioner, lead, teams,
                                                                       audit_rows):
    referral = decide(submitted(practitioner), lead, "child_in_need")
    with scopes_disabled():
        case = Case.objects.get(referral=referral)
        [opening] = CaseTransition.objects.filter(case=case)
    assert case.reference == f"TST-C-{referral.decided_at.year}-000001"
    assert (case.team, case.status, case.opened_by, case.lead_worker) == (teams["children"], "open", lead.user, None)
    assert case.consensus_version_id == referral.decision_version_id == agreement.pk
    assert (opening.from_status, opening.to_status, opening.actor) == ("", "open", lead.user)
    assert audit_rows()[-2:] == [("referrals.referral.decided", "lee.lead"), ("cases.case.opened", "lee.lead")]


def test_an_adult_safeguarding_decision_opens_a_case_for_the_adults_team(agreement, practitioner, lead, teams):
    referral = decide(submitted(practitioner, date_of_birth=dt.date(1975, 2, 3)), lead, "adult_safeguarding")
    with scopes_disabled():
        assert Case.objects.get(referral=referral).team == teams["adults"]


def test_opening_again_returns_the_same_case(agreement, practitioner, lead):
    referral = decide(submitted(practitioner), lead, "channel")
    with authority_scope(lead.authority_id):
        again = case_open_from_referral(referral=fresh(referral), actor_membership=lead)
    with scopes_disabled():
        assert Case.objects.get().pk == again.pk


def test_a_pathway_that_opens_no_case_cannot_open_one(agreement, practitioner, lead):
    referral = decide(submitted(practitioner), lead, "early_help")
    with authority_scope(lead.authority_id), pytest.raises(InvalidTransition):
        case_open_from_referral(referral=fresh(referral), actor_membership=lead)


def test_wrong_role_and_other_authority_are_refused(agreement, practitioner, lead, outsider):
    referral = decide(submitted(practitioner), lead, "early_help")
    with authority_scope(practitioner.authority_id), pytest.raises(PermissionDenied):
        case_open_from_referral(referral=fresh(referral), actor_membership=practitioner)
    with authority_scope(outsider.authority_id), pytest.raises(Referral.DoesNotExist):
        case_open_from_referral(referral=fresh(referral), actor_membership=outsider)


def test_if_the_case_cannot_be_opened_the_decision_is_rolled_back(agreement, practitioner, lead, monkeypatch,
                                                                   audit_rows):
    referral = submitted(practitioner)
    written = len(audit_rows())

    def broken(**kwargs):
        raise RuntimeError("cases unavailable")

    monkeypatch.setattr(handlers, "case_open_from_referral", broken)
    with pytest.raises(RuntimeError):
        decide(referral, lead, "channel")
    assert fresh(referral).status == ReferralStatus.SUBMITTED
    assert len(audit_rows()) == written


def test_leads_see_every_case_practitioners_only_their_own(agreement, practitioner, lead, admin_member):
    decide(submitted(practitioner), lead, "channel")
    with authority_scope(lead.authority_id):
        assert case_visible_to(lead).count() == 1
        assert case_visible_to(practitioner).count() == 0
        assert case_visible_to(admin_member).count() == 0
