"""Who may see and do what with referrals: the one policy every service, selector, view and API asks.

Two questions, in the manner of a permission policy: ``referral_visible_to(membership)`` (which referrals can this
member see?) and ``can(membership, action, referral)`` (may they do this to that one?). Roles come from
accounts.roles; this module adds what only a referral knows (its status, author and assignee).

- Practitioners see the referrals they wrote or are assigned to, never screening notes or duplicate matches.
- Safeguarding leads and managers see every submitted referral in their authority, and screen and decide them.
- Authority administrators and DPOs see no referral content (the DPO reads the audit trail instead).
- A draft is visible only to its author until it is submitted.

Another authority's referral is never in the queryset, so it is "not found" (404), never "forbidden" (403).
Restricted records (visible only through explicit grants) will add one more filter here and in ``can``.
"""

from enum import StrEnum

from django.db.models import Q, QuerySet

from accounts.models import Membership
from accounts.roles import Capability
from core.exceptions import PermissionDenied
from referrals.models import Referral, ReferralStatus


class ReferralAction(StrEnum):
    VIEW = "view"
    VIEW_SCREENING = "view_screening"  # screening notes, duplicate matches, the earlier history
    CREATE = "create"
    EDIT_DRAFT = "edit_draft"
    SUBMIT = "submit"
    ASSIGN = "assign"
    SCREEN = "screen"  # start screening, add screening notes
    DECIDE = "decide"
    WITHDRAW = "withdraw"


A = ReferralAction
_SCREENER_ACTIONS = frozenset({A.VIEW_SCREENING, A.ASSIGN, A.SCREEN, A.DECIDE})
_AUTHOR_ACTIONS = frozenset({A.EDIT_DRAFT, A.SUBMIT})
_NOT_DRAFT = [status for status in ReferralStatus.values if status != ReferralStatus.DRAFT]


def _active_in(membership: Membership | None, referral: Referral | None = None) -> bool:
    if membership is None or not membership.is_active:
        return False
    return referral is None or referral.authority_id == membership.authority_id


def referral_visible_to(membership: Membership | None) -> QuerySet:
    """Every referral ``membership`` may see, in its authority. Selectors and services start from this."""
    referrals = Referral.objects.all()
    if not _active_in(membership):
        return referrals.none()
    referrals = referrals.filter(authority_id=membership.authority_id)
    own = Q(submitted_by_id=membership.user_id)
    if membership.can(Capability.SEE_ALL_REFERRALS):
        return referrals.filter(own | ~Q(status=ReferralStatus.DRAFT))
    if membership.can(Capability.SUBMIT_REFERRAL):
        return referrals.filter(own | Q(assigned_to_id=membership.user_id, status__in=_NOT_DRAFT))
    return referrals.none()


def _sees(membership: Membership, referral: Referral) -> bool:
    if referral.submitted_by_id == membership.user_id:
        return True
    if referral.status == ReferralStatus.DRAFT:
        return False
    return membership.can(Capability.SEE_ALL_REFERRALS) or (
        membership.can(Capability.SUBMIT_REFERRAL) and referral.assigned_to_id == membership.user_id)


def can(membership: Membership | None, action: ReferralAction | str, referral: Referral | None = None) -> bool:
    """May ``membership`` take ``action`` on ``referral``? ``create`` needs no referral. Status rules belong to
    the transition table, except that drafts are their author's alone."""
    action = ReferralAction(action)
    if not _active_in(membership, referral):
        return False
    if action == A.CREATE:
        return membership.can(Capability.SUBMIT_REFERRAL)
    if referral is None or not _sees(membership, referral):
        return False
    is_author = referral.submitted_by_id == membership.user_id
    if action == A.VIEW:
        return True
    if action in _AUTHOR_ACTIONS:
        return is_author and membership.can(Capability.SUBMIT_REFERRAL)  # the table says "only drafts"
    if action == A.WITHDRAW and referral.is_draft:
        return is_author
    if action in _SCREENER_ACTIONS or action == A.WITHDRAW:
        return not referral.is_draft and membership.can(Capability.DECIDE_REFERRAL)
    return False


def require(membership: Membership | None, action: ReferralAction | str, referral: Referral | None = None) -> None:
    if not can(membership, action, referral):
        raise PermissionDenied("Your role does not allow this.")


def get_actions(membership: Membership, referral: Referral) -> list[str]:
    """The actions ``membership`` may take on ``referral`` now (for which buttons a page shows)."""
    from referrals import transitions

    allowed = {entry.action for entry in transitions.TRANSITIONS.get(referral.status, {}).values()}
    if referral.status in transitions.SCREENABLE_STATUSES:
        allowed |= {A.ASSIGN, A.SCREEN}
    if referral.is_draft:
        allowed.add(A.EDIT_DRAFT)
    return [action.value for action in ReferralAction if action in allowed and can(membership, action, referral)]
