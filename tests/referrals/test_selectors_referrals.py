"""Reads: referral_get_for_user, referral_list_visible_to, referral_history, referral_assignable_members,
referral_draft_missing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.exceptions import PermissionDenied
from core.tenancy import authority_scope
from referrals.models import Referral
from referrals.selectors import (
    referral_assignable_members,
    referral_draft_missing,
    referral_get_for_user,
    referral_history,
    referral_list_visible_to,
)
from referrals.services import referral_assign, referral_screening_note_add, referral_start_screening
from tests.referrals.conftest import draft, submitted

pytestmark = pytest.mark.django_db


def listed(membership, **filters):
    with authority_scope(membership.authority_id):
        return list(referral_list_visible_to(membership, **filters))


def test_practitioners_see_their_own_and_assigned_leads_see_all_submitted(agreement, practitioner, lead, manager,
                                                                         admin_member, dpo):
    own = submitted(practitioner)
    others = submitted(manager)
    assigned = submitted(manager)
    my_draft = draft(practitioner)
    managers_draft = draft(manager)
    with authority_scope(lead.authority_id):
        referral_assign(referral=assigned, assignee_user_id=practitioner.user_id, actor_membership=lead)

    assert {r.pk for r in listed(practitioner)} == {own.pk, assigned.pk, my_draft.pk}
    assert {r.pk for r in listed(lead)} == {own.pk, others.pk, assigned.pk}
    assert {r.pk for r in listed(manager)} == {own.pk, others.pk, assigned.pk, managers_draft.pk}
    assert listed(admin_member) == [] and listed(dpo) == []


def test_another_authority_finds_nothing(agreement, practitioner, outsider):
    referral = submitted(practitioner)
    assert listed(outsider) == []
    with authority_scope(outsider.authority_id), pytest.raises(Referral.DoesNotExist):
        referral_get_for_user(outsider, referral.pk)


def test_get_for_user_is_not_found_for_someone_elses_draft_and_for_a_bad_id(agreement, practitioner, lead):
    referral = draft(practitioner)
    with authority_scope(lead.authority_id):
        with pytest.raises(Referral.DoesNotExist):
            referral_get_for_user(lead, referral.pk)
        with pytest.raises(Referral.DoesNotExist):
            referral_get_for_user(lead, 987654)
    with authority_scope(practitioner.authority_id):
        assert referral_get_for_user(practitioner, referral.pk).pk == referral.pk


def test_the_queue_puts_immediate_risk_first_then_the_earliest_due(agreement, practitioner, lead):
    now = timezone.now()
    newer = submitted(practitioner, at=now - dt.timedelta(days=1))
    older = submitted(practitioner, at=now - dt.timedelta(days=5))
    urgent = submitted(practitioner, immediate_risk=True)
    assert [r.pk for r in listed(lead)] == [urgent.pk, older.pk, newer.pk]


def test_the_queue_filters(agreement, practitioner, lead, teams):
    late = submitted(practitioner, at=timezone.now() - dt.timedelta(days=10))
    adult = submitted(practitioner, date_of_birth=dt.date(1980, 1, 1), concern_types=["islamist"])
    with authority_scope(lead.authority_id):
        referral_start_screening(referral=adult, actor_membership=lead)

    assert [r.pk for r in listed(lead, overdue=True)] == [late.pk]
    assert [r.pk for r in listed(lead, overdue=False)] == [adult.pk]
    assert [r.pk for r in listed(lead, status="screening")] == [adult.pk]
    assert {r.pk for r in listed(lead, status=["submitted", "screening"])} == {late.pk, adult.pk}
    assert [r.pk for r in listed(lead, team=teams["adults"].pk)] == [adult.pk]
    assert [r.pk for r in listed(lead, concern_type="islamist")] == [adult.pk]
    assert [r.pk for r in listed(lead, assigned_to_me=True)] == [adult.pk]


def _list_queries(membership) -> int:
    with authority_scope(membership.authority_id), CaptureQueriesContext(connection) as queries:
        for referral in referral_list_visible_to(membership):
            _ = (referral.subject.last_name, referral.routed_team and referral.routed_team.name,
                 referral.assigned_to, referral.submitted_by.username, referral.pathway,
                 [item.code for item in referral.concern_types.all()])
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_however_long_it_is(agreement, practitioner, lead):
    submitted(practitioner)
    few = _list_queries(lead)
    for _ in range(6):
        submitted(practitioner)
    assert _list_queries(lead) == few == 2


def test_history_merges_transitions_and_notes_and_hides_notes_from_practitioners(agreement, practitioner, lead):
    referral = submitted(practitioner)
    with authority_scope(lead.authority_id):
        referral_start_screening(referral=referral, actor_membership=lead)
        referral_screening_note_add(referral=referral, actor_membership=lead, kind="partner_information",
                                    text="Police hold no information.")
        for_lead = referral_history(lead, referral)
        for_practitioner = referral_history(practitioner, referral)
    assert [(entry.kind, entry.to_status or entry.note_kind) for entry in for_lead] == [
        ("transition", "submitted"), ("transition", "screening"), ("note", "partner_information")]
    assert [entry.kind for entry in for_practitioner] == ["transition", "transition"]
    assert for_lead[0].consensus_version_number == agreement.number


def test_history_is_refused_to_people_who_cannot_see_the_referral(agreement, practitioner, admin_member):
    referral = submitted(practitioner)
    with authority_scope(admin_member.authority_id), pytest.raises(PermissionDenied):
        referral_history(admin_member, referral)


def test_assignable_members_are_the_people_who_work_on_referrals(agreement, practitioner, lead, manager,
                                                                 admin_member, dpo, outsider):
    with authority_scope(lead.authority_id):
        users = {member.user_id for member in referral_assignable_members(lead)}
    assert {practitioner.user_id, lead.user_id, manager.user_id} <= users
    assert not users & {admin_member.user_id, dpo.user_id, outsider.user_id}


def test_draft_missing_lists_what_a_draft_lacks(agreement, practitioner):
    referral = draft(practitioner, last_name="", concern_types=[])
    with authority_scope(practitioner.authority_id):
        assert set(referral_draft_missing(practitioner, referral)) == {"last_name", "concern_types"}
