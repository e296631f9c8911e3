"""Who may ask for which export, and who may download it (design §3, §8)."""

from accounts.models import Membership
from accounts.roles import Capability
from exports.models import ExportJob, ExportKind

REQUEST_CAPABILITY = {
    ExportKind.CASE_SUMMARY_PDF: Capability.EXPORT_CASE_PDF,
    ExportKind.AUDIT_TRAIL_PDF: Capability.EXPORT_AUDIT,
    ExportKind.AUDIT_TRAIL_CSV: Capability.EXPORT_AUDIT,
    ExportKind.SUBJECT_ACCESS: Capability.SUBJECT_ACCESS,
}


def can_request(membership: Membership | None, kind: str) -> bool:
    return (membership is not None and membership.is_active and kind in REQUEST_CAPABILITY
            and membership.can(REQUEST_CAPABILITY[kind]))


def can_see_job(membership: Membership | None, job: ExportJob) -> bool:
    """The person who asked, or (for a subject access pack) any DPO of the authority, who reviews it before
    release. Anyone else gets "not found"."""
    if membership is None or not membership.is_active or job.authority_id != membership.authority_id:
        return False
    if job.requested_by_id == membership.user_id:
        return True
    return job.kind == ExportKind.SUBJECT_ACCESS and membership.can(Capability.SUBJECT_ACCESS)
