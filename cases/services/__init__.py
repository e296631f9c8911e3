"""Every write to cases. Import services from here: ``from cases.services import ...``."""

# Opening, status, assignment, restriction and break-glass, reviews, closure and reopening.
from cases.services.access import case_break_glass, case_grant_access, case_remove_access, case_set_restricted
from cases.services.closure import closure_decide, closure_propose
from cases.services.lifecycle import (
    case_assign,
    case_reopen,
    case_start_assessment,
    case_start_review,
    case_start_support,
)
from cases.services.opening import case_open_from_referral, case_record_view
from cases.services.reviews import review_record

# isort: split
# Assessments, interventions and sessions, legal actions, challenges, notes.
from cases.services.assessments import assessment_record
from cases.services.interventions import (
    intervention_add,
    intervention_end,
    intervention_record_session,
    intervention_update,
)
from cases.services.records import (
    challenge_record,
    challenge_respond,
    chronology_record_view,
    legal_action_decide,
    legal_action_record,
    note_add,
)

__all__ = [
    "case_assign", "case_break_glass", "case_grant_access", "case_open_from_referral", "case_record_view",
    "case_remove_access", "case_reopen", "case_set_restricted", "case_start_assessment", "case_start_review",
    "case_start_support", "closure_decide", "closure_propose", "review_record",
    "assessment_record", "challenge_record", "challenge_respond", "chronology_record_view", "intervention_add",
    "intervention_end", "intervention_record_session", "intervention_update",
    "legal_action_decide", "legal_action_record", "note_add",
]
