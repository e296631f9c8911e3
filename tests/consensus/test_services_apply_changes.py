"""Many edits at once (the API's PATCH): all validated first, all or nothing, every change audited."""

import pytest
from django_scopes import scopes_disabled

from consensus.comparison import version_snapshot
from consensus.models import ConsensusVersion, ResponsePathway, Responsibility, Timescales
from consensus.parts import PART_SPECS
from consensus.services import consensus_version_apply_changes
from consensus.validation import ConsensusInputError
from core.exceptions import InvalidTransition, PermissionDenied
from tests.consensus.conftest import submit_and_sign

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_scope")]


def _pathways(version):
    return [PART_SPECS["pathways"].values(item) for item in ResponsePathway.objects.filter(version=version)]


def _apply(version, membership, **changes):
    return consensus_version_apply_changes(version=version, changes=changes, actor_membership=membership)


def test_adds_changes_and_removes_by_code(draft, admin_member, audit_rows):
    pathways = [item for item in _pathways(draft) if item["code"] != "early_help"]
    pathways[0]["timescale_working_days"] = 2
    pathways.append({"code": "family_support", "label": "Family support", "when_applies": "Asked for.",
                     "opens_case": False, "timescale_working_days": 5})

    _apply(draft, admin_member, summary="Local pathways", timescales={"decision_working_days": 2},
           pathways=[{key: value for key, value in item.items() if key != "position"} for item in pathways])

    codes = list(ResponsePathway.objects.filter(version=draft).values_list("code", "position"))
    assert codes == [(item["code"], index) for index, item in enumerate(pathways)]
    assert ResponsePathway.objects.get(version=draft, code="no_further_action").timescale_working_days == 2
    assert Timescales.objects.get(version=draft).decision_working_days == 2
    rows = audit_rows()
    assert rows[:3] == [("consensus.version.changed", "ada.admin"), ("consensus.timescales.changed", "ada.admin"),
                        ("consensus.pathway.changed", "ada.admin")]
    assert sorted(rows[3:]) == sorted([("consensus.pathway.changed", "ada.admin")] * 5 + [
        ("consensus.pathway.added", "ada.admin"), ("consensus.pathway.removed", "ada.admin")])


def test_removing_a_pathway_with_its_responsibilities_in_one_go(draft, admin_member, audit_rows):
    pathways = [item for item in _pathways(draft) if item["code"] != "channel"]
    responsibilities = [PART_SPECS["responsibilities"].values(row) for row in
                        Responsibility.objects.filter(version=draft, pathway__isnull=True)]
    _apply(draft, admin_member, pathways=pathways, responsibilities=responsibilities)

    assert not ResponsePathway.objects.filter(version=draft, code="channel").exists()
    assert not Responsibility.objects.filter(version=draft, pathway__isnull=False).exists()
    assert audit_rows() == [("consensus.responsibility.removed", "ada.admin")] * 2 + [
        ("consensus.pathway.removed", "ada.admin")]


def test_every_problem_is_reported_with_its_place_and_nothing_is_saved(draft, admin_member, audit_rows):
    before = version_snapshot(draft)
    pathways = _pathways(draft)
    pathways[1]["code"] = ""
    pathways[2]["timescale_working_days"] = 0
    pathways[3]["code"] = pathways[4]["code"]

    with pytest.raises(ConsensusInputError) as raised:
        _apply(draft, admin_member, summary="Should not be saved", timescales={"assessment_working_days": -1},
               pathways=pathways, definitions=[{"code": "ok_code", "term": "Fine", "wording": "<b>fine</b>"},
                                               {"code": "ok_code", "term": "Twice", "wording": "Twice"}])

    assert raised.value.as_errors() == {
        "timescales.assessment_working_days": [
            "Enter the timescale as a whole number of working days from 1 to 260."],
        "definitions.1.code": ["This is the same as an earlier item in this list."],
        "pathways.1.code": ["Enter a code."],
        "pathways.2.timescale_working_days": [
            "Enter the timescale as a whole number of working days from 1 to 260."],
        "pathways.4.code": ["This is the same as an earlier item in this list."],
    }
    assert version_snapshot(draft) == before
    assert ConsensusVersion.objects.get(pk=draft.pk).summary != "Should not be saved"
    assert audit_rows() == []


def test_removing_a_pathway_still_used_is_an_error_on_pathways(draft, admin_member, audit_rows):
    pathways = [item for item in _pathways(draft) if item["code"] != "channel"]
    with pytest.raises(ConsensusInputError) as raised:
        _apply(draft, admin_member, pathways=pathways)
    assert list(raised.value.as_errors()) == ["pathways"]
    assert "is still used by: Case lead, adults" in raised.value.errors["pathways"][0]
    assert ResponsePathway.objects.filter(version=draft, code="channel").exists()
    assert audit_rows() == []


def test_a_responsibility_must_name_a_pathway_that_will_exist(draft, admin_member):
    pathways = [item for item in _pathways(draft) if item["code"] != "channel"]
    responsibilities = [PART_SPECS["responsibilities"].values(row) for row in
                        Responsibility.objects.filter(version=draft).select_related("pathway", "team")]
    with pytest.raises(ConsensusInputError) as raised:
        _apply(draft, admin_member, pathways=pathways, responsibilities=responsibilities)
    channel_rows = [index for index, row in enumerate(responsibilities) if row["pathway"] == "channel"]
    assert len(channel_rows) == 2
    assert raised.value.as_errors() == {f"responsibilities.{index}.pathway": [
        "Choose a response pathway of this agreement."] for index in channel_rows}


def test_unknown_keys_are_refused(draft, admin_member):
    with pytest.raises(ConsensusInputError) as raised:
        consensus_version_apply_changes(version=draft, changes={"status": "published"},
                                        actor_membership=admin_member)
    assert raised.value.as_errors() == {"status": ["This cannot be changed."]}


def test_a_version_in_review_is_refused(draft, admin_member, lead, manager, audit_rows):
    submit_and_sign(draft, lead=lead, manager=manager)
    start = len(audit_rows())
    with pytest.raises(InvalidTransition, match="waiting for sign-off"):
        _apply(draft, admin_member, summary="Late change")
    assert len(audit_rows()) == start


def test_a_manager_cannot_apply_changes(draft, manager, audit_rows):
    with pytest.raises(PermissionDenied):
        _apply(draft, manager, summary="Not mine to change")
    assert audit_rows() == []


def test_another_authority_cannot_apply_changes(draft, away, away_admin, in_scope, audit_rows):
    with in_scope(away.pk), pytest.raises(ConsensusVersion.DoesNotExist):
        _apply(draft, away_admin, summary="Not ours")
    with scopes_disabled():
        assert ConsensusVersion.objects.get(pk=draft.pk).summary != "Not ours"
    assert audit_rows() == []
