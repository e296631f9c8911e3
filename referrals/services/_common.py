"""Helpers every referral service uses: the moment, locking through the policy, the agreement in force, and
writing a transition with its audit event."""

from datetime import datetime

from django.utils import timezone

from accounts.models import Membership
from audit.services import audit_record
from consensus.models import ConsensusVersion, VersionStatus
from core.exceptions import DomainError
from referrals import permissions
from referrals.models import Referral, ReferralTransition
from referrals.transitions import Transition


def moment(at: datetime | None) -> datetime:
    """Now, or ``at`` when seeding history (``seed_demo``). Views and the API never pass ``at``."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at) or at > now:
        raise ValueError("`at` must be an aware datetime that is not in the future")
    return at


def backdated(at: datetime | None) -> dict:
    """Audit data noting that an event was recorded with a past time."""
    return {"backdated_to": at.isoformat()} if at is not None else {}


def lock_referral(referral: Referral | int, actor_membership: Membership,
                  action: permissions.ReferralAction) -> Referral:
    """Re-read ``referral`` with a row lock, through the policy's queryset (not visible: DoesNotExist, a 404),
    then ask the policy (PermissionDenied, a 403)."""
    referral_id = getattr(referral, "pk", referral)
    locked = permissions.referral_visible_to(actor_membership).select_for_update().get(pk=referral_id)
    permissions.require(actor_membership, action, locked)
    return locked


def version_in_force(authority_id: int) -> ConsensusVersion:
    """The authority's published agreement. Without one, nothing can be routed or decided."""
    version = (ConsensusVersion.objects.select_related("timescales")
               .filter(authority_id=authority_id, status=VersionStatus.PUBLISHED).first())
    if version is None:
        raise DomainError("Your authority has no published agreement yet, so referrals cannot be routed or "
                          "decided. Ask your authority administrator to publish one.", code="no_agreement")
    return version


def record_transition(*, referral: Referral, transition: Transition, from_status: str, actor_membership: Membership,
                      at: datetime, version: ConsensusVersion | None, reason: str = "", data: dict | None = None,
                      backdated_at: datetime | None = None) -> ReferralTransition:
    """Write the ReferralTransition row and its audit event (old and new status, the agreement version).
    A backdated transition may not come before the referral's latest one, so seeded history stays in order."""
    if backdated_at is not None:
        latest = ReferralTransition.objects.filter(referral=referral).order_by("-at").values_list("at", flat=True)
        if latest and at < latest[0]:
            raise ValueError("`at` is earlier than this referral's latest transition")
    row = ReferralTransition.objects.create(
        authority_id=referral.authority_id, referral=referral, from_status=from_status, to_status=referral.status,
        actor=actor_membership.user, reason=reason, consensus_version=version, at=at)
    audit_record(action=transition.audit_action, actor=actor_membership.user, target=referral,
                 data={"reference": referral.reference, "old": {"status": from_status},
                       "new": {"status": referral.status}, "consensus_version": version.number if version else None,
                       **(data or {}), **backdated(backdated_at)})
    return row
