"""The support plan: intervention_add, intervention_update, intervention_record_session, intervention_end, and the
lapsed flag (intervention_is_lapsed, with_lapsed, lapse_weeks_in_force)."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from cases.lapsing import intervention_is_lapsed, lapse_weeks_in_force, with_lapsed
from cases.models import Case, Intervention, InterventionSession
from cases.services import (
    case_start_review,
    intervention_end,
    intervention_record_session,
    intervention_update,
)
from cases.services._common import today
from consensus.models import SignOffKind
from consensus.services import (
    consensus_draft_create,
    consensus_timescales_update,
    consensus_version_publish,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
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
    start_support,
)
from tests.referrals.conftest import fresh

pytestmark = pytest.mark.django_db

SIX_PLANNED_MESSAGE = ("That is more than twice the 6 sessions planned. If the plan has changed, change the number "
                       "of planned sessions first.")


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def assessed(case, lead):
    """``case`` in assessment (a first assessment recorded by ``lead``)."""
    return assessed_case(case, lead)


@pytest.fixture
def mentoring(assessed, lead):
    """An active mentoring intervention that started two weeks ago, six sessions planned."""
    return add_intervention(assessed, lead)


def update(intervention, membership, **data):
    with authority_scope(membership.authority_id):
        return intervention_update(intervention=intervention, actor_membership=membership, data=data)


def session(intervention, membership, **values):
    values = {"held_on": today(), **values}
    with authority_scope(membership.authority_id):
        return intervention_record_session(intervention=intervention, actor_membership=membership, **values)


def end(intervention, membership, **values):
    values = {"outcome": "achieved", "end_on": today(), **values}
    with authority_scope(membership.authority_id):
        return intervention_end(intervention=intervention, actor_membership=membership, **values)


def refused(call, *args, **kwargs) -> dict:
    """The field errors of a refused call, after checking it wrote nothing (no rows, no audit event)."""
    before = counts(Intervention, InterventionSession)
    with pytest.raises(FieldErrors) as error:
        call(*args, **kwargs)
    assert counts(Intervention, InterventionSession) == before
    return error.value.errors


# Adding.

def test_an_intervention_is_added_to_an_assessed_case(assessed, lead, audit_rows):
    seen = len(audit_rows())
    intervention = add_intervention(assessed, lead, description="Weekly sessions at the youth centre.",
                                    end_on=days_ago(-60), delivered_sessions=2, last_session_on=days_ago(7))
    intervention = fresh(intervention)
    assert (intervention.kind, intervention.provider, intervention.planned_sessions,
            intervention.delivered_sessions) == ("mentoring", "Example Mentoring Ltd", 6, 2)
    assert (intervention.start_on, intervention.end_on, intervention.last_session_on) == (
        days_ago(14), days_ago(-60), days_ago(7))
    assert (intervention.status, intervention.outcome, intervention.created_by) == ("active", "", lead.user)
    assert audit_rows()[seen:] == [("cases.intervention.added", "lee.lead")]
    data = last_audit("cases.intervention.added").data
    assert data["intervention_id"] == intervention.pk and data["new"] == {"status": "active"}
    assert (data["planned_sessions"], data["delivered_sessions"], data["provider"]) == (6, 2, "Example Mentoring Ltd")
    assert "description" not in data


def test_an_intervention_starting_later_with_nothing_delivered_is_planned(assessed, lead):
    assert add_intervention(assessed, lead, start_on=days_ago(-7)).status == "planned"
    assert add_intervention(assessed, lead, start_on=today()).status == "active"


def test_interventions_follow_an_assessment_in_support_and_review_too(case, lead):
    start_support(case, lead)
    assert add_intervention(case, lead).status == "active"
    with authority_scope(lead.authority_id):
        case_start_review(case=case, actor_membership=lead)
    assert add_intervention(case, lead).status == "active"


def test_an_open_case_takes_no_intervention_before_its_assessment(case, lead, audit_rows):
    seen = len(audit_rows())
    with pytest.raises(InvalidTransition, match="record an assessment of this case first"):
        add_intervention(case, lead)
    assert audit_rows()[seen:] == []
    with scopes_disabled():
        assert not Intervention.objects.exists()


def test_adding_reports_every_problem_at_once(assessed, lead, audit_rows):
    seen = len(audit_rows())
    errors = refused(add_intervention, assessed, lead, kind="astrology", provider=" ", planned_sessions=0,
                     start_on=dt.date(2026, 3, 3), end_on=dt.date(2026, 3, 2), last_session_on=days_ago(-1))
    assert errors == {
        "kind": ["Choose the type of intervention"],
        "provider": ["Enter the organisation providing the intervention"],
        "planned_sessions": ["Enter the number of planned sessions, from 1 to 500"],
        "end_on": ["The end date must be on or after the start date (3 March 2026)"],
        "last_session_on": ["Enter a date that is not in the future"],
    }
    assert audit_rows()[seen:] == []


def test_sessions_delivered_far_beyond_the_plan_are_refused(assessed, lead):
    assert refused(add_intervention, assessed, lead, delivered_sessions=13) == {
        "delivered_sessions": [SIX_PLANNED_MESSAGE]}
    assert add_intervention(assessed, lead, delivered_sessions=12).delivered_sessions == 12


def test_other_session_and_date_rules_when_adding(assessed, lead):
    later = days_ago(-10)
    assert refused(add_intervention, assessed, lead, start_on=later, delivered_sessions=1) == {
        "delivered_sessions": [f"No sessions can have been delivered before the start date ({long_date(later)})"]}
    assert refused(add_intervention, assessed, lead, last_session_on=days_ago(20)) == {
        "last_session_on": [f"The last session must be on or after the start date ({long_date(days_ago(14))})"]}
    assert refused(add_intervention, assessed, lead, planned_sessions=501, delivered_sessions=-1, start_on=None) == {
        "planned_sessions": ["Enter the number of planned sessions, from 1 to 500"],
        "delivered_sessions": ["Enter the number of sessions delivered, 0 or more"],
        "start_on": ["Enter the start date"]}
    assert refused(add_intervention, assessed, lead, start_on="not a date", provider="x" * 201) == {
        "provider": ["The provider must be 200 characters or fewer"],
        "start_on": ["The start date must be a real date"]}


# Changing.

def test_changing_an_intervention_audits_old_and_new_values(mentoring, lead, audit_rows):
    seen = len(audit_rows())
    changed = update(mentoring, lead, provider="Other Mentoring CIC", planned_sessions=10, description="Fortnightly.")
    changed = fresh(changed)
    assert (changed.provider, changed.planned_sessions, changed.description) == (
        "Other Mentoring CIC", 10, "Fortnightly.")
    assert audit_rows()[seen:] == [("cases.intervention.changed", "lee.lead")]
    data = last_audit("cases.intervention.changed").data
    assert data["fields"] == ["provider", "description", "planned_sessions"]
    assert data["old"] == {"provider": "Example Mentoring Ltd", "planned_sessions": 6, "status": "active"}
    assert data["new"] == {"provider": "Other Mentoring CIC", "planned_sessions": 10, "status": "active"}


def test_no_change_writes_nothing(mentoring, lead, audit_rows):
    seen = len(audit_rows())
    update(mentoring, lead, provider=" Example Mentoring Ltd ", planned_sessions=6)
    assert audit_rows()[seen:] == []


def test_moving_the_start_into_the_future_makes_it_planned_again(mentoring, lead):
    assert update(mentoring, lead, start_on=days_ago(-3)).status == "planned"
    assert update(mentoring, lead, start_on=days_ago(3)).status == "active"


def test_changes_follow_the_same_rules(mentoring, lead, audit_rows):
    session(mentoring, lead, held_on=days_ago(10))
    seen = len(audit_rows())
    assert refused(update, mentoring, lead, end_on=days_ago(20), delivered_sessions=13) == {
        "end_on": [f"The end date must be on or after the start date ({long_date(days_ago(14))})"],
        "delivered_sessions": [SIX_PLANNED_MESSAGE]}
    assert refused(update, mentoring, lead, start_on=days_ago(5)) == {
        "start_on": [f"A session was recorded on {long_date(days_ago(10))}: the start date must be on or before it"]}
    assert refused(update, mentoring, lead, kind="housing", status="ended") == {
        "non_field_errors": ["These cannot be changed here: kind, status"]}
    assert audit_rows()[seen:] == []


def test_an_ended_intervention_cannot_change(mentoring, lead):
    end(mentoring, lead)
    with pytest.raises(InvalidTransition, match="has ended"):
        update(mentoring, lead, provider="Someone else")


# Sessions.

def test_an_attended_session_counts_as_delivered(mentoring, lead, audit_rows):
    seen = len(audit_rows())
    recorded = session(mentoring, lead, held_on=days_ago(3), note="Talked about online friendships.")
    intervention = fresh(mentoring)
    assert (recorded.held_on, recorded.attended, recorded.recorded_by) == (days_ago(3), True, lead.user)
    assert (intervention.delivered_sessions, intervention.last_session_on) == (1, days_ago(3))
    assert audit_rows()[seen:] == [("cases.intervention.session_recorded", "lee.lead")]
    data = last_audit("cases.intervention.session_recorded").data
    assert data["old"] == {"delivered_sessions": 0, "last_session_on": None, "status": "active"}
    assert data["new"] == {"delivered_sessions": 1, "last_session_on": days_ago(3).isoformat(), "status": "active"}
    assert "note" not in data


def test_a_missed_session_is_recorded_but_not_delivered_and_an_earlier_one_keeps_the_latest_date(mentoring, lead):
    session(mentoring, lead, held_on=days_ago(2), attended=False)
    session(mentoring, lead, held_on=days_ago(9))
    intervention = fresh(mentoring)
    assert (intervention.delivered_sessions, intervention.last_session_on) == (1, days_ago(2))


def test_the_first_session_makes_a_planned_intervention_active(assessed, lead):
    planned = add_intervention(assessed, lead, start_on=days_ago(-1))
    update(planned, lead, start_on=today())
    assert fresh(planned).status == "active"
    planned = add_intervention(assessed, lead, start_on=days_ago(-1))
    with scopes_disabled():
        Intervention.objects.filter(pk=planned.pk).update(start_on=days_ago(1))
    session(planned, lead, held_on=today())
    assert fresh(planned).status == "active"


def test_session_dates_and_the_planned_limit(mentoring, lead, audit_rows):
    seen = len(audit_rows())
    assert refused(session, mentoring, lead, held_on=days_ago(15)) == {"held_on": [
        f"The session must be on or after the start date of the intervention ({long_date(days_ago(14))})"]}
    assert refused(session, mentoring, lead, held_on=days_ago(-1), attended="yes", note="x" * 10_001) == {
        "held_on": ["Enter a date that is not in the future"], "attended": ["Say whether the person attended"],
        "note": ["The note must be 10,000 characters or fewer"]}
    assert refused(session, mentoring, lead, held_on=None) == {"held_on": ["Enter the date of the session"]}
    assert audit_rows()[seen:] == []
    update(mentoring, lead, delivered_sessions=12)
    assert refused(session, mentoring, lead) == {"attended": [SIX_PLANNED_MESSAGE]}
    assert session(mentoring, lead, attended=False).attended is False


def test_an_ended_intervention_takes_no_sessions(mentoring, lead):
    end(mentoring, lead)
    with pytest.raises(InvalidTransition, match="no more sessions"):
        session(mentoring, lead)


# Ending.

def test_ending_records_the_outcome(mentoring, lead, audit_rows):
    seen = len(audit_rows())
    ended = fresh(end(mentoring, lead, outcome="disengaged", end_on=days_ago(1), outcome_note="Stopped coming."))
    assert (ended.status, ended.outcome, ended.end_on, ended.outcome_note) == (
        "ended", "disengaged", days_ago(1), "Stopped coming.")
    assert audit_rows()[seen:] == [("cases.intervention.ended", "lee.lead")]
    data = last_audit("cases.intervention.ended").data
    assert data["new"] == {"status": "ended", "outcome": "disengaged", "end_on": days_ago(1).isoformat()}
    with pytest.raises(InvalidTransition, match="already recorded"):
        end(mentoring, lead)


def test_ending_needs_an_outcome_and_a_sensible_end_date(mentoring, lead, audit_rows):
    session(mentoring, lead, held_on=days_ago(4))
    seen = len(audit_rows())
    assert refused(end, mentoring, lead, outcome="won", end_on=days_ago(-1)) == {
        "outcome": ["Choose the outcome: achieved, partly achieved, not achieved or disengaged"],
        "end_on": ["Enter a date that is not in the future"]}
    assert refused(end, mentoring, lead, end_on=days_ago(20)) == {
        "end_on": [f"The end date must be on or after the start date ({long_date(days_ago(14))})"]}
    assert refused(end, mentoring, lead, end_on=days_ago(5)) == {
        "end_on": [f"The end date must be on or after the last session ({long_date(days_ago(4))})"]}
    assert fresh(mentoring).status == "active" and audit_rows()[seen:] == []


# The lapsed flag.

def lapsed_both_ways(intervention, weeks, on) -> bool:
    """intervention_is_lapsed and with_lapsed must agree."""
    flag = intervention_is_lapsed(fresh(intervention), lapse_weeks=weeks, today=on)
    with scopes_disabled():
        annotated = with_lapsed(Intervention.objects.filter(pk=intervention.pk), weeks, on).get().lapsed
    assert flag is annotated
    return flag


def test_lapsed_after_more_than_lapse_weeks_since_the_start_with_no_session(mentoring):
    start = fresh(mentoring).start_on
    assert not lapsed_both_ways(mentoring, 6, start + dt.timedelta(weeks=6))
    assert lapsed_both_ways(mentoring, 6, start + dt.timedelta(weeks=6, days=1))
    assert not lapsed_both_ways(mentoring, 7, start + dt.timedelta(weeks=6, days=1))


def test_lapsed_counts_from_the_last_session(mentoring, lead):
    session(mentoring, lead, held_on=days_ago(2), attended=False)
    last = days_ago(2)
    assert not lapsed_both_ways(mentoring, 6, last + dt.timedelta(weeks=6))
    assert lapsed_both_ways(mentoring, 6, last + dt.timedelta(weeks=6, days=1))


def test_planned_and_ended_interventions_are_not_flagged(assessed, mentoring, lead):
    planned = add_intervention(assessed, lead, start_on=days_ago(-1))
    far = today() + dt.timedelta(weeks=52)
    assert not lapsed_both_ways(planned, 6, far)
    end(mentoring, lead)
    assert not lapsed_both_ways(mentoring, 6, far)


def test_lapse_weeks_come_from_the_agreement_in_force(agreement, home, admin_member, lead, manager):
    with authority_scope(home.pk):
        assert lapse_weeks_in_force(home.pk) == 6
        draft = consensus_draft_create(actor_membership=admin_member, summary="Shorter lapse")
        consensus_timescales_update(version=draft, data={"intervention_lapse_weeks": 3}, actor_membership=admin_member)
        consensus_version_submit_for_review(version=draft, actor_membership=admin_member)
        consensus_version_sign_off(version=draft, kind=SignOffKind.STRATEGIC, actor_membership=manager)
        consensus_version_sign_off(version=draft, kind=SignOffKind.FRONTLINE, actor_membership=lead)
        consensus_version_publish(version=draft, actor_membership=manager)
        assert lapse_weeks_in_force(home.pk) == 3


# Who may work on interventions.

def test_a_practitioner_works_on_interventions_only_with_the_work_on_case_grant(mentoring, practitioner, lead):
    with pytest.raises(Case.DoesNotExist):
        session(mentoring, practitioner)
    with pytest.raises(Case.DoesNotExist):
        add_intervention(mentoring.case_id, practitioner)
    assign(fresh(mentoring).case, practitioner, lead)
    assert session(mentoring, practitioner).recorded_by == practitioner.user
    assert add_intervention(mentoring.case_id, practitioner).created_by == practitioner.user


def test_a_closed_case_takes_no_more_intervention_work(mentoring, lead, manager):
    end(mentoring, lead)
    close(fresh(mentoring).case, lead, manager)
    for member in (lead, manager):
        for call in (session, update, end):
            with pytest.raises(PermissionDenied):
                call(mentoring, member)
        with pytest.raises(InvalidTransition, match="This case is closed, so no interventions can be added."):
            add_intervention(mentoring.case_id, member)


def test_named_access_is_not_enough(mentoring, practitioner, lead):
    restrict_for(fresh(mentoring).case, practitioner, lead)
    for call in (session, update, end):
        with pytest.raises(PermissionDenied):
            call(mentoring, practitioner)
    with pytest.raises(PermissionDenied):
        add_intervention(mentoring.case_id, practitioner)


def test_wrong_roles_and_other_authorities_are_refused(mentoring, admin_member, dpo, outsider, away_agreement,
                                                       audit_rows):
    seen = len(audit_rows())
    for member in (admin_member, dpo):
        with pytest.raises(Case.DoesNotExist):
            session(mentoring, member)
        with pytest.raises(Case.DoesNotExist):
            add_intervention(mentoring.case_id, member)
    with pytest.raises(Intervention.DoesNotExist):
        session(mentoring, outsider)
    with pytest.raises(Intervention.DoesNotExist):
        end(mentoring, outsider)
    with pytest.raises(Case.DoesNotExist):
        add_intervention(mentoring.case_id, outsider)
    assert audit_rows()[seen:] == []
