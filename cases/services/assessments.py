"""Recording an assessment against the assessment framework of the agreement in force."""

from collections.abc import Mapping
from datetime import date, datetime

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from cases.models import Assessment, AssessmentRating, Case, CaseStatus, RiskLevel
from cases.models.choices import NOTE_MAX, SUMMARY_MAX
from cases.permissions import CaseAction
from cases.services._casework_input import Checks
from cases.services._common import backdated, local_date, lock_case, moment, version_in_force
from cases.transitions import case_move
from consensus.models import AssessmentFactor, RatingLevel


def _clean_ratings(checks: Checks, factors: list[AssessmentFactor], levels: dict[int, RatingLevel], ratings,
                   rating_notes) -> tuple[dict[str, RatingLevel], dict[str, str]]:
    """The rating level chosen for every factor, and the notes given, by factor code."""
    ratings = ratings if isinstance(ratings, Mapping) else {}
    rating_notes = rating_notes if isinstance(rating_notes, Mapping) else {}
    codes = {factor.code for factor in factors}
    unknown = sorted(str(code) for code in {*ratings, *rating_notes} if code not in codes)
    if unknown:
        checks.error("ratings", f"These are not factors of the agreement in force: {', '.join(unknown)}")
    scale = f"({min(levels)} to {max(levels)})" if levels else "(the agreement has no rating scale)"
    chosen, notes = {}, {}
    for factor in factors:
        field, score = f"ratings.{factor.code}", ratings.get(factor.code)
        if isinstance(score, str) and score.strip().isdigit():
            score = int(score.strip())
        if score in (None, ""):
            checks.error(field, f"Choose a rating for ‘{factor.label}’")
        elif isinstance(score, bool) or not isinstance(score, int) or score not in levels:
            checks.error(field, f"Choose a rating from the scale {scale}")
        else:
            chosen[factor.code] = levels[score]
        note = checks.text(f"rating_notes.{factor.code}", rating_notes.get(factor.code), max_length=NOTE_MAX,
                           label="The note")
        if note:
            notes[factor.code] = note
    return chosen, notes


@transaction.atomic
def assessment_record(*, case: Case | int, actor_membership: Membership, assessed_on: date,
                      ratings: Mapping[str, int], summary: str, plan: str, overall_risk: str,
                      rating_notes: Mapping[str, str] | None = None, at: datetime | None = None) -> Assessment:
    """Record an assessment against the framework of the agreement in force now: a rating on the agreement's
    scale for every factor, a summary, a plan and the overall risk level. The case's risk level becomes the
    latest assessment's; the first assessment of an open case moves it to assessment."""
    case = lock_case(case, actor_membership, CaseAction.RECORD)
    version = version_in_force(case.authority_id)
    factors = list(AssessmentFactor.objects.filter(version=version).select_related("dimension")
                   .order_by("dimension__position", "position", "pk"))
    levels = {level.score: level for level in RatingLevel.objects.filter(version=version)}
    when = moment(at)
    checks = Checks()
    assessed_on = checks.date("assessed_on", assessed_on, label="The assessment date")
    checks.not_future("assessed_on", assessed_on, local_date(when))
    checks.not_before("assessed_on", assessed_on, local_date(case.opened_at),
                      "The assessment date must be on or after the day the case opened ({date})")
    chosen, notes = _clean_ratings(checks, factors, levels, ratings, rating_notes)
    summary = checks.text("summary", summary, max_length=SUMMARY_MAX, missing="Enter a summary of the assessment",
                          label="The summary")
    plan = checks.text("plan", plan, max_length=SUMMARY_MAX, missing="Enter the plan", label="The plan")
    checks.choice("overall_risk", overall_risk, RiskLevel.values, "Choose the overall risk level: low, medium or high")
    checks.raise_any()

    assessment = Assessment.objects.create(
        authority_id=case.authority_id, case=case, consensus_version=version, assessed_on=assessed_on,
        assessed_by=actor_membership.user, summary=summary, plan=plan, overall_risk=overall_risk)
    AssessmentRating.objects.bulk_create([
        AssessmentRating(authority_id=case.authority_id, assessment=assessment, factor=factor,
                         factor_code=factor.code, rating_level=chosen[factor.code], score=chosen[factor.code].score,
                         note=notes.get(factor.code, ""))
        for factor in factors])
    old_risk = case.risk_level
    is_latest = not Assessment.objects.filter(case=case, assessed_on__gt=assessed_on).exists()
    if is_latest and old_risk != overall_risk:
        case.risk_level = overall_risk
        case.save(update_fields=["risk_level", "updated_at"])
    audit_record(action="cases.assessment.recorded", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "assessment_id": assessment.pk, "assessed_on": assessed_on,
                       "consensus_version": version.number, "overall_risk": overall_risk,
                       "ratings": {code: level.score for code, level in chosen.items()},
                       "old": {"risk_level": old_risk}, "new": {"risk_level": case.risk_level},
                       **backdated(at)})
    if case.status == CaseStatus.OPEN:
        case_move(case=case, to_status=CaseStatus.ASSESSMENT, actor_membership=actor_membership, at=when,
                  reason="First assessment recorded", data={"assessment_id": assessment.pk}, backdated_at=at)
    return assessment
