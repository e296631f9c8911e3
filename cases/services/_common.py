"""Helpers every case service uses: the moment, locking through the policy, the agreement in force, the local
date, and writing a status change with its audit event."""

from datetime import date, datetime

from django.utils import timezone

from accounts.models import Membership
from audit.services import audit_record
from cases import permissions
from cases.models import Case, CaseTransition
from consensus.models import ConsensusVersion
from consensus.working_days import LONDON
from referrals.services._common import backdated, moment, version_in_force

__all__ = ["backdated", "lock_case", "local_date", "moment", "record_transition", "today", "version_in_force"]


def local_date(at: datetime) -> date:
    """The date in England of an aware moment (case dates are calendar dates in London)."""
    return timezone.localtime(at, LONDON).date()


def today() -> date:
    return local_date(timezone.now())


def lock_case(case: Case | int, actor_membership: Membership, action: permissions.CaseAction) -> Case:
    """Re-read ``case`` with a row lock, through the policy's queryset (not visible: DoesNotExist, a 404), then
    ask the policy (PermissionDenied, a 403)."""
    case_id = getattr(case, "pk", case)
    locked = permissions.case_visible_to(actor_membership).select_for_update(of=("self",)).get(pk=case_id)
    permissions.require(actor_membership, action, locked)
    return locked


def record_transition(*, case: Case, from_status: str, actor_membership: Membership, at: datetime,
                      action: str, reason: str = "", version: ConsensusVersion | None = None,
                      data: dict | None = None, backdated_at: datetime | None = None) -> CaseTransition:
    """Write the CaseTransition row (to ``case.status``, already set) and its audit event ``action``."""
    version = version or case.consensus_version
    row = CaseTransition.objects.create(
        authority_id=case.authority_id, case=case, from_status=from_status, to_status=case.status,
        actor=actor_membership.user, reason=reason, consensus_version=version, at=at)
    audit_record(action=action, actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "old": {"status": from_status}, "new": {"status": case.status},
                       "consensus_version": version.number, **(data or {}), **backdated(backdated_at)})
    return row
