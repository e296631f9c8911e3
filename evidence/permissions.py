"""Who may see and do what in the evidence base. The roles come from accounts.roles; this module adds no
capability of its own, it names which existing capability each evidence action needs, so the choices are in one
place:

- The figures (the authority's own and, once it shares, the pooled ones) and the API: safeguarding leads and
  managers (the authority dashboard capability). They also write learning notes and see their authority's drafts.
- Approving, returning and withdrawing a learning note: whoever approves case closures (safeguarding leads and
  managers), and never the note's writer: the same people who judge that a case can close judge that a note about
  it identifies no one.
- Reading published learning notes: everyone who does casework (practitioners too), because that is who learns
  from them.
- Sharing the evidence base with other authorities: authority administrators (who manage the authority's
  settings, and see no case content).
- The community engagement log: authority administrators record sessions, and so can leads and managers.
- Data protection officers: none of it. They read the audit trail, which records every change here.
"""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.models import Membership
from accounts.roles import Capability
from core.exceptions import PermissionDenied
from evidence.models import EDITABLE_NOTE_STATUSES, LearningNote, NoteStatus


class EvidenceAction(StrEnum):
    SEE_FIGURES = "see_figures"
    MANAGE_SHARING = "manage_sharing"
    READ_NOTES = "read_notes"
    WRITE_NOTE = "write_note"
    EDIT_NOTE = "edit_note"
    SUBMIT_NOTE = "submit_note"
    REVIEW_NOTE = "review_note"  # approve or return
    WITHDRAW_NOTE = "withdraw_note"
    RECORD_ENGAGEMENT = "record_engagement"


A = EvidenceAction

_NEEDS: dict[EvidenceAction, tuple[Capability, ...]] = {
    A.SEE_FIGURES: (Capability.AUTHORITY_DASHBOARD,),
    A.MANAGE_SHARING: (Capability.MANAGE_USERS,),
    A.READ_NOTES: (Capability.RECORD_CASEWORK, Capability.AUTHORITY_DASHBOARD),
    A.WRITE_NOTE: (Capability.AUTHORITY_DASHBOARD,),
    A.EDIT_NOTE: (Capability.AUTHORITY_DASHBOARD,),
    A.SUBMIT_NOTE: (Capability.AUTHORITY_DASHBOARD,),
    A.REVIEW_NOTE: (Capability.APPROVE_CLOSURE,),
    A.WITHDRAW_NOTE: (Capability.APPROVE_CLOSURE,),
    A.RECORD_ENGAGEMENT: (Capability.MANAGE_USERS, Capability.AUTHORITY_DASHBOARD),
}


def _active_in(membership: Membership | None, authority_id: int | None = None) -> bool:
    if membership is None or not membership.is_active:
        return False
    return authority_id is None or authority_id == membership.authority_id


def role_can(membership: Membership | None, action: EvidenceAction | str) -> bool:
    """Whether the role allows ``action`` at all (for which links and pages a person gets)."""
    return _active_in(membership) and any(membership.can(need) for need in _NEEDS[EvidenceAction(action)])


def notes_of_authority_visible_to(membership: Membership | None) -> QuerySet:
    """The learning notes of ``membership``'s own authority it may see: published ones for readers, and every
    note for leads and managers (drafts and notes waiting for approval included)."""
    notes = LearningNote.objects.all()
    if not role_can(membership, A.READ_NOTES):
        return notes.none()
    notes = notes.filter(authority_id=membership.authority_id)
    if role_can(membership, A.WRITE_NOTE):
        return notes
    return notes.filter(status=NoteStatus.PUBLISHED)


def can(membership: Membership | None, action: EvidenceAction | str, note: LearningNote | None = None) -> bool:
    """May ``membership`` take ``action``: on ``note`` when given, else whether the role allows it at all? Status
    rules are the services'."""
    action = EvidenceAction(action)
    if not role_can(membership, action):
        return False
    if note is None:
        return True
    if not _active_in(membership, note.authority_id):
        return False
    is_writer = note.written_by_id == membership.user_id
    if action in (A.EDIT_NOTE, A.SUBMIT_NOTE):
        return is_writer
    if action == A.REVIEW_NOTE:
        return not is_writer
    return True


def require(membership: Membership | None, action: EvidenceAction | str, note: LearningNote | None = None) -> None:
    if not can(membership, action, note):
        raise PermissionDenied("Your role does not allow this.")


def note_actions(membership: Membership, note: LearningNote) -> list[str]:
    """What ``membership`` may do to ``note`` now, for the buttons on its page."""
    by_status = {A.EDIT_NOTE: EDITABLE_NOTE_STATUSES, A.SUBMIT_NOTE: EDITABLE_NOTE_STATUSES,
                 A.REVIEW_NOTE: (NoteStatus.SUBMITTED,), A.WITHDRAW_NOTE: (NoteStatus.PUBLISHED,)}
    return [action.value for action, statuses in by_status.items()
            if note.status in statuses and can(membership, action, note)]
