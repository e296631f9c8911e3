"""The cases policy: case_visible_to, can and get_actions, per role and per object grant, restricted cases and
break-glass."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from guardian.shortcuts import assign_perm

from accounts.roles import Role
from cases.models import BreakGlassAccess, Case
from cases.permissions import CaseAction, can, case_visible_to, get_actions, require
from cases.services import case_break_glass, case_set_restricted
from core.exceptions import PermissionDenied
from core.tenancy import authority_scope
from tests.cases.conftest import fresh_case
from tests.cases.steps import act, assign, close
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db

ALL = ["view", "assign", "restrict", "record", "review", "propose_closure", "approve_closure", "reopen"]
WORKER = ["view", "record", "review", "propose_closure"]


@pytest.fixture
def cast(practitioner, lead, manager, admin_member, dpo, outsider, home):
    return {"practitioner": practitioner, "lead": lead, "manager": manager, "admin_member": admin_member,
            "dpo": dpo, "outsider": outsider, "other": make_member(home, Role.PRACTITIONER, "olly.other")}


def actions(membership, case) -> list[str]:
    with authority_scope(membership.authority_id):
        return get_actions(membership, fresh_case(case))


def sees(membership, case) -> bool:
    with authority_scope(membership.authority_id):
        return case_visible_to(membership).filter(pk=case.pk).exists()


def test_what_each_role_may_do_on_a_case_led_by_a_practitioner(case, lead, practitioner, cast):
    assign(case, lead, practitioner)
    expected = {"practitioner": WORKER, "lead": ALL, "manager": ALL, "other": [], "admin_member": [], "dpo": [],
                "outsider": []}
    for name, membership in cast.items():
        assert actions(membership, case) == expected[name], name
        assert sees(membership, case) == bool(expected[name]), name


def test_on_a_closed_case_only_reviews_and_the_leads_decisions_remain(case, lead, manager, practitioner, cast):
    case = close(assign(case, lead, practitioner), lead, manager)
    assert actions(practitioner, case) == ["view", "review"]
    assert actions(lead, case) == ["view", "assign", "restrict", "review", "approve_closure", "reopen"]
    assert actions(cast["admin_member"], case) == actions(cast["outsider"], case) == []


def test_opening_a_case_is_for_those_who_decide_referrals(cast):
    allowed = {name for name, membership in cast.items() if can(membership, CaseAction.OPEN)}
    # The outsider manages in their own authority; case_open_from_referral refuses another authority's referral.
    assert allowed == {"lead", "manager", "outsider"}


def test_the_grant_not_the_lead_worker_field_gives_a_practitioner_the_case(case, practitioner):
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(lead_worker=practitioner.user)
    assert not sees(practitioner, case) and actions(practitioner, case) == []
    with scopes_disabled():
        assign_perm("cases.work_on_case", practitioner.user, fresh_case(case))
    assert sees(practitioner, case) and actions(practitioner, case) == WORKER


def test_a_named_access_grant_lets_a_practitioner_read_a_restricted_case_but_not_work_on_it(case, lead, cast):
    other = cast["other"]
    with scopes_disabled():
        assign_perm("cases.see_restricted_case", other.user, case)
    assert not sees(other, case)  # not restricted: named access gives nothing
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    assert sees(other, case) and actions(other, case) == ["view"]
    with authority_scope(other.authority_id), pytest.raises(PermissionDenied):
        require(other, CaseAction.RECORD, fresh_case(case))


def test_a_restricted_case_is_hidden_from_leads_without_a_grant(case, lead, manager, practitioner, cast):
    assign(case, lead, practitioner)
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    assert sees(lead, case) and sees(practitioner, case)
    assert not sees(manager, case) and actions(manager, case) == []
    for name in ("other", "admin_member", "dpo", "outsider"):
        assert not sees(cast[name], case) and actions(cast[name], case) == []


def test_break_glass_lets_a_lead_read_the_case_and_nothing_more_until_it_expires(case, lead, manager):
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    access = act(manager, case_break_glass, case_id=case.pk,
                 reason="The police need an answer today and the named people are away.")
    assert sees(manager, case) and actions(manager, case) == ["view"]
    with authority_scope(manager.authority_id), pytest.raises(PermissionDenied):
        require(manager, CaseAction.RESTRICT, fresh_case(case))  # cannot lift it or give themselves access
    assert actions(lead, case) == ALL  # the lead who restricted it holds named access
    with scopes_disabled():
        BreakGlassAccess.objects.filter(pk=access.pk).update(
            started_at=timezone.now() - dt.timedelta(minutes=61), expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert not sees(manager, case) and actions(manager, case) == []


def test_a_break_glass_row_for_someone_else_or_another_case_gives_nothing(case, lead, manager, practitioner):
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    with scopes_disabled():
        BreakGlassAccess.objects.create(authority_id=case.authority_id, case_id=case.pk, user=lead.user,
                                        reason="Somebody else's access.", started_at=timezone.now(),
                                        expires_at=timezone.now() + dt.timedelta(minutes=60))
        BreakGlassAccess.objects.create(authority_id=case.authority_id, case_id=case.pk, user=practitioner.user,
                                        reason="A practitioner's row, made directly.", started_at=timezone.now(),
                                        expires_at=timezone.now() + dt.timedelta(minutes=60))
    assert not sees(manager, case) and not sees(practitioner, case)


def test_an_inactive_membership_sees_nothing(case, lead, practitioner):
    assign(case, lead, practitioner)
    with scopes_disabled():
        for membership in (lead, practitioner):
            membership.is_active = False
            membership.save()
    for membership in (lead, practitioner):
        assert not sees(membership, case) and actions(membership, case) == []
        assert not can(membership, CaseAction.OPEN)


def test_another_authoritys_case_is_never_visible_even_to_its_own_grants(case, lead, outsider):
    with scopes_disabled():
        assign_perm("cases.work_on_case", outsider.user, case)
    assert not sees(outsider, case) and actions(outsider, case) == []
