"""The PDF case summary for panels, courts and transfers: a cover, the decision, assessments with their
comparison, interventions and outcomes, reviews, legal actions, challenges, closure, and the person's chronology
(oldest first, as a document reads). Rendered as the person who asked for it could see the case: if they have
lost access since, the job fails rather than show them more than the page would."""

from collections.abc import Callable, Mapping

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Membership
from cases import permissions as case_permissions
from cases.chronology import chronology_for_subject
from cases.comparison import assessment_comparison
from cases.models import Assessment, AssessmentRating, Case, Challenge, Closure, Intervention, LegalAction, Review
from core.exceptions import FieldErrors, PermissionDenied
from exports.models import ExportJob
from exports.pdf import render_pdf as render_pdf_document


def clean_request(membership: Membership, target_id, params: Mapping) -> tuple[str, Case, dict]:
    try:
        case_id = int(target_id)
    except (TypeError, ValueError):
        raise FieldErrors({"target_id": ["Say which case to export."]}) from None
    case = case_permissions.case_visible_to(membership).get(pk=case_id)  # DoesNotExist: a 404
    if case_permissions.through_break_glass_only(membership, case):
        raise PermissionDenied("Break-glass access lets you read this restricted case, not export it.")
    return "cases.case", case, {}


def _requester(job: ExportJob) -> Membership:
    membership = Membership.objects.select_related("user").filter(
        user_id=job.requested_by_id, authority_id=job.authority_id).first()
    if membership is None or not membership.is_active:
        raise PermissionDenied("The person who asked for this export no longer has access.")
    return membership


def case_summary_context(job: ExportJob, progress: Callable[[int], None]) -> dict:
    membership = _requester(job)
    case = (case_permissions.case_visible_to(membership)
            .select_related("subject", "team", "lead_worker", "consensus_version", "referral",
                            "referral__pathway", "referral__decided_by", "referral__decision_version")
            .get(pk=int(job.target_id)))
    progress(10)
    ratings = AssessmentRating.objects.select_related("factor__dimension", "rating_level").order_by("pk")
    assessments = list(Assessment.objects.filter(case=case).select_related("assessed_by", "consensus_version")
                       .prefetch_related(Prefetch("ratings", ratings)).order_by("assessed_on", "pk"))
    comparisons = [(assessment, assessment_comparison(assessment)) for assessment in assessments]
    progress(30)
    chronology = list(reversed(chronology_for_subject(membership, case.subject_id)))
    progress(50)
    return {
        "case": case, "subject": case.subject, "referral": case.referral, "authority": job.authority,
        "job": job, "requested_by": job.requested_by, "generated_at": timezone.now(),
        "assessments": comparisons,
        "interventions": list(Intervention.objects.filter(case=case).order_by("start_on", "pk")),
        "reviews": list(Review.objects.filter(case=case, cancelled=False).select_related("held_by")
                        .order_by("due_on", "pk")),
        "closures": list(Closure.objects.filter(case=case).select_related("proposed_by", "decided_by")
                         .order_by("proposed_at", "pk")),
        "legal_actions": list(LegalAction.objects.filter(case=case).order_by("applied_on", "pk")),
        "challenges": list(Challenge.objects.filter(case=case).select_related("intervention")
                           .order_by("raised_on", "pk")),
        "chronology": chronology,
    }


def render_pdf(job: ExportJob, progress: Callable[[int], None]) -> bytes:
    context = case_summary_context(job, progress)
    content, _refused = render_pdf_document("exports/pdf/case_summary.html", context,
                                            title=f"Case summary {context['case'].reference}")
    progress(95)
    return content
