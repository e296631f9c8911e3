"""assessment_comparison: an assessment factor by factor against the previous one of the same case."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from cases.comparison import FactorChange, assessment_comparison, previous_assessment
from cases.models import Assessment
from cases.permissions import case_visible_to
from cases.services import assessment_record
from consensus.models import AssessmentFactor, RatingLevel, SignOffKind
from consensus.services import (
    consensus_draft_create,
    consensus_part_create,
    consensus_part_delete,
    consensus_part_update,
    consensus_version_publish,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
from core.tenancy import authority_scope
from tests.cases.casework import FACTORS, assess, days_ago, opened_days_ago
from tests.cases.conftest import open_case

pytestmark = pytest.mark.django_db


def compare(assessment, authority_id=None):
    with authority_scope(authority_id or assessment.authority_id):
        return assessment_comparison(assessment)


def by_code(rows: list[FactorChange]) -> dict[str, tuple]:
    return {row.code: (row.previous_score, row.current_score, row.change) for row in rows}


def republish_framework(authority, *, admin, lead, manager, drop=(), add=(), relabel=None, scale=None):
    """Publish the next agreement with factors dropped, added ((code, dimension, label)) or relabelled, and rating
    levels relabelled ({score: label})."""
    with authority_scope(authority.pk):
        draft = consensus_draft_create(actor_membership=admin, summary="A new assessment framework")
        for code in drop:
            consensus_part_delete(item=AssessmentFactor.objects.get(version=draft, code=code), actor_membership=admin)
        for code, dimension, label in add:
            consensus_part_create(version=draft, part="factors", actor_membership=admin,
                                  data={"code": code, "dimension": dimension, "label": label, "position": 5})
        for code, label in (relabel or {}).items():
            consensus_part_update(item=AssessmentFactor.objects.get(version=draft, code=code), data={"label": label},
                                  actor_membership=admin)
        for score, label in (scale or {}).items():
            consensus_part_update(item=RatingLevel.objects.get(version=draft, score=score), data={"label": label},
                                  actor_membership=admin)
        consensus_version_submit_for_review(version=draft, actor_membership=admin)
        consensus_version_sign_off(version=draft, kind=SignOffKind.STRATEGIC, actor_membership=manager)
        consensus_version_sign_off(version=draft, kind=SignOffKind.FRONTLINE, actor_membership=lead)
        return consensus_version_publish(version=draft, actor_membership=manager)


def test_the_first_assessment_has_nothing_to_compare_with(case, lead):
    assert compare(assess(case, lead)) == []


def test_each_factor_is_higher_lower_or_the_same_in_the_frameworks_order(case, lead):
    assess(case, lead, level=1)
    later = assess(case, lead, level=1, exposure=3, means=0)
    rows = compare(later)
    assert [row.code for row in rows] == list(FACTORS)
    assert rows[1] == FactorChange(code="exposure", label="Contact with extremist people and material",
                                   dimension="Engagement", previous_score=1, previous_label="Low", current_score=3,
                                   current_label="High", change="higher")
    assert by_code(rows)["means"] == (1, 0, "lower")
    assert {row.change for row in rows if row.code not in ("exposure", "means")} == {"same"}


def test_the_previous_assessment_is_the_one_dated_just_before(case, lead):
    opened_days_ago(case, 30)
    first = assess(case, lead, on=days_ago(20), level=0)
    latest = assess(case, lead, on=days_ago(2), level=3)
    middle = assess(case, lead, on=days_ago(10), level=2)  # recorded last, dated in between
    with authority_scope(case.authority_id):
        assert previous_assessment(latest) == middle and previous_assessment(middle) == first
        assert previous_assessment(first) is None
    assert set(by_code(compare(latest)).values()) == {(2, 3, "higher")}
    assert set(by_code(compare(middle)).values()) == {(0, 2, "higher")}


def test_two_assessments_on_the_same_day_compare_in_the_order_they_were_recorded(case, lead):
    morning, afternoon = assess(case, lead, level=2), assess(case, lead, level=1)
    assert set(by_code(compare(afternoon)).values()) == {(2, 1, "lower")}
    with authority_scope(case.authority_id):
        assert previous_assessment(afternoon) == morning


def test_only_the_same_cases_assessments_are_compared(case, agreement, practitioner, lead):
    other = open_case(practitioner, lead)
    assess(other, lead, level=3)
    assert compare(assess(case, lead)) == []


def test_factors_match_by_code_across_two_versions_of_the_agreement(case, home, admin_member, lead, manager):
    before = assess(case, lead, level=2, skills=1)
    republish_framework(home, admin=admin_member, lead=lead, manager=manager, drop=["skills"],
                        add=[("online_activity", "engagement", "Time spent in extremist online spaces")],
                        relabel={"exposure": "Contact with extremist people, groups and material"},
                        scale={2: "Significant"})
    with authority_scope(home.pk):
        ratings = {code: 2 for code in FACTORS if code != "skills"} | {"online_activity": 3, "means": 1}
        after = assessment_record(case=case, actor_membership=lead, assessed_on=before.assessed_on, ratings=ratings,
                                  summary="Reassessed.", plan="Continue.", overall_risk="medium")
    assert after.consensus_version_id != before.consensus_version_id
    rows = compare(after)
    assert by_code(rows) == {
        "grievance_and_belonging": (2, 2, "same"), "exposure": (2, 2, "same"), "online_activity": (None, 3, "new"),
        "justification": (2, 2, "same"), "stated_intent": (2, 2, "same"), "means": (2, 1, "lower"),
        "skills": (1, None, "no longer assessed")}
    assert [row.code for row in rows][-1] == "skills"
    changes = {row.code: row for row in rows}
    assert changes["exposure"].label == "Contact with extremist people, groups and material"
    assert (changes["exposure"].previous_label, changes["exposure"].current_label) == ("Moderate", "Significant")
    assert (changes["online_activity"].previous_label, changes["online_activity"].dimension) == ("", "Engagement")
    assert (changes["skills"].label, changes["skills"].current_label, changes["skills"].previous_label) == (
        "Knowledge, skills or contacts to carry out harm", "", "Low")


def test_the_comparison_runs_two_queries_and_writes_nothing(case, lead):
    assess(case, lead)
    later = assess(case, lead, level=2)
    with authority_scope(case.authority_id), CaptureQueriesContext(connection) as queries:
        assessment_comparison(later)
    assert len(queries) == 2
    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in queries.captured_queries)


def test_other_authorities_and_wrong_roles_reach_nothing(case, lead, outsider, admin_member, dpo, away_agreement):
    assess(case, lead)
    later = assess(case, lead, level=2)
    # Another authority's scope finds none of the ratings, so nothing leaks even if an id were guessed.
    assert compare(later, authority_id=outsider.authority_id) == []
    # The pages reach an assessment only through the cases the reader may see.
    for member in (admin_member, dpo, outsider):
        with authority_scope(member.authority_id), pytest.raises(Assessment.DoesNotExist):
            Assessment.objects.filter(case__in=case_visible_to(member)).get(pk=later.pk)
    with scopes_disabled():
        assert Assessment.objects.count() == 2
