"""The referral lifecycle, as data.

    draft --submit--> submitted --start screening--> screening --decide--> decided
      |                   |  \\______________________decide______________/
      +--withdraw--+------+------------withdraw-----------+
                   v                                      v
                withdrawn  <------------------------------+

Each entry names the policy action (permissions.py, which maps it to a capability and any rule about the record
itself) and the audit action the transition writes. Services consult this table after the policy: a user who may
not decide gets PermissionDenied (403); a referral that cannot be decided any more gets InvalidTransition (409).
"""

from dataclasses import dataclass

from core.exceptions import InvalidTransition
from referrals.models import ReferralStatus as S
from referrals.permissions import ReferralAction as A


@dataclass(frozen=True)
class Transition:
    action: A
    audit_action: str


SUBMIT = Transition(A.SUBMIT, "referrals.referral.submitted")
START_SCREENING = Transition(A.SCREEN, "referrals.referral.screening_started")
DECIDE = Transition(A.DECIDE, "referrals.referral.decided")
WITHDRAW = Transition(A.WITHDRAW, "referrals.referral.withdrawn")

TRANSITIONS: dict[str, dict[str, Transition]] = {
    S.DRAFT: {S.SUBMITTED: SUBMIT, S.WITHDRAWN: WITHDRAW},
    S.SUBMITTED: {S.SCREENING: START_SCREENING, S.DECIDED: DECIDE, S.WITHDRAWN: WITHDRAW},
    S.SCREENING: {S.DECIDED: DECIDE, S.WITHDRAWN: WITHDRAW},
    S.DECIDED: {},
    S.WITHDRAWN: {},
}

# Statuses in which screening work (assignment, notes) may be recorded.
SCREENABLE_STATUSES = frozenset({S.SUBMITTED, S.SCREENING})

_VERBS = {S.SUBMITTED: "submitted", S.SCREENING: "moved to screening", S.DECIDED: "decided",
          S.WITHDRAWN: "withdrawn"}


def allowed_targets(status: str) -> set[str]:
    return set(TRANSITIONS.get(status, {}))


def transition_for(status: str, target: str) -> Transition:
    """The table entry for ``status -> target``; InvalidTransition (409) when the table has none."""
    try:
        return TRANSITIONS[status][target]
    except KeyError:
        label = S(status).label.lower() if status in S.values else status
        raise InvalidTransition(f"This referral is {label}, so it cannot be {_VERBS.get(target, target)}.") from None
