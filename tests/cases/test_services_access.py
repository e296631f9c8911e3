"""Restricted cases: case_set_restricted, case_grant_access, case_remove_access and case_break_glass."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.roles import Role
from audit.models import AuditEvent
from cases.models import BreakGlassAccess, Case
from cases.models.choices import BREAK_GLASS_MINUTES
from cases.permissions import case_visible_to
from cases.selectors import break_glass_recent
from cases.services import case_break_glass, case_grant_access, case_remove_access, case_set_restricted
from core.exceptions import FieldErrors, InvalidTransition, PermissionDenied
from core.tenancy import authority_scope
from tests.cases.conftest import fresh_case
from tests.cases.steps import act, assign, grants_on
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db

REASON = "The person is the nephew of a member of the children's services team."
GLASS = "The police have asked about the person today and nobody with access can be reached."


def sees(membership, case) -> bool:
    with authority_scope(membership.authority_id):
        return case_visible_to(membership).filter(pk=case.pk).exists()


def restrict(case, by, restricted=True, reason=REASON):
    return act(by, case_set_restricted, case=case, restricted=restricted, reason=reason)


@pytest.fixture
def other_lead(home):
    return make_member(home, Role.SAFEGUARDING_LEAD, "lou.otherlead")


def test_restricting_hides_the_case_from_leads_without_a_grant(case, lead, manager, practitioner, other_lead,
                                                               audit_rows):
    assign(case, lead, practitioner)
    restrict(case, lead)
    assert fresh_case(case).restricted
    assert grants_on(case) == {("pat.practitioner", "work_on_case"), ("lee.lead", "see_restricted_case")}
    assert sees(lead, case) and sees(practitioner, case)
    assert not sees(manager, case) and not sees(other_lead, case)
    assert audit_rows() == [("cases.case.assigned", "lee.lead"), ("cases.case.restricted", "lee.lead")]
    with scopes_disabled():
        event = AuditEvent.objects.get(action="cases.case.restricted")
    assert (event.data["old"], event.data["new"], event.data["reason"]) == (
        {"restricted": False}, {"restricted": True}, REASON)


def test_lifting_the_restriction_shows_the_case_again(case, lead, manager, audit_rows):
    restrict(case, lead)
    restrict(case, lead, restricted=False, reason="The relative has left the authority.")
    assert not fresh_case(case).restricted and sees(manager, case)
    assert audit_rows()[-1] == ("cases.case.unrestricted", "lee.lead")


def test_restricting_twice_writes_nothing_more(case, lead, audit_rows):
    restrict(case, lead)
    restrict(case, lead)
    assert audit_rows() == [("cases.case.restricted", "lee.lead")]


def test_a_reason_is_required_and_nothing_is_written_without_one(case, lead, audit_rows):
    with pytest.raises(FieldErrors) as refused:
        restrict(case, lead, reason="   ")
    assert refused.value.errors == {"reason": ["Say why the case needs to be restricted"]}
    with pytest.raises(FieldErrors) as refused:
        restrict(case, lead, restricted="yes", reason="")
    assert set(refused.value.errors) == {"restricted", "reason"}
    assert not fresh_case(case).restricted and grants_on(case) == set() and audit_rows() == []


def test_named_access_lets_someone_in_and_removing_it_takes_them_out(case, lead, manager, audit_rows):
    restrict(case, lead)
    act(lead, case_grant_access, case=case, user_id=manager.user_id)
    assert sees(manager, case)
    act(lead, case_grant_access, case=case, user_id=manager.user_id)  # again: nothing more
    act(manager, case_remove_access, case=case, user_id=manager.user_id)
    assert not sees(manager, case)
    assert audit_rows() == [("cases.case.restricted", "lee.lead"), ("cases.case.access_granted", "lee.lead"),
                            ("cases.case.access_removed", "max.manager")]
    with scopes_disabled():
        assert AuditEvent.objects.get(action="cases.case.access_granted").data["user_id"] == manager.user_id


def test_a_practitioners_named_access_counts_only_while_the_case_is_restricted(case, lead, practitioner):
    restrict(case, lead)
    act(lead, case_grant_access, case=case, user_id=practitioner.user_id)
    assert sees(practitioner, case)
    restrict(case, lead, restricted=False, reason="The relative has left the authority.")
    assert not sees(practitioner, case)
    restrict(case, lead)
    assert sees(practitioner, case)


def test_the_lead_worker_keeps_the_case_when_their_named_access_is_removed(case, lead, practitioner):
    assign(case, lead, practitioner)
    restrict(case, lead)
    act(lead, case_grant_access, case=case, user_id=practitioner.user_id)
    act(lead, case_remove_access, case=case, user_id=practitioner.user_id)
    assert sees(practitioner, case)
    assert ("pat.practitioner", "see_restricted_case") not in grants_on(case)


def test_named_access_needs_a_restricted_case_and_a_caseworker(case, lead, admin_member, dpo, outsider):
    with pytest.raises(InvalidTransition, match="not restricted"):
        act(lead, case_grant_access, case=case, user_id=admin_member.user_id)
    restrict(case, lead)
    for someone in (admin_member, dpo, outsider):
        with pytest.raises(FieldErrors) as refused:
            act(lead, case_grant_access, case=case, user_id=someone.user_id)
        assert set(refused.value.errors) == {"user"}
    with pytest.raises(FieldErrors):
        act(lead, case_remove_access, case=case, user_id="someone")
    assert grants_on(case) == {("lee.lead", "see_restricted_case")}


def test_only_leads_and_managers_restrict_or_give_access(case, lead, practitioner, admin_member, dpo, outsider):
    assign(case, lead, practitioner)
    with pytest.raises(PermissionDenied):
        restrict(case, practitioner)
    with pytest.raises(PermissionDenied):
        act(practitioner, case_grant_access, case=case, user_id=practitioner.user_id)
    for someone in (admin_member, dpo, outsider):
        with pytest.raises(Case.DoesNotExist):
            restrict(case, someone)
    assert not fresh_case(case).restricted


def test_breaking_glass_gives_an_hour_audited_and_shown_to_the_other_leads(case, lead, manager, other_lead,
                                                                        audit_rows):
    restrict(case, lead)
    assert not sees(manager, case)
    access = act(manager, case_break_glass, case_id=case.pk, reason=GLASS)
    assert access.expires_at - access.started_at == dt.timedelta(minutes=BREAK_GLASS_MINUTES)
    assert (access.user_id, access.reason) == (manager.user_id, GLASS)
    assert sees(manager, case) and not sees(other_lead, case)
    assert audit_rows()[-1] == ("cases.case.glass_broken", "max.manager")
    with scopes_disabled():
        event = AuditEvent.objects.get(action="cases.case.glass_broken")
    assert event.data["reason"] == GLASS and event.data["break_glass_id"] == access.pk
    for reader in (other_lead, lead, manager):
        with authority_scope(reader.authority_id):
            shown = list(break_glass_recent(reader))
        assert [(row.pk, row.user.username, row.case.reference, row.is_active) for row in shown] == [
            (access.pk, "max.manager", case.reference, True)]


def test_break_glass_ends_after_an_hour(case, lead, manager):
    restrict(case, lead)
    access = act(manager, case_break_glass, case_id=case.pk, reason=GLASS)
    with scopes_disabled():
        BreakGlassAccess.objects.filter(pk=access.pk).update(started_at=F("started_at") - dt.timedelta(hours=1),
                                                             expires_at=F("expires_at") - dt.timedelta(hours=1))
    assert not sees(manager, case)
    with authority_scope(lead.authority_id):
        assert [row.is_active for row in break_glass_recent(lead)] == [False]


def test_break_glass_started_over_an_hour_ago_has_ended(case, lead, manager):
    restrict(case, lead)
    at = timezone.now() - dt.timedelta(minutes=BREAK_GLASS_MINUTES + 1)
    access = act(manager, case_break_glass, case_id=case.pk, reason=GLASS, at=at)
    assert access.started_at == at and not sees(manager, case)
    recent = timezone.now() - dt.timedelta(minutes=BREAK_GLASS_MINUTES - 1)
    act(manager, case_break_glass, case_id=case.pk, reason=GLASS, at=recent)
    assert sees(manager, case)


def test_break_glass_needs_a_reason_of_ten_characters(case, lead, manager, audit_rows):
    restrict(case, lead)
    written = len(audit_rows())
    for reason, message in (("", "Say why you need to see this case now"),
                            ("Urgent.", "Give a reason of at least 10 characters")):
        with pytest.raises(FieldErrors) as refused:
            act(manager, case_break_glass, case_id=case.pk, reason=reason)
        assert refused.value.errors == {"reason": [message]}
    assert not sees(manager, case) and len(audit_rows()) == written


def test_breaking_glass_again_while_it_lasts_returns_the_same_access(case, lead, manager, audit_rows):
    restrict(case, lead)
    first = act(manager, case_break_glass, case_id=case.pk, reason=GLASS)
    again = act(manager, case_break_glass, case_id=case.pk, reason=GLASS)
    assert again.pk == first.pk
    assert [row for row in audit_rows() if row[0] == "cases.case.glass_broken"] == [
        ("cases.case.glass_broken", "max.manager")]


def test_break_glass_is_only_for_a_restricted_case_you_cannot_otherwise_see(case, lead, manager):
    with pytest.raises(InvalidTransition, match="not restricted"):
        act(manager, case_break_glass, case_id=case.pk, reason=GLASS)
    restrict(case, lead)
    with pytest.raises(InvalidTransition, match="access to this case already"):
        act(lead, case_break_glass, case_id=case.pk, reason=GLASS)


def test_break_glass_refuses_other_roles_and_other_authorities(case, lead, practitioner, admin_member, dpo,
                                                               outsider, audit_rows):
    restrict(case, lead)
    written = len(audit_rows())
    for someone in (practitioner, admin_member, dpo):
        with pytest.raises(PermissionDenied):
            act(someone, case_break_glass, case_id=case.pk, reason=GLASS)
    with pytest.raises(Case.DoesNotExist):
        act(outsider, case_break_glass, case_id=case.pk, reason=GLASS)
    with pytest.raises(Case.DoesNotExist):
        act(lead, case_break_glass, case_id=999_999, reason=GLASS)
    with scopes_disabled():
        assert not BreakGlassAccess.objects.exists()
    assert len(audit_rows()) == written
    with authority_scope(practitioner.authority_id):
        assert list(break_glass_recent(practitioner)) == []
