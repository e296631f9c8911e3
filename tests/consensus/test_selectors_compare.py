"""The comparison of a draft with the version in force: added, removed and changed items per part."""

import pytest

from consensus.models import ConsensusVersion, Definition, Responsibility
from consensus.selectors import consensus_version_compare
from consensus.services import (
    consensus_part_create,
    consensus_part_delete,
    consensus_part_update,
    consensus_timescales_update,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_scope")]


def _part(comparison, name):
    return next(part for part in comparison.parts if part.name == name)


def test_an_unchanged_copy_has_no_changes(published, second_draft):
    comparison = consensus_version_compare(published, second_draft)
    assert not comparison.has_changes and comparison.summary() == {}
    assert (comparison.old_number, comparison.new_number) == (1, 2)
    assert _part(comparison, "definitions").unchanged == 6


def test_each_kind_of_change_is_found(published, second_draft, admin_member, home_team):
    consensus_part_create(version=second_draft, part="definitions", actor_membership=admin_member,
                          data={"code": "grooming", "term": "Grooming", "wording": "Building trust to exploit."})
    consensus_part_delete(item=Definition.objects.get(version=second_draft, code="channel"),
                          actor_membership=admin_member)
    consensus_part_update(item=Definition.objects.get(version=second_draft, code="extremism"),
                          data={"wording": "Local words.", "guidance": "Ask a lead."}, actor_membership=admin_member)
    consensus_part_update(item=Responsibility.objects.get(version=second_draft, stage="screening",
                                                          subject_group="child"),
                          data={"team": home_team.pk}, actor_membership=admin_member)
    consensus_timescales_update(version=second_draft, data={"decision_working_days": 2},
                                actor_membership=admin_member)

    comparison = consensus_version_compare(published, second_draft)

    definitions = _part(comparison, "definitions")
    assert [(item.key, item.before, item.after["term"]) for item in definitions.added] == [
        ("grooming", None, "Grooming")]
    assert [(item.key, item.after) for item in definitions.removed] == [("channel", None)]
    [changed] = definitions.changed
    assert (changed.key, changed.label, changed.fields) == ("extremism", "Extremism", ("wording", "guidance"))
    assert changed.after["wording"] == "Local words." and changed.before["wording"].startswith("Promoting")
    assert definitions.unchanged == 4
    [team_change] = _part(comparison, "responsibilities").changed
    assert (team_change.key, team_change.fields) == ("screening:child", ("team",))
    assert (team_change.before["team_name"], team_change.after["team_name"]) == (None, "Front door")
    assert [(change.field, change.before, change.after) for change in comparison.timescales] == [
        ("decision_working_days", 1, 2)]
    assert comparison.summary() == {
        "definitions": {"added": 1, "removed": 1, "changed": 1},
        "responsibilities": {"added": 0, "removed": 0, "changed": 1},
        "timescales": {"decision_working_days": [1, 2]},
    }


def test_the_first_version_is_all_additions(draft):
    comparison = consensus_version_compare(None, draft)
    assert comparison.old_number is None
    assert all(not part.removed and not part.changed and part.added for part in comparison.parts)
    assert comparison.timescales[0].before is None


def test_versions_of_two_authorities_cannot_be_compared(published, away_published):
    with pytest.raises(ValueError, match="same authority"):
        consensus_version_compare(published, away_published)


def test_the_compare_endpoint_is_404_for_outsiders_and_for_drafts_to_practitioners(
        published, second_draft, client_for, outsider, practitioner, admin_member):
    path = f"/api/v1/consensus/versions/{second_draft.pk}/compare/"
    assert client_for(outsider).get(path).status_code == 404
    assert client_for(practitioner).get(path).status_code == 404
    response = client_for(admin_member).get(path)
    assert response.status_code == 200
    assert response.json()["old_number"] == 1 and response.json()["new_number"] == 2
    assert ConsensusVersion.objects.get(pk=second_draft.pk).based_on_id == published.pk
