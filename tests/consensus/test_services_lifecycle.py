"""Submit, return to draft, sign off and publish: the transitions, their rules and their audit rows."""

import pytest
from django_scopes import scopes_disabled

from accounts.roles import Role
from audit.models import AuditEvent
from consensus.models import ConsensusVersion, ResponsePathway, Responsibility, SignOff, VersionStatus
from consensus.services import (
    consensus_part_delete,
    consensus_part_update,
    consensus_version_publish,
    consensus_version_return_to_draft,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
from consensus.transitions import allowed_targets
from consensus.validation import ConsensusInputError
from core.exceptions import DomainError, InvalidTransition, PermissionDenied
from tests.consensus.conftest import submit_and_sign

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_scope")]


def _status(version):
    return ConsensusVersion.objects.get(pk=version.pk).status


def _data(action):
    return AuditEvent.objects.filter(action=action).order_by("-id").first().data


def test_the_transition_table():
    assert {status: allowed_targets(status) for status in VersionStatus.values} == {
        "draft": {"in_review"}, "in_review": {"draft", "published"}, "published": {"superseded"}, "superseded": set()}


# --- submit ----------------------------------------------------------------------------------------------------

def test_a_lead_submits_a_draft_for_sign_off(draft, lead, audit_rows):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    assert _status(draft) == VersionStatus.IN_REVIEW
    assert audit_rows() == [("consensus.version.submitted", "lee.lead")]
    assert _data("consensus.version.submitted")["changes"]["pathways"] == {"added": 7, "removed": 0, "changed": 0}


def test_an_incomplete_draft_cannot_be_submitted(draft, admin_member, lead, audit_rows):
    consensus_part_delete(item=Responsibility.objects.get(version=draft, stage="decision", subject_group="adult"),
                          actor_membership=admin_member)
    start = len(audit_rows())
    with pytest.raises(ConsensusInputError) as raised:
        consensus_version_submit_for_review(version=draft, actor_membership=lead)
    assert raised.value.as_errors() == {"non_field_errors": ["Say who is responsible for decision for adults."]}
    assert _status(draft) == VersionStatus.DRAFT and len(audit_rows()) == start


def test_submitting_twice_is_an_invalid_transition(draft, lead):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    with pytest.raises(InvalidTransition, match="in review, so it cannot be sent for sign-off"):
        consensus_version_submit_for_review(version=draft, actor_membership=lead)


@pytest.mark.parametrize("persona", ["practitioner", "manager", "dpo"])
def test_other_roles_cannot_submit(draft, persona, request):
    with pytest.raises(PermissionDenied):
        consensus_version_submit_for_review(version=draft, actor_membership=request.getfixturevalue(persona))


# --- sign-off --------------------------------------------------------------------------------------------------

def test_manager_signs_strategic_and_lead_signs_frontline(draft, lead, manager, audit_rows):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    consensus_version_sign_off(version=draft, kind="strategic", actor_membership=manager)
    sign_off = consensus_version_sign_off(version=draft, kind="frontline", actor_membership=lead)

    assert (sign_off.kind, sign_off.signed_by, sign_off.role) == ("frontline", lead.user, Role.SAFEGUARDING_LEAD)
    assert audit_rows() == [("consensus.version.submitted", "lee.lead"),
                            ("consensus.version.signed_off", "max.manager"),
                            ("consensus.version.signed_off", "lee.lead")]
    assert _data("consensus.version.signed_off")["new"] == {"sign_offs": ["frontline", "strategic"]}


@pytest.mark.parametrize(("persona", "kind"), [("lead", "strategic"), ("manager", "frontline"),
                                               ("practitioner", "frontline"), ("admin_member", "strategic")])
def test_the_wrong_role_cannot_sign_off(draft, lead, persona, kind, request, audit_rows):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    with pytest.raises(PermissionDenied):
        consensus_version_sign_off(version=draft, kind=kind, actor_membership=request.getfixturevalue(persona))
    assert audit_rows() == [("consensus.version.submitted", "lee.lead")]


def test_the_same_person_cannot_give_both_sign_offs(draft, lead, audit_rows):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    consensus_version_sign_off(version=draft, kind="frontline", actor_membership=lead)
    with scopes_disabled():
        lead.role = Role.MANAGER  # promoted while the version was in review
        lead.save(update_fields=["role"])

    with pytest.raises(DomainError) as raised:
        consensus_version_sign_off(version=draft, kind="strategic", actor_membership=lead)
    assert raised.value.code == "same_signatory" and raised.value.field == "kind"
    assert list(SignOff.objects.filter(version=draft).values_list("kind", flat=True)) == ["frontline"]


def test_a_kind_is_signed_once(draft, lead, manager):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    consensus_version_sign_off(version=draft, kind="strategic", actor_membership=manager)
    with pytest.raises(InvalidTransition, match="already has its strategic sign-off"):
        consensus_version_sign_off(version=draft, kind="strategic", actor_membership=manager)


def test_a_draft_cannot_be_signed_off(draft, manager):
    with pytest.raises(InvalidTransition, match="Only a version in review can be signed off"):
        consensus_version_sign_off(version=draft, kind="strategic", actor_membership=manager)


def test_an_unknown_kind_is_a_field_error(draft, manager):
    with pytest.raises(ConsensusInputError) as raised:
        consensus_version_sign_off(version=draft, kind="tactical", actor_membership=manager)
    assert raised.value.as_errors() == {"kind": ["Choose strategic or frontline."]}


# --- return to draft -------------------------------------------------------------------------------------------

def test_returning_to_draft_withdraws_sign_offs(draft, lead, manager, admin_member, audit_rows):
    submit_and_sign(draft, lead=lead, manager=manager)
    consensus_version_return_to_draft(version=draft, actor_membership=manager, reason="Pathway wording unclear")

    assert _status(draft) == VersionStatus.DRAFT
    assert not SignOff.objects.filter(version=draft).exists()
    assert audit_rows()[-1] == ("consensus.version.returned", "max.manager")
    assert _data("consensus.version.returned")["withdrawn_sign_offs"] == {"strategic": "max.manager",
                                                                          "frontline": "lee.lead"}
    pathway = ResponsePathway.objects.get(version=draft, code="channel")
    consensus_part_update(item=pathway, data={"label": "Channel"}, actor_membership=admin_member)


def test_a_draft_cannot_be_returned_to_draft(draft, manager):
    with pytest.raises(InvalidTransition, match="cannot be returned to draft"):
        consensus_version_return_to_draft(version=draft, actor_membership=manager)


def test_a_practitioner_cannot_return_a_version(draft, lead, practitioner):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    with pytest.raises(PermissionDenied):
        consensus_version_return_to_draft(version=draft, actor_membership=practitioner)


# --- publish ---------------------------------------------------------------------------------------------------

def test_publishing_supersedes_the_version_in_force(published, second_draft, admin_member, lead, manager,
                                                    audit_rows):
    submit_and_sign(second_draft, lead=lead, manager=manager)
    start = len(audit_rows())
    consensus_version_publish(version=second_draft, actor_membership=admin_member)

    assert (_status(published), _status(second_draft)) == (VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED)
    old, new = ConsensusVersion.objects.get(pk=published.pk), ConsensusVersion.objects.get(pk=second_draft.pk)
    assert old.superseded_at == new.published_at and new.published_by == admin_member.user
    assert audit_rows()[start:] == [("consensus.version.superseded", "ada.admin"),
                                    ("consensus.version.published", "ada.admin")]
    data = _data("consensus.version.published")
    assert (data["supersedes"], data["changes"]) == (1, {})
    assert data["sign_offs"] == {"strategic": "max.manager", "frontline": "lee.lead"}


def test_publishing_needs_both_sign_offs(draft, lead, manager, audit_rows):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    consensus_version_sign_off(version=draft, kind="frontline", actor_membership=lead)
    with pytest.raises(InvalidTransition, match="needs its strategic sign-off before publishing"):
        consensus_version_publish(version=draft, actor_membership=manager)
    assert _status(draft) == VersionStatus.IN_REVIEW


def test_a_published_version_cannot_be_published_again(published, manager):
    with pytest.raises(InvalidTransition, match="is published, so it cannot be published"):
        consensus_version_publish(version=published, actor_membership=manager)


@pytest.mark.parametrize("persona", ["lead", "practitioner", "dpo"])
def test_the_wrong_role_cannot_publish(draft, lead, manager, persona, request):
    submit_and_sign(draft, lead=lead, manager=manager)
    with pytest.raises(PermissionDenied):
        consensus_version_publish(version=draft, actor_membership=request.getfixturevalue(persona))
    assert _status(draft) == VersionStatus.IN_REVIEW


def test_another_authority_can_neither_sign_nor_publish(draft, lead, away, outsider, in_scope, audit_rows):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    with in_scope(away.pk):
        with pytest.raises(ConsensusVersion.DoesNotExist):
            consensus_version_sign_off(version=draft, kind="strategic", actor_membership=outsider)
        with pytest.raises(ConsensusVersion.DoesNotExist):
            consensus_version_publish(version=draft, actor_membership=outsider)
    assert audit_rows() == [("consensus.version.submitted", "lee.lead")]
