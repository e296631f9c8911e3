"""Who may see and open cases: the one policy the cases app asks (design §3).

Leads and managers see every case in their authority; a practitioner sees the cases they lead. Authority
administrators and DPOs see none. Object grants for named practitioners and restricted cases extend this module.
"""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.models import Membership
from accounts.roles import Capability
from cases.models import Case
from core.exceptions import PermissionDenied


class CaseAction(StrEnum):
    VIEW = "view"
    OPEN = "open"  # open a case from a decided referral


def case_visible_to(membership: Membership | None) -> QuerySet:
    cases = Case.objects.all()
    if membership is None or not membership.is_active:
        return cases.none()
    cases = cases.filter(authority_id=membership.authority_id)
    if membership.can(Capability.SEE_ALL_CASES):
        return cases
    if membership.can(Capability.RECORD_CASEWORK):
        return cases.filter(lead_worker_id=membership.user_id)
    return cases.none()


def can(membership: Membership | None, action: CaseAction | str, case: Case | None = None) -> bool:
    action = CaseAction(action)
    if membership is None or not membership.is_active:
        return False
    if case is not None and case.authority_id != membership.authority_id:
        return False
    if action == CaseAction.OPEN:
        return membership.can(Capability.DECIDE_REFERRAL)
    return case is not None and (membership.can(Capability.SEE_ALL_CASES) or (
        membership.can(Capability.RECORD_CASEWORK) and case.lead_worker_id == membership.user_id))


def require(membership: Membership | None, action: CaseAction | str, case: Case | None = None) -> None:
    if not can(membership, action, case):
        raise PermissionDenied("Your role does not allow this.")
