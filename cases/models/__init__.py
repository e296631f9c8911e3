"""Cases: what follows a decision whose pathway opens one. Import models from here."""

from cases.models.case import (
    SEE_RESTRICTED_CASE,
    WORK_ON_CASE,
    BreakGlassAccess,
    Case,
    CaseTransition,
    CaseUserObjectPermission,
    Closure,
)
from cases.models.choices import (
    OPEN_INTERVENTION_STATUSES,
    POST_CLOSURE_KINDS,
    POST_CLOSURE_OUTCOMES,
    SCHEDULED_OUTCOMES,
    CaseStatus,
    ChallengeOutcome,
    ChallengeSource,
    ClosureReason,
    ClosureStatus,
    InterventionOutcome,
    InterventionStatus,
    InterventionType,
    LegalActionKind,
    LegalOutcome,
    NoteKind,
    ReviewKind,
    ReviewOutcome,
    RiskLevel,
)
from cases.models.record import CaseNote, Challenge, LegalAction
from cases.models.work import Assessment, AssessmentRating, Intervention, InterventionSession, Review

__all__ = [
    "OPEN_INTERVENTION_STATUSES", "POST_CLOSURE_KINDS", "POST_CLOSURE_OUTCOMES", "SCHEDULED_OUTCOMES",
    "SEE_RESTRICTED_CASE", "WORK_ON_CASE", "Assessment", "AssessmentRating", "BreakGlassAccess", "Case",
    "CaseNote", "CaseStatus", "CaseTransition", "CaseUserObjectPermission", "Challenge", "ChallengeOutcome",
    "ChallengeSource", "Closure", "ClosureReason", "ClosureStatus", "Intervention", "InterventionOutcome",
    "InterventionSession", "InterventionStatus", "InterventionType", "LegalAction", "LegalActionKind",
    "LegalOutcome", "NoteKind", "Review", "ReviewKind", "ReviewOutcome", "RiskLevel",
]
