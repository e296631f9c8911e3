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
