"""Editing a draft one item at a time: the services the agreement pages call."""

import pytest
from django.db.models import ProtectedError
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from consensus.models import (
    AssessmentDimension,
    ConsensusVersion,
    Definition,
    ResponsePathway,
    Responsibility,
    Timescales,
)
from consensus.services import (
    consensus_part_create,
    consensus_part_delete,
    consensus_part_update,
    consensus_timescales_update,
    consensus_version_update,
)
from consensus.validation import ConsensusInputError
from core.exceptions import InvalidTransition, PermissionDenied
from tests.factories import TeamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_scope")]

PATHWAY = {"code": "family_support", "label": "Family support", "when_applies": "The family asks for help.",
           "opens_case": True, "timescale_working_days": 5}


def _last_event():
    with scopes_disabled():
        return AuditEvent.objects.order_by("-id").first()


def test_adding_a_pathway_is_audited_with_its_values(draft, admin_member, audit_rows):
    pathway = consensus_part_create(version=draft, part="pathways", data=PATHWAY, actor_membership=admin_member)

    assert (pathway.code, pathway.authority_id, pathway.position) == ("family_support", draft.authority_id, 0)
    assert audit_rows() == [("consensus.pathway.added", "ada.admin")]
    event = _last_event()
    assert event.target_id == str(draft.pk)
    assert event.data["key"] == "family_support" and event.data["new"]["timescale_working_days"] == 5


def test_changing_a_definition_records_old_and_new(draft, admin_member, audit_rows):
    definition = Definition.objects.get(version=draft, code="extremism")
    consensus_part_update(item=definition, data={"wording": "Our own words."}, actor_membership=admin_member)

    assert Definition.objects.get(pk=definition.pk).wording == "Our own words."
    assert audit_rows() == [("consensus.definition.changed", "ada.admin")]
    assert _last_event().data["old"] == {"wording": definition.wording}
    assert _last_event().data["new"] == {"wording": "Our own words."}


def test_an_update_that_changes_nothing_writes_nothing(draft, admin_member, audit_rows):
    definition = Definition.objects.get(version=draft, code="extremism")
    consensus_part_update(item=definition, data={"wording": definition.wording}, actor_membership=admin_member)
    assert audit_rows() == []


def test_markup_is_stored_verbatim(draft, admin_member):
    text = '<script>alert("x")</script><b>bold</b> & "quotes"'
    item = consensus_part_create(version=draft, part="definitions", actor_membership=admin_member,
                                 data={"code": "grooming", "term": "<i>Grooming</i>", "wording": text})
    assert Definition.objects.get(pk=item.pk).wording == text
    assert Definition.objects.get(pk=item.pk).term == "<i>Grooming</i>"


@pytest.mark.parametrize(("data", "errors"), [
    ({**PATHWAY, "code": ""}, {"code": ["Enter a code."]}),
    ({**PATHWAY, "code": "Family Support"}, {"code": ["Use 2 to 40 lower-case letters, digits or underscores, "
                                                      "for example early_help."]}),
    ({**PATHWAY, "code": "channel"}, {"code": ["Another item in this agreement already uses this code."]}),
    ({**PATHWAY, "timescale_working_days": 0}, {"timescale_working_days": [
        "Enter the timescale as a whole number of working days from 1 to 260."]}),
    ({**PATHWAY, "timescale_working_days": -3}, {"timescale_working_days": [
        "Enter the timescale as a whole number of working days from 1 to 260."]}),
    ({**PATHWAY, "timescale_working_days": 261}, {"timescale_working_days": [
        "Enter the timescale as a whole number of working days from 1 to 260."]}),
    ({"code": "x1"}, {"label": ["Enter the label."], "when_applies": ["Say when this pathway applies."],
                      "opens_case": ["Say whether this pathway opens a case."],
                      "timescale_working_days": [
                          "Enter the timescale as a whole number of working days from 1 to 260."]}),
    ({**PATHWAY, "label": "   "}, {"label": ["Enter the label."]}),
])
def test_bad_pathways_are_refused_with_field_errors(draft, admin_member, data, errors, audit_rows):
    before = ResponsePathway.objects.filter(version=draft).count()
    with pytest.raises(ConsensusInputError) as raised:
        consensus_part_create(version=draft, part="pathways", data=data, actor_membership=admin_member)
    assert raised.value.as_errors() == errors
    assert ResponsePathway.objects.filter(version=draft).count() == before
    assert audit_rows() == []


def test_responsibility_rules(draft, admin_member, away):
    with scopes_disabled():
        other_team = TeamFactory(authority=away, name="Not ours")
    data = {"stage": "screening", "subject_group": "child", "pathway": "channel", "team": other_team.pk,
            "role": "authority_admin"}
    with pytest.raises(ConsensusInputError) as raised:
        consensus_part_create(version=draft, part="responsibilities", data=data, actor_membership=admin_member)
    assert raised.value.as_errors() == {
        "role": ["Choose practitioner, safeguarding lead or manager."],
        "pathway": ["Only case lead, review and closure approval can depend on the pathway."],
        "team": ["Choose a team in your authority."],
    }


def test_a_second_row_for_the_same_stage_and_group_is_refused(draft, admin_member):
    data = {"stage": "screening", "subject_group": "child", "role": "manager"}
    with pytest.raises(ConsensusInputError) as raised:
        consensus_part_create(version=draft, part="responsibilities", data=data, actor_membership=admin_member)
    assert raised.value.as_errors() == {
        "stage": ["The agreement already says who is responsible for this stage and group (and pathway)."]}


