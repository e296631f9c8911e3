"""The closed lists cases use, in the words a council's staff use."""

from django.db import models

NOTE_MAX = 10_000
SUMMARY_MAX = 5_000
REASON_MAX = 2_000
PROVIDER_MAX = 200
BREAK_GLASS_MINUTES = 60
# A plan may run over; more than this many times the planned sessions is refused as a likely typing error.
DELIVERED_OVER_PLANNED_FACTOR = 2


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    ASSESSMENT = "assessment", "Assessment"
    SUPPORT = "support", "Support"
    REVIEW = "review", "Review"
    CLOSED = "closed", "Closed"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class InterventionType(models.TextChoices):
    MENTORING = "mentoring", "Mentoring (including ideological mentoring)"
    EDUCATION = "education", "Education or training"
    MENTAL_HEALTH = "mental_health", "Mental health support"
    FAMILY_SUPPORT = "family_support", "Family support"
    YOUTH = "youth", "Youth or diversionary activity"
    EMPLOYMENT = "employment", "Employment support"
    HOUSING = "housing", "Housing support"
    OTHER = "other", "Other"


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


OPEN_INTERVENTION_STATUSES = (InterventionStatus.PLANNED, InterventionStatus.ACTIVE)


class InterventionOutcome(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    PARTLY_ACHIEVED = "partly_achieved", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    DISENGAGED = "disengaged", "Disengaged"


class ReviewKind(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled review"
    POST_CLOSURE_FIRST = "post_closure_first", "First review after closure"
    POST_CLOSURE_SECOND = "post_closure_second", "Second review after closure"


POST_CLOSURE_KINDS = (ReviewKind.POST_CLOSURE_FIRST, ReviewKind.POST_CLOSURE_SECOND)


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue the support plan"
    REASSESS = "reassess", "Assess again"
    READY_TO_CLOSE = "ready_to_close", "Ready to propose closure"
    NO_CONCERNS = "no_concerns", "No further concerns (after closure)"
    REOPEN = "reopen", "Reopen the case (after closure)"


SCHEDULED_OUTCOMES = (ReviewOutcome.CONTINUE, ReviewOutcome.REASSESS, ReviewOutcome.READY_TO_CLOSE)
POST_CLOSURE_OUTCOMES = (ReviewOutcome.NO_CONCERNS, ReviewOutcome.REOPEN)


class ClosureReason(models.TextChoices):
    VULNERABILITY_REDUCED = "vulnerability_reduced", "Vulnerability reduced"
    POLICE_LED = "police_led", "Transferred to police-led management"
    MOVED_AWAY = "moved_away", "Moved out of the area"
    CONSENT_DECLINED = "consent_declined", "Declined or withdrew consent"
    OTHER = "other", "Other"


class ClosureStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for approval"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Not approved"


class LegalActionKind(models.TextChoices):
    CHILD_ASSESSMENT_ORDER = "child_assessment_order", "Child assessment order"
    EMERGENCY_PROTECTION_ORDER = "emergency_protection_order", "Emergency protection order"
    CARE_ORDER = "care_order", "Care order"
    SUPERVISION_ORDER = "supervision_order", "Supervision order"
    INHERENT_JURISDICTION = "inherent_jurisdiction", "Inherent jurisdiction of the High Court"
    DEPRIVATION_OF_LIBERTY = "deprivation_of_liberty", "Deprivation of liberty"


class LegalOutcome(models.TextChoices):
    PENDING = "pending", "Waiting for the court"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ChallengeSource(models.TextChoices):
    SUBJECT = "subject", "The person themselves"
    FAMILY = "family", "Their family"
    COMMUNITY = "community", "A community organisation"


class ChallengeOutcome(models.TextChoices):
    OPEN = "open", "Not resolved yet"
    UPHELD = "upheld", "Upheld: we changed what we do"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld: the intervention continued"
    WITHDRAWN = "withdrawn", "Withdrawn by whoever raised it"


class NoteKind(models.TextChoices):
    NOTE = "note", "Case note"
    VISIT = "visit", "Visit"
    MEETING = "meeting", "Meeting"
    PHONE = "phone", "Phone call"
    MESSAGE = "message", "Email or letter"
