"""Screening and deciding: referral_start_screening, referral_screening_note_add, referral_assign,
referral_decide, referral_withdraw, referral_record_view."""

import pytest
from django_scopes import scopes_disabled

from cases.models import Case
from core.exceptions import InvalidTransition, PermissionDenied
from core.tenancy import authority_scope
from referrals.models import Referral, ReferralStatus, ReferralTransition, ScreeningNote
from referrals.services import (
    referral_assign,
    referral_decide,
    referral_record_view,
    referral_screening_note_add,
    referral_start_screening,
    referral_withdraw,
)
from referrals.validation import ReferralInputError
from tests.referrals.conftest import draft, fresh, republish, submitted

pytestmark = pytest.mark.django_db

RATIONALE = "Ideology and intent present; Channel support could reduce the risk (radicalisation)."


def decide(referral, membership, pathway="channel", rationale=RATIONALE, definitions=("radicalisation",)):
    with authority_scope(membership.authority_id):
        return referral_decide(referral=referral, actor_membership=membership, pathway_code=pathway,
                               rationale=rationale, definition_codes=list(definitions))


def test_the_whole_flow_screen_note_decide_opens_a_case(agreement, practitioner, lead, teams, audit_rows):
    referral = submitted(practitioner)
    with authority_scope(lead.authority_id):
        referral = referral_start_screening(referral=referral, actor_membership=lead)
        referral_screening_note_add(referral=referral, actor_membership=lead, kind="checks_made",
                                    text="Checked children's services records: none.")
    referral = decide(referral, lead)

    referral = fresh(referral)
    assert referral.status == ReferralStatus.DECIDED and referral.assigned_to == lead.user
    assert (referral.pathway.code, referral.decision_version_id, referral.decided_by) == (
        "channel", agreement.pk, lead.user)
    with scopes_disabled():
        assert list(referral.definitions_cited.values_list("code", flat=True)) == ["radicalisation"]
        steps = list(ReferralTransition.objects.filter(referral=referral).values_list("from_status", "to_status"))
        case = Case.objects.get(referral=referral)
    assert steps == [("draft", "submitted"), ("submitted", "screening"), ("screening", "decided")]
    assert case.subject_id == referral.subject_id and case.team == teams["prevent"] and case.status == "open"
    assert audit_rows() == [
        ("referrals.referral.drafted", "pat.practitioner"),
        ("referrals.referral.submitted", "pat.practitioner"),
        ("referrals.referral.screening_started", "lee.lead"),
        ("referrals.screening_note.added", "lee.lead"),
        ("referrals.referral.decided", "lee.lead"),
        ("cases.case.opened", "lee.lead"),
    ]


def test_a_submitted_referral_can_be_decided_without_screening_and_no_case_when_the_pathway_opens_none(
        agreement, practitioner, manager, audit_rows):
    referral = decide(submitted(practitioner), manager, pathway="no_further_action", definitions=())
    assert referral.status == ReferralStatus.DECIDED
    with scopes_disabled():
        assert not Case.objects.filter(referral=referral).exists()
    assert audit_rows()[-1] == ("referrals.referral.decided", "max.manager")


def test_the_decision_uses_the_agreement_in_force_while_the_referral_keeps_its_pinned_version(
        agreement, practitioner, lead, manager, admin_member):
    referral = submitted(practitioner)
    newer = republish(practitioner.authority, admin=admin_member, lead=lead, manager=manager)
    referral = fresh(decide(referral, lead, pathway="early_help"))
    assert (referral.consensus_version_id, referral.decision_version_id) == (agreement.pk, newer.pk)
    assert referral.pathway.version_id == newer.pk


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"rationale": ""}, "rationale"),
    ({"rationale": "Too short."}, "rationale"),
    ({"rationale": "x" * 5001}, "rationale"),
    ({"pathway": "no_such_pathway"}, "pathway"),
    ({"pathway": ""}, "pathway"),
    ({"definitions": ["no_such_definition"]}, "definitions_cited"),
])
def test_a_bad_decision_is_refused_with_the_field_named_and_nothing_written(
        agreement, practitioner, lead, audit_rows, kwargs, field):
    referral = submitted(practitioner)
    written = len(audit_rows())
    with pytest.raises(ReferralInputError) as error:
        decide(referral, lead, **kwargs)
    assert field in error.value.as_errors()
    assert fresh(referral).status == ReferralStatus.SUBMITTED
    assert len(audit_rows()) == written


def test_deciding_twice_is_an_invalid_transition(agreement, practitioner, lead, manager):
    referral = decide(submitted(practitioner), lead, pathway="early_help")
    with pytest.raises(InvalidTransition):
        decide(referral, manager, pathway="no_further_action")


@pytest.mark.parametrize("persona", ["practitioner"])
def test_a_practitioner_cannot_screen_note_assign_or_decide_their_own_referral(agreement, persona, request, lead):
    membership = request.getfixturevalue(persona)
    referral = submitted(membership)
    with authority_scope(membership.authority_id):
        with pytest.raises(PermissionDenied):
            referral_start_screening(referral=referral, actor_membership=membership)
        with pytest.raises(PermissionDenied):
            referral_screening_note_add(referral=referral, actor_membership=membership, kind="other", text="x")
        with pytest.raises(PermissionDenied):
            referral_assign(referral=referral, assignee_user_id=membership.user_id, actor_membership=membership)
        with pytest.raises(PermissionDenied):
            referral_withdraw(referral=referral, actor_membership=membership, reason="Made by mistake")
    with pytest.raises(PermissionDenied):
        decide(referral, membership)


