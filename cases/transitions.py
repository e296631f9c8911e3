"""The case lifecycle, as data.

    open --start assessment--> assessment --start support--> support --start review--> review
                                   ^                            ^                        |
                                   +-------- reassess ----------+--- continue ----------+
    any status but closed --closure approved--> closed --reopen--> open

Each entry names the policy action (permissions.py) and the audit action the transition writes. Services consult
this table after the policy: a user who may not act gets PermissionDenied (403); a case that cannot make the move
gets InvalidTransition (409).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from accounts.models import Membership
from cases.models import Case, CaseTransition
from cases.models import CaseStatus as S
from cases.permissions import CaseAction as A
from core.exceptions import InvalidTransition


@dataclass(frozen=True)
class Transition:
    action: A
    audit_action: str


START_ASSESSMENT = Transition(A.RECORD, "cases.case.assessment_started")
START_SUPPORT = Transition(A.RECORD, "cases.case.support_started")
START_REVIEW = Transition(A.RECORD, "cases.case.review_started")
RESUME_SUPPORT = Transition(A.REVIEW, "cases.case.support_resumed")
REASSESS = Transition(A.REVIEW, "cases.case.reassessment_started")
CLOSE = Transition(A.APPROVE_CLOSURE, "cases.case.closed")
REOPEN = Transition(A.REOPEN, "cases.case.reopened")

TRANSITIONS: dict[str, dict[str, Transition]] = {
    S.OPEN: {S.ASSESSMENT: START_ASSESSMENT, S.CLOSED: CLOSE},
    S.ASSESSMENT: {S.SUPPORT: START_SUPPORT, S.CLOSED: CLOSE},
    S.SUPPORT: {S.REVIEW: START_REVIEW, S.CLOSED: CLOSE},
    S.REVIEW: {S.SUPPORT: RESUME_SUPPORT, S.ASSESSMENT: REASSESS, S.CLOSED: CLOSE},
    S.CLOSED: {S.OPEN: REOPEN},
}

_MOVES = {S.OPEN: "reopened", S.ASSESSMENT: "moved to assessment", S.SUPPORT: "moved to support",
          S.REVIEW: "moved to review", S.CLOSED: "closed"}
_STATES = {S.OPEN: "open", S.ASSESSMENT: "in assessment", S.SUPPORT: "in support", S.REVIEW: "in review",
           S.CLOSED: "closed"}


def status_phrase(status: str) -> str:
    """How a sentence says a case is in ``status``: "open", "in support", "closed"."""
    return _STATES.get(status, status)


def allowed_targets(status: str) -> set[str]:
    return set(TRANSITIONS.get(status, {}))


def transition_for(status: str, target: str) -> Transition:
    """The table entry for ``status -> target``; InvalidTransition (409) when the table has none."""
    try:
        return TRANSITIONS[status][target]
    except KeyError:
        move = _MOVES.get(target, target)
        raise InvalidTransition(f"This case is {status_phrase(status)}, so it cannot be {move}.") from None


def case_move(*, case: Case, to_status: str, actor_membership: Membership, at: datetime, reason: str = "",
              data: dict | None = None, backdated_at: datetime | None = None,
              also_save: Iterable[str] = ()) -> CaseTransition:
    """Move a case (already locked by the calling service) to ``to_status``: check the table, set and save the
    status, write the CaseTransition row and the transition's audit event. The caller checks the policy.

    ``also_save`` names other fields the caller has set that must change in the same UPDATE as the status (closing
    sets ``closed_at``, which the database requires together with the closed status)."""
    from cases.services._common import record_transition

    transition = transition_for(case.status, to_status)
    from_status, case.status = case.status, to_status
    case.save(update_fields=["status", *also_save, "updated_at"])
    return record_transition(case=case, from_status=from_status, actor_membership=actor_membership, at=at,
                             action=transition.audit_action, reason=reason, data=data, backdated_at=backdated_at)
