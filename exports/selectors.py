"""Reads of export jobs: a member's own, plus (for a DPO) the authority's subject access packs."""

from django.db.models import Q, QuerySet

from accounts.models import Membership
from accounts.roles import Capability
from exports import permissions
from exports.models import ExportJob, ExportKind


def export_jobs_for(membership: Membership) -> QuerySet:
    if membership is None or not membership.is_active:
        return ExportJob.objects.none()
    visible = Q(requested_by_id=membership.user_id)
    if membership.can(Capability.SUBJECT_ACCESS):
        visible |= Q(kind=ExportKind.SUBJECT_ACCESS)
    return (ExportJob.objects.filter(visible, authority_id=membership.authority_id)
            .select_related("requested_by").order_by("-created_at", "-pk"))


def export_job_for(membership: Membership, public_id) -> ExportJob | None:
    job = ExportJob.objects.select_related("requested_by").filter(public_id=public_id).first()
    return job if job is not None and permissions.can_see_job(membership, job) else None


def subjects_matching(membership: Membership, *, reference: str = "", last_name: str = "", first_name: str = "",
                      date_of_birth=None, limit: int = 50) -> list:
    """The person records of the member's authority that match a subject access search, with the references
    of their referrals and cases (two queries whatever the number of matches)."""
    from django.db.models import Prefetch

    from cases.models import Case
    from referrals.models import Referral, ReferralStatus, Subject

    subjects = Subject.objects.filter(authority_id=membership.authority_id)
    if reference:
        reference = reference.strip().upper()
        subjects = subjects.filter(Q(referrals__reference=reference) | Q(cases__reference=reference))
    if last_name:
        subjects = subjects.filter(last_name__iexact=last_name.strip())
    if first_name:
        subjects = subjects.filter(first_name__istartswith=first_name.strip())
    if date_of_birth:
        subjects = subjects.filter(date_of_birth=date_of_birth)
    return list(subjects.distinct().order_by("last_name", "first_name", "pk").prefetch_related(
        Prefetch("referrals", Referral.objects.exclude(status=ReferralStatus.DRAFT).only("pk", "subject_id",
                                                                                         "reference")),
        Prefetch("cases", Case.objects.only("pk", "subject_id", "reference")))[:limit])
