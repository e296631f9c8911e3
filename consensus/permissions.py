"""Who may do what with the agreement: the policy every service, selector and API view asks.

Every member of an authority may read its published (and superseded) agreement. Drafts and versions in review are
visible to the people who work on them. The role table lives in accounts.roles; this module maps agreement actions
to capabilities and adds the facts only a version knows (its state, who has signed it).
"""

from enum import StrEnum

from rest_framework.permissions import BasePermission

from accounts.models import Membership
from accounts.roles import Capability
from consensus.models import SignOffKind, VersionStatus
from core.access import IsAuthorityMember
from core.exceptions import PermissionDenied


class ConsensusAction(StrEnum):
    VIEW_PUBLISHED = "view_published"
    VIEW_DRAFTS = "view_drafts"
    CREATE_DRAFT = "create_draft"
    EDIT = "edit"
    DISCARD = "discard"
    SUBMIT = "submit"
    RETURN_TO_DRAFT = "return_to_draft"
    SIGN_OFF_STRATEGIC = "sign_off_strategic"
    SIGN_OFF_FRONTLINE = "sign_off_frontline"
    PUBLISH = "publish"


C, A = Capability, ConsensusAction
_WORKS_ON_AGREEMENT = frozenset({C.EDIT_CONSENSUS, C.PROPOSE_CONSENSUS, C.SIGN_OFF_STRATEGIC, C.SIGN_OFF_FRONTLINE})

# Action -> the capabilities that allow it (any one of them). An empty set means every active member.
POLICY: dict[ConsensusAction, frozenset[Capability]] = {
    A.VIEW_PUBLISHED: frozenset(),
    A.VIEW_DRAFTS: _WORKS_ON_AGREEMENT,
    A.CREATE_DRAFT: frozenset({C.EDIT_CONSENSUS, C.PROPOSE_CONSENSUS}),
    A.EDIT: frozenset({C.EDIT_CONSENSUS}),
    A.DISCARD: frozenset({C.EDIT_CONSENSUS}),
    A.SUBMIT: frozenset({C.EDIT_CONSENSUS, C.PROPOSE_CONSENSUS}),
    A.RETURN_TO_DRAFT: _WORKS_ON_AGREEMENT,
    A.SIGN_OFF_STRATEGIC: frozenset({C.SIGN_OFF_STRATEGIC}),
    A.SIGN_OFF_FRONTLINE: frozenset({C.SIGN_OFF_FRONTLINE}),
    A.PUBLISH: frozenset({C.EDIT_CONSENSUS, C.SIGN_OFF_STRATEGIC}),
}

SIGN_OFF_ACTIONS = {SignOffKind.STRATEGIC: A.SIGN_OFF_STRATEGIC, SignOffKind.FRONTLINE: A.SIGN_OFF_FRONTLINE}


def can(membership: Membership | None, action: ConsensusAction) -> bool:
    if membership is None or not membership.is_active:
        return False
    capabilities = POLICY[action]
    return not capabilities or any(membership.can(capability) for capability in capabilities)


def require(membership: Membership | None, action: ConsensusAction) -> None:
    if not can(membership, action):
        raise PermissionDenied("Your role does not allow this.")


def visible_statuses(membership: Membership) -> list[str]:
    """Which versions ``membership`` may see: everyone sees published ones, people who work on the agreement
    also see drafts and versions in review."""
    statuses = [VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED]
    if can(membership, A.VIEW_DRAFTS):
        statuses += [VersionStatus.DRAFT, VersionStatus.IN_REVIEW]
    return statuses


def get_actions(version, membership: Membership) -> list[str]:
    """The actions ``membership`` may take on ``version`` now, to decide which buttons a page shows.

    Uses ``version.sign_offs``; prefetch it when listing several versions.
    """
    from consensus import transitions

    actions = []
    if version.status in transitions.EDITABLE_STATUSES and can(membership, A.EDIT):
        actions.append(A.EDIT.value)
    if version.status in transitions.DISCARDABLE_STATUSES and can(membership, A.DISCARD):
        actions.append(A.DISCARD.value)
    signed = {sign_off.kind: sign_off.signed_by_id for sign_off in version.sign_offs.all()}
    for transition in transitions.transitions_from(version.status):
        if can(membership, transition.action) and (transition is not transitions.PUBLISH or len(signed) == 2):
            actions.append(transition.name)
    if version.status in transitions.SIGNABLE_STATUSES and membership.user_id not in signed.values():
        actions += [action.value for kind, action in SIGN_OFF_ACTIONS.items()
                    if kind not in signed and can(membership, action)]
    return actions


def allowed_to(*actions: ConsensusAction) -> type[BasePermission]:
    """A DRF permission class: an authority member allowed at least one of ``actions`` by the policy."""

    class Allowed(IsAuthorityMember):
        message = "Your role does not allow this."

        def has_permission(self, request, view):
            membership = getattr(request._request, "membership", None)
            return super().has_permission(request, view) and any(can(membership, action) for action in actions)

    Allowed.__name__ = "AllowedTo_" + "_or_".join(actions)
    return Allowed
