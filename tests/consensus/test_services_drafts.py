import pytest
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from consensus import starter
from consensus.comparison import version_snapshot
from consensus.models import ConsensusVersion, Responsibility, Timescales, VersionStatus
from consensus.services import consensus_draft_create, consensus_draft_discard
from consensus.validation import ConsensusInputError
from core.exceptions import InvalidTransition, PermissionDenied
from tests.consensus.conftest import new_draft
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_first_draft_is_the_starter_agreement(home, admin_member, audit_rows):
    draft = new_draft(admin_member)

    assert (draft.number, draft.status, draft.based_on, draft.summary) == (1, "draft", None, starter.SUMMARY)
    with scopes_disabled():
        assert draft.pathways.count() == len(starter.PATHWAYS)
        assert Timescales.objects.get(version=draft).decision_working_days == 1
        responsibilities = list(Responsibility.objects.filter(version=draft))
    assert len(responsibilities) == len(starter.RESPONSIBILITIES)
    assert all(row.team_id is None and row.role for row in responsibilities)
    assert audit_rows() == [("consensus.version.drafted", "ada.admin")]
    with scopes_disabled():
        event = AuditEvent.objects.get(action="consensus.version.drafted", target_id=str(draft.pk))
    assert event.data["source"] == "starter" and event.data["counts"]["pathways"] == len(starter.PATHWAYS)


def test_starter_teams_are_used_when_given(home, lead, home_team):
    with scopes_disabled():
        prevent = TeamFactory(authority=home, name="Prevent")
    draft = new_draft(lead, starter_teams={"children": home_team, "prevent": prevent})

    with scopes_disabled():
        rows = {(row.stage, row.subject_group, row.pathway.code if row.pathway else None): row.team_id
                for row in Responsibility.objects.filter(version=draft).select_related("pathway")}
    assert rows[("screening", "child", None)] == home_team.pk
    assert rows[("screening", "adult", None)] is None
    assert rows[("case_lead", "adult", "channel")] == prevent.pk


def test_next_draft_is_a_deep_copy_of_the_published_version(published, admin_member, audit_rows):
    second = new_draft(admin_member, summary="Review after a year")

    assert (second.number, second.based_on_id, second.summary) == (2, published.pk, "Review after a year")
    with scopes_disabled():
        assert version_snapshot(second) == version_snapshot(published)
        copied = Responsibility.objects.filter(version=second, pathway__isnull=False).select_related("pathway")
        assert {row.pathway.version_id for row in copied} == {second.pk}
        assert not set(second.pathways.values_list("pk", flat=True)) & set(
            published.pathways.values_list("pk", flat=True))
    assert audit_rows() == [("consensus.version.drafted", "ada.admin")]


def test_only_one_open_version_at_a_time(draft, lead, home_scope, audit_rows):
    with pytest.raises(InvalidTransition, match="Version 1 is already draft"):
        consensus_draft_create(actor_membership=lead)
    assert audit_rows() == []


@pytest.mark.parametrize("persona", ["practitioner", "manager", "dpo"])
def test_roles_that_do_not_propose_cannot_start_a_draft(home, persona, request, home_scope, audit_rows):
    with pytest.raises(PermissionDenied):
        consensus_draft_create(actor_membership=request.getfixturevalue(persona))
    assert audit_rows() == [] and not ConsensusVersion.objects.filter(authority=home).exists()


def test_a_summary_that_is_too_long_is_refused(admin_member, home_scope):
    with pytest.raises(ConsensusInputError) as raised:
        consensus_draft_create(actor_membership=admin_member, summary="x" * 2001)
    assert raised.value.as_errors() == {"summary": ["Summary of change must be 2000 characters or fewer."]}


def test_discarding_a_draft_removes_it_and_audits(second_draft, admin_member, home_scope, audit_rows):
    consensus_draft_discard(version=second_draft, actor_membership=admin_member)

    assert not ConsensusVersion.objects.filter(pk=second_draft.pk).exists()
    assert audit_rows() == [("consensus.version.discarded", "ada.admin")]


def test_a_published_version_cannot_be_discarded(published, admin_member, home_scope, audit_rows):
    with pytest.raises(InvalidTransition, match="Only a draft can be discarded"):
        consensus_draft_discard(version=published, actor_membership=admin_member)
    assert ConsensusVersion.objects.get(pk=published.pk).status == VersionStatus.PUBLISHED
    assert audit_rows() == []


def test_a_lead_cannot_discard_a_draft(draft, lead, home_scope):
    with pytest.raises(PermissionDenied):
        consensus_draft_discard(version=draft, actor_membership=lead)


def test_another_authority_cannot_discard_our_draft(draft, away, away_admin, in_scope, audit_rows):
    with in_scope(away.pk), pytest.raises(ConsensusVersion.DoesNotExist):
        consensus_draft_discard(version=draft, actor_membership=away_admin)
    with scopes_disabled():
        assert ConsensusVersion.objects.filter(pk=draft.pk).exists()
    assert audit_rows() == []