@pytest.mark.parametrize("persona", ["admin_member", "dpo", "outsider"])
def test_admins_dpos_and_other_authorities_do_not_even_find_the_referral(agreement, practitioner, persona,
                                                                          request):
    membership = request.getfixturevalue(persona)
    referral = submitted(practitioner)
    with authority_scope(membership.authority_id):
        for attempt in (
            lambda: referral_start_screening(referral=referral, actor_membership=membership),
            lambda: referral_screening_note_add(referral=referral, actor_membership=membership, kind="other",
                                                text="A note"),
            lambda: referral_assign(referral=referral, assignee_user_id=None, actor_membership=membership),
            lambda: referral_withdraw(referral=referral, actor_membership=membership, reason="No"),
        ):
            with pytest.raises(Referral.DoesNotExist):
                attempt()
    with pytest.raises(Referral.DoesNotExist):
        decide(referral, membership)
    with authority_scope(membership.authority_id), pytest.raises(PermissionDenied):
        referral_record_view(referral=referral, actor_membership=membership)


def test_a_lead_assigns_a_referral_to_a_practitioner_who_then_sees_it(agreement, practitioner, lead, manager,
                                                                      audit_rows):
    referral = submitted(manager)
    with authority_scope(lead.authority_id):
        referral = referral_assign(referral=referral, assignee_user_id=practitioner.user_id, actor_membership=lead)
        referral_assign(referral=referral, assignee_user_id=practitioner.user_id, actor_membership=lead)
        referral_record_view(referral=fresh(referral), actor_membership=practitioner)
    assert fresh(referral).assigned_to == practitioner.user
    assert audit_rows()[-2:] == [("referrals.referral.assigned", "lee.lead"),
                                 ("referrals.referral.viewed", "pat.practitioner")]


def test_only_people_who_work_on_referrals_in_the_authority_can_be_assigned(agreement, practitioner, lead,
                                                                            admin_member, outsider):
    referral = submitted(practitioner)
    for user_id in (admin_member.user_id, outsider.user_id, 999_999):
        with authority_scope(lead.authority_id), pytest.raises(ReferralInputError) as error:
            referral_assign(referral=referral, assignee_user_id=user_id, actor_membership=lead)
        assert error.value.code == "invalid_assignee" and "assigned_to" in error.value.as_errors()


def test_screening_notes_are_checked_and_only_added_while_undecided(agreement, practitioner, lead):
    referral = submitted(practitioner)
    with authority_scope(lead.authority_id):
        with pytest.raises(ReferralInputError) as error:
            referral_screening_note_add(referral=referral, actor_membership=lead, kind="gossip", text="")
        assert set(error.value.as_errors()) == {"kind", "text"}
    decide(referral, lead, pathway="early_help")
    with authority_scope(lead.authority_id), pytest.raises(InvalidTransition):
        referral_screening_note_add(referral=referral, actor_membership=lead, kind="other", text="Late note")
    with scopes_disabled():
        assert not ScreeningNote.objects.exists()


def test_withdrawing_needs_a_reason_and_is_recorded(agreement, practitioner, lead, audit_rows):
    referral = submitted(practitioner)
    with authority_scope(lead.authority_id):
        with pytest.raises(ReferralInputError) as error:
            referral_withdraw(referral=referral, actor_membership=lead, reason="  ")
        assert "reason" in error.value.as_errors()
        referral = referral_withdraw(referral=referral, actor_membership=lead, reason="Duplicate of TST-1")
    with scopes_disabled():
        row = ReferralTransition.objects.filter(referral=referral).last()
    assert (row.from_status, row.to_status, row.reason) == ("submitted", "withdrawn", "Duplicate of TST-1")
    assert audit_rows()[-1] == ("referrals.referral.withdrawn", "lee.lead")
    with pytest.raises(InvalidTransition):
        decide(referral, lead)


def test_an_author_withdraws_their_own_draft(agreement, practitioner):
    referral = draft(practitioner)
    with authority_scope(practitioner.authority_id):
        referral = referral_withdraw(referral=referral, actor_membership=practitioner, reason="Started by mistake")
    assert fresh(referral).status == ReferralStatus.WITHDRAWN


def test_a_draft_cannot_be_screened_or_decided_by_anyone(agreement, lead):
    referral = draft(lead)
    with authority_scope(lead.authority_id), pytest.raises(PermissionDenied):
        referral_start_screening(referral=referral, actor_membership=lead)
    with pytest.raises(PermissionDenied):
        decide(referral, lead)


def test_a_view_is_audited_with_the_reference(agreement, practitioner, lead):
    from audit.models import AuditEvent

    referral = submitted(practitioner)
    with authority_scope(lead.authority_id):
        referral_record_view(referral=referral, actor_membership=lead)
    with scopes_disabled():
        event = AuditEvent.objects.filter(action="referrals.referral.viewed").get()
    assert (event.actor, event.target_id, event.data) == (
        lead.user, str(referral.pk), {"reference": referral.reference, "status": "submitted"})
