"""What each kind of export contains. A renderer takes the job and a progress callback (0-99) and returns the
file's bytes; ``clean_request`` checks what a request names before any job is written."""

from collections.abc import Callable, Mapping

from accounts.models import Membership
from core.exceptions import PermissionDenied
from exports.models import ExportJob, ExportKind
from exports.renderers import audit_trail, case_summary, subject_access

Renderer = Callable[[ExportJob, Callable[[int], None]], bytes]

RENDERERS: dict[str, Renderer] = {
    ExportKind.AUDIT_TRAIL_CSV: audit_trail.render_csv,
    ExportKind.AUDIT_TRAIL_PDF: audit_trail.render_pdf,
    ExportKind.CASE_SUMMARY_PDF: case_summary.render_pdf,
    ExportKind.SUBJECT_ACCESS: subject_access.render_pdf,
}

_CLEANERS = {
    ExportKind.AUDIT_TRAIL_CSV: audit_trail.clean_request,
    ExportKind.AUDIT_TRAIL_PDF: audit_trail.clean_request,
    ExportKind.CASE_SUMMARY_PDF: case_summary.clean_request,
    ExportKind.SUBJECT_ACCESS: subject_access.clean_request,
}


def clean_request(kind: str, membership: Membership, target_id, params: Mapping) -> tuple[str, object, dict]:
    """``(target_type, target or None, params to store)``; FieldErrors for bad input, DoesNotExist for a target
    the member cannot see."""
    cleaner = _CLEANERS.get(kind)
    if cleaner is None:
        raise PermissionDenied("This export is not available.")
    return cleaner(membership, target_id, params)
