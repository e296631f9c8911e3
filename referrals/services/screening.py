"""Screening: assignment, starting screening, screening notes, and recording who viewed a referral."""

from datetime import datetime

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from consensus.models import RESPONSIBLE_ROLES
from core.exceptions import InvalidTransition
from referrals import permissions, transitions
from referrals.models import NoteKind, Referral, ReferralStatus, ScreeningNote
from referrals.models.choices import NOTE_MAX
from referrals.services._common import backdated, lock_referral, moment, record_transition
from referrals.validation import ReferralInputError

A = permissions.ReferralAction


def _require_screenable(referral: Referral, doing: str) -> None:
    if referral.status not in transitions.SCREENABLE_STATUSES:
        raise InvalidTransition(f"This referral is {referral.get_status_display().lower()}, so you cannot {doing}.")


@transaction.atomic
def referral_assign(*, referral: Referral, assignee_user_id: int | None, actor_membership: Membership,
                    at: datetime | None = None) -> Referral:
    """Give a submitted or screening referral to an active practitioner, lead or manager of the authority
    (None: unassign). Assigning the current assignee again changes nothing and writes nothing."""
    referral = lock_referral(referral, actor_membership, A.ASSIGN)
    _require_screenable(referral, "assign it")
    if assignee_user_id == referral.assigned_to_id:
        return referral
    if assignee_user_id is not None:
        assignee = (Membership.objects.filter(authority_id=referral.authority_id, user_id=assignee_user_id,
                                              is_active=True, role__in=RESPONSIBLE_ROLES).first())
        if assignee is None:
            raise ReferralInputError({"assigned_to": ["Choose someone in your authority who works on referrals."]},
                                     code="invalid_assignee")
    moment(at)
    old = referral.assigned_to_id
    referral.assigned_to_id = assignee_user_id
    referral.save(update_fields=["assigned_to", "updated_at"])
    audit_record(action="referrals.referral.assigned", actor=actor_membership.user, target=referral,
                 data={"reference": referral.reference, "old": {"assigned_to_id": old},
                       "new": {"assigned_to_id": assignee_user_id}, **backdated(at)})
    return referral


@transaction.atomic
def referral_start_screening(*, referral: Referral, actor_membership: Membership,
                             at: datetime | None = None) -> Referral:
    """Move a submitted referral to screening. An unassigned referral is assigned to the screener. Already in
    screening: returned unchanged."""
    referral = lock_referral(referral, actor_membership, A.SCREEN)
    if referral.status == ReferralStatus.SCREENING:
        return referral
    transition = transitions.transition_for(referral.status, ReferralStatus.SCREENING)
    when = moment(at)
    referral.status, referral.screening_started_at = ReferralStatus.SCREENING, when
    fields = ["status", "screening_started_at", "updated_at"]
    if referral.assigned_to_id is None:
        referral.assigned_to_id = actor_membership.user_id
        fields.append("assigned_to")
    referral.save(update_fields=fields)
    record_transition(referral=referral, transition=transition, from_status=ReferralStatus.SUBMITTED,
                      actor_membership=actor_membership, at=when, version=referral.consensus_version,
                      backdated_at=at, data={"assigned_to_id": referral.assigned_to_id})
    return referral


@transaction.atomic
def referral_screening_note_add(*, referral: Referral, actor_membership: Membership, kind: str, text: str,
                                at: datetime | None = None) -> ScreeningNote:
    """Record checks made, information from partners or another screening note. Notes cannot be changed."""
    referral = lock_referral(referral, actor_membership, A.SCREEN)
    _require_screenable(referral, "add screening notes")
    errors = {}
    if kind not in NoteKind.values:
        errors["kind"] = ["Choose what kind of note this is."]
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        errors["text"] = ["Enter the note."]
    elif len(text) > NOTE_MAX:
        errors["text"] = [f"The note must be {NOTE_MAX:,} characters or fewer."]
    if errors:
        raise ReferralInputError(errors)
    note = ScreeningNote.objects.create(authority_id=referral.authority_id, referral=referral,
                                        author=actor_membership.user, kind=kind, text=text, at=moment(at))
    audit_record(action="referrals.screening_note.added", actor=actor_membership.user, target=referral,
                 data={"reference": referral.reference, "note_id": note.pk, "kind": kind, **backdated(at)})
    return note


@transaction.atomic
def referral_record_view(*, referral: Referral, actor_membership: Membership) -> None:
    """Audit that ``actor_membership`` viewed ``referral`` (its page or its API detail). Call it with the read."""
    permissions.require(actor_membership, A.VIEW, referral)
    audit_record(action="referrals.referral.viewed", actor=actor_membership.user, target=referral,
                 data={"reference": referral.reference, "status": referral.status})
