"""Reads: caseload_for, case_list_for, closures_awaiting, break_glass_recent (and the small lookups the pages use),
each starting from the policy and running a fixed number of queries however many rows there are."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.roles import Role
from cases.models import Case, Closure, InterventionStatus, Review
from cases.selectors import (
    UNALLOCATED,
    break_glass_recent,
    case_assignable_members,
    case_list_for,
    case_named_access,
    caseload_for,
    closure_get_for_user,
    closures_awaiting,
    review_get_for_user,
)
from cases.services import case_assign, case_break_glass, case_grant_access, case_set_restricted
from cases.services._common import today
from consensus.models import SignOffKind
from consensus.services import (
    consensus_draft_create,
    consensus_timescales_update,
    consensus_version_publish,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
from core.exceptions import PermissionDenied
from core.tenancy import authority_scope
from tests.cases.conftest import fresh_case, open_case
from tests.cases.steps import act, add_intervention, assign, close, in_support, propose
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db
GLASS = "The police have asked about the person today and nobody with access can be reached."


def read(membership, selector, *args, **kwargs) -> list:
    with authority_scope(membership.authority_id):
        return list(selector(membership, *args, **kwargs))


def ids(rows) -> list[int]:
    return [row.pk for row in rows]


def weeks_ago(weeks: int, days: int = 0) -> dt.date:
    return today() - dt.timedelta(weeks=weeks, days=days)


def republish_lapse_weeks(authority, weeks, *, admin, lead, manager):
    with authority_scope(authority.pk):
        draft = consensus_draft_create(actor_membership=admin, summary="Longer before an intervention lapses")
        consensus_timescales_update(version=draft, data={"intervention_lapse_weeks": weeks}, actor_membership=admin)
        consensus_version_submit_for_review(version=draft, actor_membership=admin)
        consensus_version_sign_off(version=draft, kind=SignOffKind.STRATEGIC, actor_membership=manager)
        consensus_version_sign_off(version=draft, kind=SignOffKind.FRONTLINE, actor_membership=lead)
        return consensus_version_publish(version=draft, actor_membership=manager)


@pytest.fixture
def colleague(home, home_team):
    return make_member(home, Role.PRACTITIONER, "cal.colleague", home_team)


def test_the_caseload_shows_what_is_due_on_each_assigned_case(case, lead, practitioner, admin_member, manager):
    case = in_support(case, lead, practitioner)
    [row] = read(practitioner, caseload_for)
    assert row.pk == case.pk
    assert (row.assessment_due_on, row.review_due_on, row.next_review_on) == (
        case.assessment_due_on, case.next_review_on, case.next_review_on)
    assert (row.lapsed_interventions, row.closure_pending) == (0, False)
    propose(case, practitioner)  # interventions added after the proposal: approval checks them again
    add_intervention(case, lead, start_on=weeks_ago(8))  # no session for 8 weeks: lapsed
    add_intervention(case, lead, start_on=weeks_ago(10), last_session_on=weeks_ago(1))
    add_intervention(case, lead, start_on=weeks_ago(6))  # exactly the 6 weeks: not yet
    add_intervention(case, lead, start_on=weeks_ago(10), last_session_on=weeks_ago(6, days=1))  # lapsed
    add_intervention(case, lead, status=InterventionStatus.PLANNED, start_on=weeks_ago(10))
    add_intervention(case, lead, status=InterventionStatus.ENDED, outcome="achieved", start_on=weeks_ago(20))
    [row] = read(practitioner, caseload_for)
    assert (row.lapsed_interventions, row.closure_pending) == (2, True)
    # The lapse weeks are the agreement in force's, not those of the version the case was opened under.
    republish_lapse_weeks(practitioner.authority, 9, admin=admin_member, lead=lead, manager=manager)
    [row] = read(practitioner, caseload_for)
    assert row.lapsed_interventions == 0


def test_the_caseload_holds_only_the_users_own_cases_soonest_due_first(agreement, case, lead, manager,
                                                                      practitioner, colleague):
    supported = in_support(case, lead, practitioner)
    being_assessed = assign(open_case(practitioner, lead), lead, practitioner)
    closed_with_review = close(assign(open_case(practitioner, lead), lead, practitioner), lead, manager)
    closed_done = close(assign(open_case(practitioner, lead), lead, practitioner), lead, manager)
    with scopes_disabled():
        Review.objects.filter(case_id=closed_done.pk).update(cancelled=True)
    someone_elses = assign(open_case(practitioner, lead), lead, colleague)
    assert ids(read(practitioner, caseload_for)) == [being_assessed.pk, supported.pk, closed_with_review.pk]
    assert ids(read(colleague, caseload_for)) == [someone_elses.pk]
    assert read(lead, caseload_for) == []
    [closed_row] = [row for row in read(practitioner, caseload_for) if row.pk == closed_with_review.pk]
    assert closed_row.review_due_on is not None and closed_row.next_review_on is None


def test_case_list_filters_for_leads(agreement, case, lead, practitioner, teams):
    supported = in_support(case, lead, practitioner)
    with scopes_disabled():
        Case.objects.filter(pk=supported.pk).update(risk_level="high")
    unallocated = open_case(practitioner, lead)
    adults = open_case(practitioner, lead, pathway="adult_safeguarding", date_of_birth=dt.date(1975, 2, 3))
    assert ids(read(lead, case_list_for)) == [adults.pk, unallocated.pk, supported.pk]
    assert ids(read(lead, case_list_for, status="support")) == [supported.pk]
    assert ids(read(lead, case_list_for, status=["open", "support"])) == [adults.pk, unallocated.pk, supported.pk]
    assert ids(read(lead, case_list_for, team_id=teams["adults"].pk)) == [adults.pk]
    assert ids(read(lead, case_list_for, risk_level="high")) == [supported.pk]
    assert ids(read(lead, case_list_for, risk_level="none")) == [adults.pk, unallocated.pk]
    assert ids(read(lead, case_list_for, lead_worker_id=practitioner.user_id)) == [supported.pk]
    assert ids(read(lead, case_list_for, lead_worker_id=UNALLOCATED)) == [adults.pk, unallocated.pk]
    assert ids(read(practitioner, case_list_for)) == [supported.pk]


def test_case_list_leaves_out_restricted_cases_a_lead_has_no_grant_for(agreement, case, lead, manager):
    other = open_case(manager, lead)
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    assert ids(read(manager, case_list_for)) == [other.pk]
    assert ids(read(lead, case_list_for)) == [other.pk, case.pk]


def test_closures_awaiting_are_those_the_reader_may_decide(agreement, case, lead, manager, practitioner,
                                                          admin_member):
    by_practitioner = propose(in_support(case, lead, practitioner), practitioner)
    by_lead = propose(open_case(practitioner, lead), lead)
    assert ids(read(lead, closures_awaiting)) == [by_practitioner.pk]
    assert ids(read(manager, closures_awaiting)) == [by_practitioner.pk, by_lead.pk]
    assert read(practitioner, closures_awaiting) == [] and read(admin_member, closures_awaiting) == []
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    assert ids(read(manager, closures_awaiting)) == [by_lead.pk]


def test_recent_break_glass_is_shown_to_every_lead_and_manager(agreement, case, lead, manager, practitioner):
    other_case = open_case(practitioner, lead)
    for restricted in (case, other_case):
        act(lead, case_set_restricted, case=restricted, restricted=True, reason="Related to a member of staff.")
    old = act(manager, case_break_glass, case_id=case.pk, reason=GLASS, at=timezone.now() - dt.timedelta(days=8))
    new = act(manager, case_break_glass, case_id=other_case.pk, reason=GLASS)
    assert ids(read(lead, break_glass_recent)) == [new.pk]
    assert ids(read(lead, break_glass_recent, days=10)) == [new.pk, old.pk]
    assert ids(read(lead, break_glass_recent, days=10, case_id=case.pk)) == [old.pk]
    assert [row.is_active for row in read(manager, break_glass_recent, days=10)] == [True, False]
    assert read(practitioner, break_glass_recent) == []


@pytest.mark.parametrize("count", [1, 5])
def test_the_lists_run_a_fixed_number_of_queries(agreement, case, lead, manager, practitioner, count, request):
    cases = [case] + [open_case(practitioner, lead) for _ in range(count - 1)]
    for each in cases:
        act(lead, case_assign, case=each, lead_worker_id=practitioner.user_id)
        propose(each, practitioner)
        add_intervention(each, lead, start_on=weeks_ago(8))
        act(lead, case_set_restricted, case=each, restricted=True, reason="Related to a member of staff.")
        act(manager, case_break_glass, case_id=each.pk, reason=GLASS)
    expected = {caseload_for: 2, case_list_for: 2, closures_awaiting: 1, break_glass_recent: 1}
    for selector, queries in expected.items():
        with authority_scope(lead.authority_id), CaptureQueriesContext(connection) as context:
            reader = practitioner if selector is caseload_for else lead
            rows = list(selector(reader))
            for row in rows:
                str(getattr(row, "subject", None) or row.case.reference)
                str(getattr(row, "lead_worker", None) or getattr(row, "user", None) or row.proposed_by)
        assert len(rows) == count, selector.__name__
        assert len(context.captured_queries) == queries, selector.__name__


def test_other_authorities_and_other_roles_read_nothing(agreement, case, lead, manager, practitioner, outsider,
                                                        admin_member, dpo):
    case = in_support(case, lead, practitioner)
    propose(case, practitioner)
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    act(manager, case_break_glass, case_id=case.pk, reason=GLASS)
    for someone in (outsider, admin_member, dpo):
        for selector in (caseload_for, case_list_for, closures_awaiting, break_glass_recent):
            assert read(someone, selector) == [], (someone.user.username, selector.__name__)
    with scopes_disabled():
        review_id = Review.objects.get(case_id=case.pk, cancelled=False).pk
        closure_id = case.closures.get().pk
    with authority_scope(outsider.authority_id):
        with pytest.raises(Review.DoesNotExist):
            review_get_for_user(outsider, case.pk, review_id)
        with pytest.raises(Closure.DoesNotExist):
            closure_get_for_user(outsider, case.pk, closure_id)


def test_the_lookups_the_pages_use(agreement, case, lead, manager, practitioner, colleague, admin_member):
    case = in_support(case, lead, practitioner)
    closure = propose(case, practitioner)
    with scopes_disabled():
        review_id = Review.objects.get(case_id=case.pk).pk
    with authority_scope(lead.authority_id):
        assert review_get_for_user(practitioner, case.pk, review_id).case_id == case.pk
        assert closure_get_for_user(lead, case.pk, closure.pk).proposed_by == practitioner.user
        with pytest.raises(Review.DoesNotExist):
            review_get_for_user(colleague, case.pk, review_id)
        members = {member.user.username for member in case_assignable_members(lead)}
    assert members == {"pat.practitioner", "lee.lead", "max.manager", "cal.colleague"}
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    act(lead, case_grant_access, case=case, user_id=manager.user_id)
    with authority_scope(lead.authority_id):
        assert {grant.user.username for grant in case_named_access(lead, fresh_case(case))} == {
            "lee.lead", "max.manager"}
        with pytest.raises(PermissionDenied):
            case_named_access(practitioner, fresh_case(case))
