"""case_assign: the lead worker (and their work_on_case grant) and the team."""

import pytest
from django_scopes import scopes_disabled

from accounts.roles import Role
from audit.models import AuditEvent
from cases.models import Case
from cases.permissions import case_visible_to
from cases.selectors import case_get_for_user, caseload_for
from cases.services import case_assign
from core.exceptions import FieldErrors, PermissionDenied
from core.tenancy import authority_scope
from tests.cases.conftest import fresh_case
from tests.cases.steps import act, grants_on
from tests.factories import TeamFactory
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db


def visible(membership) -> set[int]:
    with authority_scope(membership.authority_id):
        return set(case_visible_to(membership).values_list("pk", flat=True))


def caseload(membership) -> set[int]:
    with authority_scope(membership.authority_id):
        return {case.pk for case in caseload_for(membership)}


@pytest.fixture
def colleague(home, home_team):
    return make_member(home, Role.PRACTITIONER, "cal.colleague", home_team)


def test_assigning_gives_the_lead_worker_the_case(case, lead, practitioner, audit_rows):
    assert case.pk not in visible(practitioner)
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id)
    assert fresh_case(case).lead_worker_id == practitioner.user_id
    assert grants_on(case) == {("pat.practitioner", "work_on_case")}
    assert case.pk in visible(practitioner) and case.pk in caseload(practitioner)
    assert audit_rows() == [("cases.case.assigned", "lee.lead")]
    with scopes_disabled():
        event = AuditEvent.objects.get(action="cases.case.assigned")
    assert event.data["old"] == {"lead_worker_id": None, "team_id": case.team_id}
    assert event.data["new"] == {"lead_worker_id": practitioner.user_id, "team_id": case.team_id}


def test_reassigning_moves_the_case_from_one_caseload_to_the_other_at_once(case, lead, practitioner, colleague):
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id)
    with authority_scope(practitioner.authority_id):
        assert case_get_for_user(practitioner, case.pk).pk == case.pk
    act(lead, case_assign, case=case, lead_worker_id=colleague.user_id)
    assert grants_on(case) == {("cal.colleague", "work_on_case")}
    assert case.pk not in visible(practitioner) and case.pk not in caseload(practitioner)
    assert case.pk in visible(colleague) and case.pk in caseload(colleague)
    with authority_scope(practitioner.authority_id), pytest.raises(Case.DoesNotExist):
        case_get_for_user(practitioner, case.pk)


def test_removing_the_lead_worker_removes_their_access(case, lead, practitioner):
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id)
    act(lead, case_assign, case=case, lead_worker_id=None)
    assert fresh_case(case).lead_worker_id is None and grants_on(case) == set()
    assert case.pk not in visible(practitioner)


def test_assigning_the_same_lead_worker_again_writes_nothing(case, lead, practitioner, audit_rows):
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id)
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id)
    assert audit_rows() == [("cases.case.assigned", "lee.lead")]
    assert grants_on(case) == {("pat.practitioner", "work_on_case")}


def test_a_lead_or_manager_can_be_the_lead_worker(case, lead, manager):
    act(lead, case_assign, case=case, lead_worker_id=manager.user_id)
    assert grants_on(case) == {("max.manager", "work_on_case")}
    assert case.pk in caseload(manager) and case.pk not in caseload(lead)


def test_the_team_changes_only_when_asked(case, lead, practitioner, teams, audit_rows):
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id)
    assert fresh_case(case).team == teams["children"]
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id, team_id=teams["prevent"].pk)
    assert (fresh_case(case).team, fresh_case(case).lead_worker_id) == (teams["prevent"], practitioner.user_id)
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id, team_id=None)
    assert fresh_case(case).team is None
    assert grants_on(case) == {("pat.practitioner", "work_on_case")}
    assert audit_rows() == [("cases.case.assigned", "lee.lead")] * 3


@pytest.mark.parametrize("who", ["admin_member", "dpo", "outsider", "inactive", "nobody"])
def test_only_a_caseworker_of_the_authority_can_be_lead_worker(request, case, lead, home, who, audit_rows):
    if who == "inactive":
        member = make_member(home, Role.PRACTITIONER, "ivy.inactive")
        with scopes_disabled():
            member.is_active = False
            member.save()
        user_id = member.user_id
    elif who == "nobody":
        user_id = 999_999
    else:
        user_id = request.getfixturevalue(who).user_id
    with pytest.raises(FieldErrors) as refused:
        act(lead, case_assign, case=case, lead_worker_id=user_id)
    assert refused.value.errors == {
        "lead_worker": ["Choose a practitioner, safeguarding lead or manager in your authority"]}
    assert fresh_case(case).lead_worker_id is None and grants_on(case) == set() and audit_rows() == []


def test_every_problem_is_reported_together_and_nothing_is_written(case, lead, practitioner, away, audit_rows):
    with scopes_disabled():
        other_team = TeamFactory(authority=away, name="Elsewhere team")
    with pytest.raises(FieldErrors) as refused:
        act(lead, case_assign, case=case, lead_worker_id=999_999, team_id=other_team.pk)
    assert set(refused.value.errors) == {"lead_worker", "team"}
    assert refused.value.errors["team"] == ["Choose a team in your authority"]
    with pytest.raises(FieldErrors) as refused:
        act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id, team_id=other_team.pk)
    assert set(refused.value.errors) == {"team"}
    assert fresh_case(case).lead_worker_id is None and grants_on(case) == set() and audit_rows() == []


def test_the_lead_worker_cannot_reassign_their_own_case(case, lead, practitioner, colleague):
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id)
    with pytest.raises(PermissionDenied):
        act(practitioner, case_assign, case=case, lead_worker_id=colleague.user_id)
    assert grants_on(case) == {("pat.practitioner", "work_on_case")}


def test_wrong_role_and_other_authority_cannot_assign(case, practitioner, admin_member, dpo, outsider, audit_rows):
    for someone in (admin_member, dpo, outsider):
        with pytest.raises(Case.DoesNotExist):
            act(someone, case_assign, case=case, lead_worker_id=practitioner.user_id)
    assert grants_on(case) == set() and audit_rows() == []
