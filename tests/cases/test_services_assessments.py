"""assessment_record: an assessment against the framework of the agreement in force."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from cases.models import Assessment, AssessmentRating, Case, CaseStatus, CaseTransition
from cases.services import assessment_record
from cases.services._common import local_date, today
from core.exceptions import FieldErrors, PermissionDenied
from core.tenancy import authority_scope
from tests.cases.casework import (
    FACTORS,
    assess,
    assign,
    close,
    counts,
    days_ago,
    last_audit,
    opened_days_ago,
    restrict_for,
    scores,
    start_review,
    start_support,
)
from tests.cases.conftest import fresh_case
from tests.referrals.conftest import republish

pytestmark = pytest.mark.django_db

VALID = {"summary": "Engaging with the mentor.", "plan": "Weekly mentoring.", "overall_risk": "medium"}


def record(case, membership, **overrides):
    values = {"assessed_on": today(), "ratings": scores(), **VALID, **overrides}
    with authority_scope(membership.authority_id):
        return assessment_record(case=case, actor_membership=membership, **values)


def refused(case, membership, **overrides) -> dict:
    """The field errors of a refused call, after checking it wrote nothing."""
    before = counts(Assessment, AssessmentRating, CaseTransition)
    with pytest.raises(FieldErrors) as error:
        record(case, membership, **overrides)
    assert counts(Assessment, AssessmentRating, CaseTransition) == before
    assert fresh_case(case).status == CaseStatus.OPEN
    return error.value.errors


def test_the_first_assessment_rates_every_factor_and_moves_the_case_to_assessment(case, agreement, lead,
                                                                                    audit_rows):
    seen = len(audit_rows())
    assessment = record(case, lead, ratings=scores(1, means=0, stated_intent=3), overall_risk="high",
                        rating_notes={"means": "No access to weapons at home."})
    with scopes_disabled():
        ratings = {r.factor_code: (r.score, r.rating_level.label, r.factor.version_id, r.note)
                   for r in assessment.ratings.select_related("rating_level", "factor")}
        transition = CaseTransition.objects.filter(case_id=case.pk).latest("pk")
    assert (assessment.consensus_version_id, assessment.assessed_by, assessment.assessed_on) == (
        agreement.pk, lead.user, today())
    assert (assessment.summary, assessment.plan, assessment.overall_risk) == (VALID["summary"], VALID["plan"], "high")
    assert set(ratings) == set(FACTORS)
    assert ratings["stated_intent"] == (3, "High", agreement.pk, "")
    assert ratings["means"] == (0, "None", agreement.pk, "No access to weapons at home.")
    assert ratings["exposure"][:2] == (1, "Low")
    case = fresh_case(case)
    assert (case.status, case.risk_level) == (CaseStatus.ASSESSMENT, "high")
    assert (transition.from_status, transition.to_status, transition.actor) == ("open", "assessment", lead.user)
    assert audit_rows()[seen:] == [("cases.assessment.recorded", "lee.lead"),
                                   ("cases.case.assessment_started", "lee.lead")]
    data = last_audit("cases.assessment.recorded").data
    assert data["assessment_id"] == assessment.pk and data["consensus_version"] == agreement.number
    assert data["ratings"] == scores(1, means=0, stated_intent=3)
    assert (data["old"], data["new"]) == ({"risk_level": ""}, {"risk_level": "high"})
    assert "summary" not in data and "plan" not in data


def test_a_later_assessment_changes_the_risk_level_but_not_the_status(case, agreement, lead, audit_rows):
    record(case, lead, overall_risk="high")
    seen = len(audit_rows())
    record(case, lead, overall_risk="low")
    assert (fresh_case(case).status, fresh_case(case).risk_level) == (CaseStatus.ASSESSMENT, "low")
    assert audit_rows()[seen:] == [("cases.assessment.recorded", "lee.lead")]


def test_an_assessment_dated_before_the_latest_keeps_the_latest_risk_level(case, agreement, lead):
    opened_days_ago(case, 30)
    record(case, lead, assessed_on=days_ago(2), overall_risk="high")
    record(case, lead, assessed_on=days_ago(10), overall_risk="low")
    assert fresh_case(case).risk_level == "high"


def test_an_assessment_in_support_or_review_keeps_the_status(case, agreement, lead, audit_rows):
    start_support(case, lead)
    seen = len(audit_rows())
    record(case, lead)
    assert fresh_case(case).status == CaseStatus.SUPPORT
    start_review(case, lead)
    record(case, lead)
    assert fresh_case(case).status == CaseStatus.REVIEW
    assert audit_rows()[seen:] == [("cases.assessment.recorded", "lee.lead"), ("cases.case.review_started", "lee.lead"),
                                   ("cases.assessment.recorded", "lee.lead")]


def test_the_framework_is_the_agreement_in_force_now_not_when_the_case_opened(case, agreement, home, admin_member,
                                                                            lead, manager):
    newer = republish(home, admin=admin_member, lead=lead, manager=manager)
    assessment = record(case, lead)
    with scopes_disabled():
        versions = set(assessment.ratings.values_list("factor__version_id", flat=True))
    assert fresh_case(case).consensus_version_id == agreement.pk
    assert assessment.consensus_version_id == newer.pk and versions == {newer.pk}


def test_every_missing_or_wrong_field_is_reported_at_once_and_nothing_is_written(case, agreement, lead,
                                                                                 audit_rows):
    seen = len(audit_rows())
    ratings = scores(exposure=4, justification=-1, stated_intent="high", skills=True)
    del ratings["means"]
    ratings["charisma"] = 2
    errors = refused(case, lead, assessed_on=today() + dt.timedelta(days=1), ratings=ratings, summary="  ",
                     plan="", overall_risk="severe", rating_notes={"luck": "n/a"})
    scale = ["Choose a rating from the scale (0 to 3)"]
    assert errors == {
        "assessed_on": ["Enter a date that is not in the future"],
        "ratings": ["These are not factors of the agreement in force: charisma, luck"],
        "ratings.exposure": scale, "ratings.justification": scale, "ratings.stated_intent": scale,
        "ratings.means": ["Choose a rating for ‘Access to weapons or other means of harm’"],
        "ratings.skills": scale,
        "summary": ["Enter a summary of the assessment"],
        "plan": ["Enter the plan"],
        "overall_risk": ["Choose the overall risk level: low, medium or high"],
    }
    assert audit_rows()[seen:] == []


def test_no_ratings_at_all_names_every_factor(case, agreement, lead):
    errors = refused(case, lead, ratings={})
    assert sorted(errors) == sorted(f"ratings.{code}" for code in FACTORS)
    assert errors["ratings.exposure"] == ["Choose a rating for ‘Contact with extremist people and material’"]
    assert refused(case, lead, ratings=None).keys() == errors.keys()


def test_the_assessment_date_is_needed_real_and_not_before_the_case_opened(case, agreement, lead):
    assert refused(case, lead, assessed_on=None) == {"assessed_on": ["Enter the assessment date"]}
    assert refused(case, lead, assessed_on="31/02/2026") == {"assessed_on": ["The assessment date must be a real "
                                                                             "date"]}
    opened = local_date(fresh_case(case).opened_at)
    assert refused(case, lead, assessed_on=opened - dt.timedelta(days=1)) == {"assessed_on": [
        f"The assessment date must be on or after the day the case opened ({opened.day} {opened:%B %Y})"]}


def test_long_text_is_refused_with_its_limit(case, agreement, lead):
    errors = refused(case, lead, summary="x" * 5001, rating_notes={"means": "y" * 10_001})
    assert errors == {"rating_notes.means": ["The note must be 10,000 characters or fewer"],
                      "summary": ["The summary must be 5,000 characters or fewer"]}


def test_scores_given_as_digits_are_accepted(case, agreement, lead):
    assessment = record(case, lead, ratings={code: "2" for code in FACTORS})
    with scopes_disabled():
        assert set(assessment.ratings.values_list("score", flat=True)) == {2}


# Who may record an assessment.

def test_a_practitioner_records_only_with_the_work_on_case_grant(case, agreement, practitioner, lead):
    with pytest.raises(Case.DoesNotExist):
        record(case, practitioner)
    assign(case, practitioner, lead)
    assert record(case, practitioner).assessed_by == practitioner.user


def test_a_named_access_grant_lets_a_practitioner_see_but_not_record(case, agreement, practitioner, lead):
    restrict_for(case, practitioner, lead)
    with pytest.raises(PermissionDenied):
        record(case, practitioner)


def test_wrong_roles_and_other_authorities_cannot_record(case, agreement, admin_member, dpo, outsider,
                                                         away_agreement, audit_rows):
    seen = len(audit_rows())
    for member in (admin_member, dpo, outsider):
        with pytest.raises(Case.DoesNotExist):
            record(case, member)
    assert audit_rows()[seen:] == []
    with scopes_disabled():
        assert not Assessment.objects.exists()


def test_a_closed_case_takes_no_assessment(case, agreement, lead, manager):
    close(case, lead, manager)
    for member in (lead, manager):
        with pytest.raises(PermissionDenied):
            record(case, member)


def test_a_backdated_assessment_is_noted_in_the_audit_trail(case, agreement, lead):
    assess(case, lead)
    at = timezone.now() - dt.timedelta(minutes=5)
    with authority_scope(lead.authority_id):
        assessment_record(case=case, actor_membership=lead, assessed_on=today(), ratings=scores(), at=at, **VALID)
    assert last_audit("cases.assessment.recorded").data["backdated_to"] == at.isoformat()
