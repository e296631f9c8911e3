"""The subject access pack: everything the authority holds about one person (one or more subject records the
DPO has judged to be that person), across referrals and cases, for the DPO to review (and redact third-party
data) before release. The DPO sees no casework in the application; this pack is the one place they do, for this
legal purpose, and asking for it is audited."""

from collections.abc import Callable, Mapping

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Membership
from cases.models import (
    Assessment,
    AssessmentRating,
    Case,
    CaseNote,
    Challenge,
    Closure,
    Intervention,
    InterventionSession,
    LegalAction,
    Review,
)
from core.exceptions import FieldErrors
from exports.models import ExportJob
from exports.pdf import render_pdf as render_pdf_document
from referrals.models import Referral, ReferralStatus, ScreeningNote, Subject

MAX_SUBJECTS = 20


def clean_request(membership: Membership, target_id, params: Mapping) -> tuple[str, Subject, dict]:
    """``target_id`` is the subject record the request is about; ``params["subject_ids"]`` may add other
    records of the same person (the DPO's judgement)."""
    raw = params.get("subject_ids") or ([target_id] if target_id else [])
    if not isinstance(raw, list | tuple) or not raw or len(raw) > MAX_SUBJECTS:
        raise FieldErrors({"subject_ids": [f"Choose between 1 and {MAX_SUBJECTS} records of the person."]})
    try:
        ids = sorted({int(value) for value in raw})
    except (TypeError, ValueError):
        raise FieldErrors({"subject_ids": ["Choose records from the list."]}) from None
    subjects = list(Subject.objects.filter(authority_id=membership.authority_id, pk__in=ids).order_by("pk"))
    if len(subjects) != len(ids):
        raise Subject.DoesNotExist("No such person in this authority")
    return "referrals.subject", subjects[0], {"subject_ids": ids}


def subject_access_context(job: ExportJob, progress: Callable[[int], None]) -> dict:
    ids = job.params["subject_ids"]
    subjects = list(Subject.objects.filter(pk__in=ids).order_by("pk"))
    referrals = list(
        Referral.objects.filter(subject_id__in=ids).exclude(status=ReferralStatus.DRAFT)
        .select_related("subject", "pathway", "submitted_by", "decided_by", "routed_team")
        .prefetch_related("concern_types", "indicators",
                          Prefetch("screening_notes", ScreeningNote.objects.select_related("author").order_by("at")))
        .order_by("submitted_at", "pk"))
    progress(20)
    cases = list(
        Case.objects.filter(subject_id__in=ids).select_related("team", "lead_worker", "referral")
        .prefetch_related(
            Prefetch("assessments", Assessment.objects.select_related("assessed_by").prefetch_related(
                Prefetch("ratings", AssessmentRating.objects.select_related("factor", "rating_level")))
                .order_by("assessed_on", "pk")),
            Prefetch("interventions", Intervention.objects.prefetch_related(
                Prefetch("sessions", InterventionSession.objects.order_by("held_on", "pk")))
                .order_by("start_on", "pk")),
            Prefetch("reviews", Review.objects.filter(cancelled=False).order_by("due_on", "pk")),
            Prefetch("closures", Closure.objects.order_by("proposed_at", "pk")),
            Prefetch("legal_actions", LegalAction.objects.order_by("applied_on", "pk")),
            Prefetch("challenges", Challenge.objects.order_by("raised_on", "pk")),
            Prefetch("notes", CaseNote.objects.select_related("written_by").order_by("occurred_on", "written_at")),
        ).order_by("opened_at", "pk"))
    progress(50)
    return {"job": job, "authority": job.authority, "requested_by": job.requested_by, "subjects": subjects,
            "referrals": referrals, "cases": cases, "generated_at": timezone.now()}


def render_pdf(job: ExportJob, progress: Callable[[int], None]) -> bytes:
    context = subject_access_context(job, progress)
    content, _refused = render_pdf_document("exports/pdf/subject_access.html", context,
                                            title=f"Subject access pack {str(job.public_id)[:8]}")
    progress(95)
    return content
