"""The lifecycle of an agreement version, as data.

    draft --submit--> in_review --publish--> published --(a newer version is published)--> superseded
      ^                   |
      +---return----------+    (returning withdraws any sign-offs given)

Only a draft's content can change. A version in review is frozen so that both signatories sign exactly the same
text; to change it, someone returns it to draft, which withdraws the sign-offs. Each entry names the policy action
(permissions.py) the actor needs and the audit action written.
"""

from dataclasses import dataclass

from consensus.models import VersionStatus
from consensus.permissions import ConsensusAction


@dataclass(frozen=True)
class Transition:
    name: str
    source: VersionStatus
    target: VersionStatus
    action: ConsensusAction | None  # None: a consequence of another transition, never requested directly
    audit_action: str
    verb: str  # "Version 3 is published, so it cannot be <verb>."


SUBMIT = Transition("submit", VersionStatus.DRAFT, VersionStatus.IN_REVIEW, ConsensusAction.SUBMIT,
                    "consensus.version.submitted", "sent for sign-off")
RETURN_TO_DRAFT = Transition("return_to_draft", VersionStatus.IN_REVIEW, VersionStatus.DRAFT,
                             ConsensusAction.RETURN_TO_DRAFT, "consensus.version.returned", "returned to draft")
PUBLISH = Transition("publish", VersionStatus.IN_REVIEW, VersionStatus.PUBLISHED, ConsensusAction.PUBLISH,
                     "consensus.version.published", "published")
SUPERSEDE = Transition("supersede", VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED, None,
                       "consensus.version.superseded", "superseded")

TRANSITIONS = {transition.name: transition for transition in (SUBMIT, RETURN_TO_DRAFT, PUBLISH, SUPERSEDE)}

# What may happen to a version in each state, besides the transitions above.
EDITABLE_STATUSES = frozenset({VersionStatus.DRAFT})
SIGNABLE_STATUSES = frozenset({VersionStatus.IN_REVIEW})
DISCARDABLE_STATUSES = frozenset({VersionStatus.DRAFT})


def allowed_targets(status: str) -> set[str]:
    return {transition.target for transition in TRANSITIONS.values() if transition.source == status}


def transitions_from(status: str) -> list[Transition]:
    return [transition for transition in TRANSITIONS.values()
            if transition.source == status and transition.action is not None]
