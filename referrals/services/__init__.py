"""Every write to referrals. Import services from here: ``from referrals.services import ...``."""

from referrals.services.api_intake import IdempotencyConflict, referral_create_from_api, request_fingerprint
from referrals.services.decision import referral_decide, referral_withdraw
from referrals.services.intake import referral_draft_create, referral_draft_update, referral_submit
from referrals.services.notifications import referral_email_failed, referral_email_send
from referrals.services.overdue import referral_overdue_notify_due
from referrals.services.screening import (
    referral_assign,
    referral_record_view,
    referral_screening_note_add,
    referral_start_screening,
)

__all__ = [
    "IdempotencyConflict", "referral_assign", "referral_create_from_api", "referral_decide",
    "referral_draft_create", "referral_draft_update", "referral_email_failed", "referral_email_send",
    "referral_overdue_notify_due", "referral_record_view", "referral_screening_note_add",
    "referral_start_screening", "referral_submit", "referral_withdraw", "request_fingerprint",
]
