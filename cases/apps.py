from django.apps import AppConfig

AUDIT_ACTIONS = {
    "cases.case.opened": "Case opened",
    "cases.case.viewed": "Case viewed",
    "cases.case.assigned": "Lead worker or team changed",
    "cases.case.assessment_started": "Assessment started",
    "cases.case.support_started": "Support plan started",
    "cases.case.review_started": "Review started",
    "cases.case.support_resumed": "Support plan resumed after a review",
    "cases.case.reassessment_started": "Case returned to assessment after a review",
    "cases.case.restricted": "Case restricted",
    "cases.case.unrestricted": "Case no longer restricted",
    "cases.case.access_granted": "Access to a restricted case given",
    "cases.case.access_removed": "Access to a restricted case removed",
    "cases.case.glass_broken": "Break-glass access to a restricted case",
    "cases.case.reopened": "Case reopened",
    "cases.case.closed": "Case closed",
    "cases.closure.proposed": "Closure proposed",
    "cases.closure.declined": "Closure not approved",
    "cases.review.scheduled": "Review scheduled",
    "cases.review.recorded": "Review recorded",
    "cases.review.cancelled": "Review cancelled",
    "cases.assessment.recorded": "Assessment recorded",
    "cases.intervention.added": "Intervention added",
    "cases.intervention.changed": "Intervention changed",
    "cases.intervention.session_recorded": "Intervention session recorded",
    "cases.intervention.ended": "Intervention ended with an outcome",
    "cases.legal_action.recorded": "Court application recorded",
    "cases.legal_action.decided": "Court decision recorded",
    "cases.challenge.recorded": "Challenge recorded",
    "cases.challenge.answered": "Response to a challenge recorded",
    "cases.note.added": "Case note added",
    "cases.note.corrected": "Case note corrected",
    "cases.chronology.viewed": "Chronology viewed",
    "cases.caseload.viewed": "Caseload viewed",
}


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self):
        from audit.actions import register_actions
        from cases.handlers import open_case_when_decided
        from referrals.signals import referral_decided

        register_actions(AUDIT_ACTIONS)
        referral_decided.connect(open_case_when_decided, dispatch_uid="cases.open_case_when_decided")