def test_a_responsibility_can_be_given_a_team(draft, admin_member, home_team, audit_rows):
    row = Responsibility.objects.get(version=draft, stage="decision", subject_group="adult")
    consensus_part_update(item=row, data={"team": home_team.pk}, actor_membership=admin_member)

    assert Responsibility.objects.get(pk=row.pk).team == home_team
    assert audit_rows() == [("consensus.responsibility.changed", "ada.admin")]
    assert _last_event().data["new"] == {"team": home_team.pk}


def test_deleting_a_pathway_a_responsibility_uses_is_a_field_error(draft, admin_member, audit_rows):
    channel = ResponsePathway.objects.get(version=draft, code="channel")
    with pytest.raises(ConsensusInputError) as raised:
        consensus_part_delete(item=channel, actor_membership=admin_member)

    assert list(raised.value.as_errors()) == ["code"]
    assert raised.value.message == (
        "“Refer to the police Prevent gateway for Channel consideration” is still used by: Case lead, adults, when "
        "the pathway is channel; Case lead, children, when the pathway is channel. Change or remove those "
        "responsibilities first.")
    assert ResponsePathway.objects.filter(pk=channel.pk).exists()
    assert audit_rows() == []


def test_deleting_a_dimension_with_factors_is_a_field_error(draft, admin_member):
    dimension = AssessmentDimension.objects.get(version=draft, code="intent")
    with pytest.raises(ConsensusInputError, match="still used by"):
        consensus_part_delete(item=dimension, actor_membership=admin_member)


def test_deleting_an_unused_pathway_is_audited(draft, admin_member, audit_rows):
    pathway = ResponsePathway.objects.get(version=draft, code="early_help")
    consensus_part_delete(item=pathway, actor_membership=admin_member)

    assert not ResponsePathway.objects.filter(pk=pathway.pk).exists()
    assert audit_rows() == [("consensus.pathway.removed", "ada.admin")]
    assert _last_event().data["old"]["label"] == pathway.label


def test_a_team_used_by_a_responsibility_cannot_be_deleted(draft, admin_member, home_team):
    row = Responsibility.objects.get(version=draft, stage="review", subject_group="child")
    consensus_part_update(item=row, data={"team": home_team.pk}, actor_membership=admin_member)
    with scopes_disabled(), pytest.raises(ProtectedError):
        home_team.delete()


def test_timescales_are_validated_together(draft, admin_member, audit_rows):
    with pytest.raises(ConsensusInputError) as raised:
        consensus_timescales_update(version=draft, actor_membership=admin_member, data={
            "decision_working_days": 0, "assessment_working_days": 261, "second_post_closure_review_months": 6})
    assert raised.value.as_errors() == {
        "decision_working_days": ["Enter the timescale as a whole number of working days from 1 to 260."],
        "assessment_working_days": ["Enter the timescale as a whole number of working days from 1 to 260."],
        "second_post_closure_review_months": ["The second review must come after the first."],
    }
    assert Timescales.objects.get(version=draft).decision_working_days == 1
    consensus_timescales_update(version=draft, data={"decision_working_days": 2}, actor_membership=admin_member)
    assert Timescales.objects.get(version=draft).decision_working_days == 2
    assert audit_rows() == [("consensus.timescales.changed", "ada.admin")]
    assert _last_event().data == {"version": 1, "old": {"decision_working_days": 1},
                                  "new": {"decision_working_days": 2}}


def test_summary_of_change_is_audited(draft, admin_member, audit_rows):
    consensus_version_update(version=draft, summary="Adds family support", actor_membership=admin_member)
    assert ConsensusVersion.objects.get(pk=draft.pk).summary == "Adds family support"
    assert audit_rows() == [("consensus.version.changed", "ada.admin")]


def test_a_published_version_cannot_be_edited_by_any_service(published, admin_member, audit_rows):
    definition = Definition.objects.filter(version=published).first()
    attempts = [
        lambda: consensus_part_create(version=published, part="pathways", data=PATHWAY, actor_membership=admin_member),
        lambda: consensus_part_update(item=definition, data={"wording": "x"}, actor_membership=admin_member),
        lambda: consensus_part_delete(item=definition, actor_membership=admin_member),
        lambda: consensus_timescales_update(version=published, data={"decision_working_days": 3},
                                            actor_membership=admin_member),
        lambda: consensus_version_update(version=published, summary="x", actor_membership=admin_member),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidTransition, match="a published agreement cannot be changed"):
            attempt()
    assert Definition.objects.get(pk=definition.pk).wording == definition.wording
    assert audit_rows() == []


@pytest.mark.parametrize("persona", ["lead", "manager", "practitioner", "dpo"])
def test_only_the_authority_admin_edits_drafts(draft, persona, request, audit_rows):
    with pytest.raises(PermissionDenied):
        consensus_part_create(version=draft, part="pathways", data=PATHWAY,
                              actor_membership=request.getfixturevalue(persona))
    assert audit_rows() == []


def test_another_authoritys_admin_cannot_edit_our_draft(draft, away, away_admin, in_scope, audit_rows):
    with scopes_disabled():
        definition = Definition.objects.filter(version=draft).first()
    with in_scope(away.pk):
        with pytest.raises(ConsensusVersion.DoesNotExist):
            consensus_part_create(version=draft, part="pathways", data=PATHWAY, actor_membership=away_admin)
        with pytest.raises(ConsensusVersion.DoesNotExist):
            consensus_part_update(item=definition, data={"wording": "x"}, actor_membership=away_admin)
    assert audit_rows() == []
