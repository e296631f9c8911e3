"""Who may see and do what with cases: the one policy every service, selector, view and API asks (design §3).

- Safeguarding leads and managers see every case in their authority that is not restricted, and record casework,
  assign lead workers, approve closures and reopen cases.
- A practitioner sees a case only through an object grant (django-guardian, ``CaseUserObjectPermission``): the
  ``work_on_case`` grant the assignment service gives the lead worker, or, while the case is restricted, a
  ``see_restricted_case`` grant (named access; it gives nothing once the restriction is lifted). Losing the grant
  loses the case at once: visibility is a query, never a cached list.
- A restricted case is seen only by people holding a grant on it, or by a lead or manager who has broken glass
  (a reason given, audited, shown to the other leads) within the last hour. Break-glass lets them read the case,
  nothing more: it gives no right to record, assign, close or change who has access.
- Authority administrators and DPOs see no case content (the DPO reads the audit trail instead).

Another authority's case is never in the queryset, so it is "not found" (404), never "forbidden" (403).
"""

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Capability
from cases.models import SEE_RESTRICTED_CASE, WORK_ON_CASE, BreakGlassAccess, Case, CaseUserObjectPermission
from core.exceptions import PermissionDenied


class CaseAction(StrEnum):
    VIEW = "view"
    OPEN = "open"  # open a case from a decided referral
    ASSIGN = "assign"  # choose the lead worker and team
    RESTRICT = "restrict"  # mark restricted or not, and give or remove named access
    RECORD = "record"  # assessments, interventions, sessions, legal actions, challenges, notes, status moves
    REVIEW = "review"  # record a review (after closure too)
    PROPOSE_CLOSURE = "propose_closure"
    APPROVE_CLOSURE = "approve_closure"
    REOPEN = "reopen"


A = CaseAction
_LEAD_ACTIONS = frozenset({A.ASSIGN, A.RESTRICT, A.APPROVE_CLOSURE, A.REOPEN})
_GRANT_CODENAMES = (WORK_ON_CASE, SEE_RESTRICTED_CASE)


def _grants(user_id: int, codenames=_GRANT_CODENAMES) -> QuerySet:
    return CaseUserObjectPermission.objects.filter(content_object=OuterRef("pk"), user_id=user_id,
                                                   permission__codename__in=codenames)


def _broken_glass(user_id: int) -> QuerySet:
    return BreakGlassAccess.objects.filter(case=OuterRef("pk"), user_id=user_id, expires_at__gt=timezone.now())


def _active_in(membership: Membership | None, case: Case | None = None) -> bool:
    if membership is None or not membership.is_active:
        return False
    return case is None or case.authority_id == membership.authority_id


def case_visible_to(membership: Membership | None) -> QuerySet:
    """Every case ``membership`` may see, in its authority. Selectors and services start from this."""
    cases = Case.objects.all()
    if not _active_in(membership):
        return cases.none()
    cases = cases.filter(authority_id=membership.authority_id)
    uid = membership.user_id
    if membership.can(Capability.SEE_ALL_CASES):
        return cases.filter(Q(restricted=False) | Exists(_grants(uid)) | Exists(_broken_glass(uid)))
    if membership.can(Capability.RECORD_CASEWORK):
        return cases.filter(Exists(_grants(uid, (WORK_ON_CASE,)))
                            | (Q(restricted=True) & Exists(_grants(uid, (SEE_RESTRICTED_CASE,)))))
    return cases.none()


def case_codenames_for(membership: Membership, case: Case) -> frozenset[str]:
    """The object grants ``membership``'s user holds on ``case`` (one query, remembered on the instance)."""
    cache = case.__dict__.setdefault("_grant_cache", {})
    if membership.user_id not in cache:
        cache[membership.user_id] = frozenset(CaseUserObjectPermission.objects.filter(
            content_object_id=case.pk, user_id=membership.user_id).values_list("permission__codename", flat=True))
    return cache[membership.user_id]


def has_broken_glass(membership: Membership, case: Case) -> bool:
    return BreakGlassAccess.objects.filter(case_id=case.pk, user_id=membership.user_id,
                                           expires_at__gt=timezone.now()).exists()


def through_break_glass_only(membership: Membership, case: Case) -> bool:
    """Does ``membership`` see this restricted case only because they broke glass (no grant of their own)?"""
    return case.restricted and not case_codenames_for(membership, case)


def _sees(membership: Membership, case: Case) -> bool:
    grants = case_codenames_for(membership, case)
    if membership.can(Capability.SEE_ALL_CASES):
        return not case.restricted or bool(grants) or has_broken_glass(membership, case)
    named = WORK_ON_CASE in grants or (case.restricted and SEE_RESTRICTED_CASE in grants)
    return membership.can(Capability.RECORD_CASEWORK) and named


def can(membership: Membership | None, action: CaseAction | str, case: Case | None = None) -> bool:
    """May ``membership`` take ``action`` on ``case``? ``open`` needs no case. Status rules belong to the
    transition table (cases.transitions) and the services."""
    action = CaseAction(action)
    if not _active_in(membership, case):
        return False
    if action == A.OPEN:
        return membership.can(Capability.DECIDE_REFERRAL)
    if case is None or not _sees(membership, case):
        return False
    if action == A.VIEW:
        return True
    if through_break_glass_only(membership, case):
        return False  # to read what is needed now, not to change the case or who may see it
    is_lead = membership.can(Capability.SEE_ALL_CASES)
    works_on = is_lead or WORK_ON_CASE in case_codenames_for(membership, case)
    if action in _LEAD_ACTIONS:
        return is_lead and membership.can(Capability.APPROVE_CLOSURE)
    if action == A.REVIEW:
        return works_on and membership.can(Capability.RECORD_CASEWORK)
    if action == A.RECORD:
        return works_on and membership.can(Capability.RECORD_CASEWORK) and not case.is_closed
    if action == A.PROPOSE_CLOSURE:
        return works_on and membership.can(Capability.PROPOSE_CLOSURE) and not case.is_closed
    return False


def require(membership: Membership | None, action: CaseAction | str, case: Case | None = None) -> None:
    if not can(membership, action, case):
        raise PermissionDenied("Your role does not allow this.")


def get_actions(membership: Membership, case: Case) -> list[str]:
    """The actions ``membership`` may take on ``case`` now (for which buttons a page shows)."""
    return [action.value for action in CaseAction if action != A.OPEN and can(membership, action, case)]
