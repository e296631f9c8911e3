"""The lifecycle as data (cases.transitions) and the moves a worker asks for: case_start_assessment,
case_start_support, case_start_review; and the assessment due date set at opening."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from cases import transitions
from cases.models import Case, CaseStatus, CaseTransition, Review
from cases.services import case_start_assessment, case_start_review, case_start_support
from cases.services._common import local_date, today
from consensus.working_days import add_working_days
from core.exceptions import InvalidTransition, PermissionDenied
from tests.cases.conftest import fresh_case
from tests.cases.steps import act, add_assessment, assign, close, in_support, timescales_of

pytestmark = pytest.mark.django_db
S = CaseStatus

ALLOWED = {
    (S.OPEN, S.ASSESSMENT), (S.OPEN, S.CLOSED),
    (S.ASSESSMENT, S.SUPPORT), (S.ASSESSMENT, S.CLOSED),
    (S.SUPPORT, S.REVIEW), (S.SUPPORT, S.CLOSED),
    (S.REVIEW, S.SUPPORT), (S.REVIEW, S.ASSESSMENT), (S.REVIEW, S.CLOSED),
    (S.CLOSED, S.OPEN),
}


def steps(case) -> list[tuple[str, str]]:
    with scopes_disabled():
        return list(CaseTransition.objects.filter(case_id=case.pk).values_list("from_status", "to_status"))


@pytest.mark.parametrize("source", S.values)
@pytest.mark.parametrize("target", S.values)
def test_the_table_allows_exactly_the_agreed_moves(source, target):
    if (source, target) in ALLOWED:
        assert transitions.transition_for(source, target).audit_action.startswith("cases.case.")
    else:
        with pytest.raises(InvalidTransition) as refused:
            transitions.transition_for(source, target)
        assert refused.value.status_code == 409


def test_an_illegal_move_says_plainly_why():
    with pytest.raises(InvalidTransition, match=r"^This case is in support, so it cannot be reopened\.$"):
        transitions.transition_for(S.SUPPORT, S.OPEN)
    with pytest.raises(InvalidTransition, match=r"^This case is open, so it cannot be moved to support\.$"):
        transitions.transition_for(S.OPEN, S.SUPPORT)


def test_opening_sets_the_assessment_due_date_from_the_agreement(case):
    days = timescales_of(case).assessment_working_days
    assert case.assessment_due_on == local_date(add_working_days(case.opened_at, days))
    assert case.assessment_due_on > local_date(case.opened_at)


def test_the_whole_path_open_assessment_support_review(case, lead, practitioner, audit_rows):
    case = assign(case, lead, practitioner)
    act(practitioner, case_start_assessment, case=case)
    assert fresh_case(case).status == S.ASSESSMENT
    add_assessment(case, practitioner)
    act(practitioner, case_start_support, case=case)
    case = fresh_case(case)
    due = today() + dt.timedelta(weeks=timescales_of(case).review_interval_weeks)
    assert (case.status, case.next_review_on) == (S.SUPPORT, due)
    act(practitioner, case_start_review, case=case)
    assert fresh_case(case).status == S.REVIEW
    assert steps(case) == [("", "open"), ("open", "assessment"), ("assessment", "support"), ("support", "review")]
    with scopes_disabled():
        assert list(CaseTransition.objects.filter(case_id=case.pk).values_list("actor__username", flat=True)) == [
            "lee.lead", "pat.practitioner", "pat.practitioner", "pat.practitioner"]
    assert audit_rows() == [
        ("cases.case.assigned", "lee.lead"),
        ("cases.case.assessment_started", "pat.practitioner"),
        ("cases.case.support_started", "pat.practitioner"),
        ("cases.review.scheduled", "pat.practitioner"),
        ("cases.case.review_started", "pat.practitioner"),
    ]
    with scopes_disabled():
        event = AuditEvent.objects.filter(action="cases.case.support_started").get()
    assert event.data["old"] == {"status": "assessment"} and event.data["new"] == {"status": "support"}
    assert event.data["reference"] == case.reference


def test_starting_what_has_started_changes_nothing(case, lead, audit_rows):
    act(lead, case_start_assessment, case=case)
    written = len(audit_rows())
    again = act(lead, case_start_assessment, case=case)
    assert again.status == S.ASSESSMENT and len(audit_rows()) == written
    assert steps(case) == [("", "open"), ("open", "assessment")]


def test_support_needs_an_assessment(case, lead, audit_rows):
    act(lead, case_start_assessment, case=case)
    written = len(audit_rows())
    with pytest.raises(InvalidTransition, match="Record an assessment before starting the support plan"):
        act(lead, case_start_support, case=case)
    assert fresh_case(case).status == S.ASSESSMENT and len(audit_rows()) == written


@pytest.mark.parametrize(("start", "service"), [
    ("open", case_start_support), ("open", case_start_review), ("assessment", case_start_review),
    ("support", case_start_assessment), ("review", case_start_assessment), ("closed", case_start_assessment),
    ("closed", case_start_support), ("closed", case_start_review), ("review", case_start_support),
])
def test_illegal_moves_are_refused_with_a_conflict(case, lead, manager, start, service, audit_rows):
    if start == "assessment":
        act(lead, case_start_assessment, case=case)
    if start in ("support", "review", "closed"):
        case = in_support(case, lead)
    if start == "review":
        act(lead, case_start_review, case=case)
    if start == "closed":
        case = close(case, lead, manager)
    written = len(audit_rows())
    with pytest.raises(InvalidTransition) as refused:
        act(lead, service, case=case)
    assert refused.value.status_code == 409 and refused.value.message.startswith("This case is ")
    assert fresh_case(case).status == start and len(audit_rows()) == written


def test_starting_a_review_with_none_waiting_books_one_for_today(case, lead):
    case = in_support(case, lead)
    with scopes_disabled():
        Review.objects.filter(case_id=case.pk).update(cancelled=True)
    act(lead, case_start_review, case=case)
    with scopes_disabled():
        waiting = Review.objects.get(case_id=case.pk, cancelled=False)
    assert (waiting.kind, waiting.due_on, fresh_case(case).next_review_on) == ("scheduled", today(), today())


def test_a_backdated_move_is_recorded_at_that_time_and_noted(case, lead):
    at = timezone.now() - dt.timedelta(days=3)
    act(lead, case_start_assessment, case=case, at=at)
    with scopes_disabled():
        row = CaseTransition.objects.get(case_id=case.pk, to_status="assessment")
        event = AuditEvent.objects.filter(action="cases.case.assessment_started").get()
    assert row.at == at and event.data["backdated_to"] == at.isoformat()


def test_the_lead_worker_moves_their_case_but_other_practitioners_cannot_see_it(case, lead, practitioner, home):
    from accounts.roles import Role
    from tests.referrals.conftest import make_member

    other = make_member(home, Role.PRACTITIONER, "olly.other")
    with pytest.raises(Case.DoesNotExist):
        act(practitioner, case_start_assessment, case=case)
    assign(case, lead, practitioner)
    with pytest.raises(Case.DoesNotExist):
        act(other, case_start_assessment, case=case)
    assert act(practitioner, case_start_assessment, case=case).status == S.ASSESSMENT


def test_wrong_role_and_other_authority_cannot_move_a_case(case, admin_member, dpo, outsider, audit_rows):
    for someone in (admin_member, dpo, outsider):
        with pytest.raises(Case.DoesNotExist):
            act(someone, case_start_assessment, case=case)
    assert fresh_case(case).status == S.OPEN and audit_rows() == []


def test_a_viewer_with_named_access_only_cannot_move_the_case(case, lead, practitioner):
    from cases.services import case_grant_access, case_set_restricted

    act(lead, case_set_restricted, case=case, restricted=True, reason="The person is a relative of a social worker.")
    act(lead, case_grant_access, case=case, user_id=practitioner.user_id)
    with pytest.raises(PermissionDenied):
        act(practitioner, case_start_assessment, case=case)
