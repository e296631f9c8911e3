"""Closing and reopening: closure_propose, closure_decide and case_reopen."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from accounts.roles import Role
from audit.models import AuditEvent
from cases.models import Case, CaseStatus, CaseTransition, Closure, InterventionStatus
from cases.services import case_reopen, closure_decide, closure_propose
from cases.services._common import local_date, today
from consensus.working_days import add_working_days
from core.exceptions import FieldErrors, InvalidTransition, PermissionDenied
from tests.cases.conftest import fresh_case
from tests.cases.steps import act, add_intervention, close, in_support, propose, reviews_of, timescales_of
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db
S = CaseStatus
SUMMARY = "Mentoring completed; the school reports no further concerns."


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def decide(closure, by, approve=True, note=""):
    return act(by, closure_decide, closure=closure, approve=approve, note=note)


def test_the_lead_worker_proposes_and_a_lead_approves(case, lead, practitioner, audit_rows):
    case = in_support(case, lead, practitioner)
    written = len(audit_rows())
    closure = propose(case, practitioner)
    assert (closure.status, closure.proposed_by_id, closure.reason, closure.summary) == (
        "proposed", practitioner.user_id, "vulnerability_reduced", SUMMARY)
    assert fresh_case(case).status == S.SUPPORT
    decided = decide(closure, lead, note="Agreed: the plan is complete.")
    case = fresh_case(case)
    assert (decided.status, decided.decided_by_id, decided.decision_note) == (
        "approved", lead.user_id, "Agreed: the plan is complete.")
    assert (case.status, case.closure_reason, case.next_review_on) == (S.CLOSED, "vulnerability_reduced", None)
    assert case.closed_at == decided.decided_at
    with scopes_disabled():
        last = CaseTransition.objects.filter(case_id=case.pk).last()
        event = AuditEvent.objects.get(action="cases.case.closed")
    assert (last.from_status, last.to_status, last.actor_id) == ("support", "closed", lead.user_id)
    assert event.data["closure_id"] == closure.pk and event.data["proposed_by_id"] == practitioner.user_id
    assert audit_rows()[written:] == [
        ("cases.closure.proposed", "pat.practitioner"),
        ("cases.case.closed", "lee.lead"),
        ("cases.review.cancelled", "lee.lead"),
        ("cases.review.scheduled", "lee.lead"),
        ("cases.review.scheduled", "lee.lead"),
    ]
    assert [row[0] for row in reviews_of(case) if not row[2]] == ["post_closure_first", "post_closure_second"]


def test_an_open_case_can_close_without_support(case, lead, manager):
    case = close(case, lead, manager)
    assert case.status == S.CLOSED and len(reviews_of(case)) == 2


def test_closing_is_refused_while_interventions_are_open_and_each_is_named(case, lead, practitioner, audit_rows):
    case = in_support(case, lead, practitioner)
    started = today() - dt.timedelta(days=30)
    starts = today() + dt.timedelta(days=10)
    add_intervention(case, lead, start_on=started)
    add_intervention(case, lead, status=InterventionStatus.PLANNED, start_on=starts, kind="family_support",
                     provider="Testtown Family Service")
    add_intervention(case, lead, status=InterventionStatus.ENDED, outcome="achieved", provider="Done Ltd",
                     start_on=started)
    written = len(audit_rows())
    with pytest.raises(FieldErrors) as refused:
        act(practitioner, closure_propose, case=case, reason="other", summary="")
    assert refused.value.errors == {
        "summary": ["Enter a summary of the work and why the case can close"],
        "interventions": [
            f"End these interventions first: Mentoring (including ideological mentoring) by Example Mentoring Ltd "
            f"(started {long_date(started)}); Family support by Testtown Family Service (starts {long_date(starts)})"],
    }
    with scopes_disabled():
        assert not Closure.objects.exists()
    assert len(audit_rows()) == written


def test_approval_checks_the_interventions_again(case, lead, manager, practitioner, audit_rows):
    case = in_support(case, lead, practitioner)
    closure = propose(case, practitioner)
    add_intervention(case, lead, start_on=today())
    written = len(audit_rows())
    with pytest.raises(FieldErrors) as refused:
        decide(closure, manager)
    assert list(refused.value.errors) == ["interventions"]
    assert "Example Mentoring Ltd" in refused.value.errors["interventions"][0]
    assert fresh_case(case).status == S.SUPPORT and len(audit_rows()) == written
    with scopes_disabled():
        assert Closure.objects.get().status == "proposed"
    decide(closure, manager, approve=False, note="End the mentoring first.")  # declining needs no check


def test_the_proposer_cannot_decide_their_own_proposal(case, lead, manager):
    closure = propose(case, lead)
    for approve in (True, False):
        with pytest.raises(PermissionDenied, match="You proposed this closure"):
            decide(closure, lead, approve=approve, note="Not needed.")
    decide(closure, manager)
    assert fresh_case(case).status == S.CLOSED


def test_a_practitioner_cannot_approve(case, lead, practitioner, home):
    other = make_member(home, Role.PRACTITIONER, "cal.colleague")
    case = in_support(case, lead, practitioner)
    closure = propose(case, lead)
    with pytest.raises(PermissionDenied):
        decide(closure, practitioner)
    with pytest.raises(Case.DoesNotExist):
        decide(closure, other)
    assert fresh_case(case).status == S.SUPPORT


def test_declining_needs_a_note_and_leaves_the_case_as_it_was(case, lead, manager, audit_rows):
    case = in_support(case, lead)
    closure = propose(case, lead)
    with pytest.raises(FieldErrors) as refused:
        decide(closure, manager, approve=False)
    assert refused.value.errors == {"note": ["Say what still has to happen before the case can close"]}
    declined = decide(closure, manager, approve=False, note="The family support must finish first.")
    assert (declined.status, declined.decided_by_id) == ("declined", manager.user_id)
    assert fresh_case(case).status == S.SUPPORT and fresh_case(case).next_review_on is not None
    assert audit_rows()[-1] == ("cases.closure.declined", "max.manager")
    with pytest.raises(InvalidTransition, match="decided already"):
        decide(closure, manager)
    assert propose(case, lead).status == "proposed"  # a new proposal after a refusal


def test_one_proposal_at_a_time_and_none_on_a_closed_case(case, lead, manager):
    propose(case, lead)
    with pytest.raises(InvalidTransition, match="waiting for approval already"):
        propose(case, manager)
    with scopes_disabled():
        closure = Closure.objects.get()
    decide(closure, manager)
    with pytest.raises(InvalidTransition, match="closed already"):
        propose(case, manager)


def test_a_proposal_needs_a_listed_reason_and_a_summary(case, lead, audit_rows):
    with pytest.raises(FieldErrors) as refused:
        act(lead, closure_propose, case=case, reason="bored", summary="   ")
    assert refused.value.errors == {"reason": ["Choose why the case can close"],
                                    "summary": ["Enter a summary of the work and why the case can close"]}
    assert audit_rows() == []


def test_wrong_role_and_other_authority_cannot_propose_or_decide(case, lead, admin_member, dpo, outsider,
                                                                 audit_rows):
    for someone in (admin_member, dpo, outsider):
        with pytest.raises(Case.DoesNotExist):
            act(someone, closure_propose, case=case, reason="other", summary=SUMMARY)
    closure = propose(case, lead)
    for someone in (admin_member, dpo, outsider):
        with pytest.raises(Case.DoesNotExist):
            decide(closure, someone)
    assert fresh_case(case).status == S.OPEN and audit_rows() == [("cases.closure.proposed", "lee.lead")]


def test_a_lead_reopens_a_closed_case_with_a_reason(case, lead, manager, audit_rows):
    case = close(in_support(case, lead), lead, manager)
    written = len(audit_rows())
    with pytest.raises(FieldErrors) as refused:
        act(manager, case_reopen, case=case, reason=" ")
    assert refused.value.errors == {"reason": ["Say why the case needs to reopen"]}
    act(manager, case_reopen, case=case, reason="A new referral about the same concern.")
    case = fresh_case(case)
    days = timescales_of(case).assessment_working_days
    assert (case.status, case.times_reopened, case.closed_at, case.closure_reason) == (S.OPEN, 1, None, "")
    assert case.assessment_due_on == local_date(add_working_days(case.updated_at, days))
    assert [row[2] for row in reviews_of(case) if row[0] != "scheduled"] == [True, True]
    with scopes_disabled():
        last = CaseTransition.objects.filter(case_id=case.pk).last()
    assert (last.from_status, last.to_status, last.reason) == ("closed", "open",
                                                               "A new referral about the same concern.")
    assert audit_rows()[written:] == [("cases.case.reopened", "max.manager"),
                                      ("cases.review.cancelled", "max.manager"),
                                      ("cases.review.cancelled", "max.manager")]
    close(case, lead, manager)  # and it can close again, with two new reviews after closure
    assert sorted(row[2] for row in reviews_of(case) if row[0] != "scheduled") == [False, False, True, True]


def test_only_a_closed_case_reopens_and_only_by_a_lead_or_manager(case, lead, manager, practitioner, admin_member,
                                                                 dpo, outsider):
    case = in_support(case, lead, practitioner)
    with pytest.raises(InvalidTransition, match="in support, so it cannot be reopened"):
        act(lead, case_reopen, case=case, reason="Concerns again.")
    case = close(case, lead, manager)
    with pytest.raises(PermissionDenied):
        act(practitioner, case_reopen, case=case, reason="Concerns again.")
    for someone in (admin_member, dpo, outsider):
        with pytest.raises(Case.DoesNotExist):
            act(someone, case_reopen, case=case, reason="Concerns again.")
    assert fresh_case(case).status == S.CLOSED
