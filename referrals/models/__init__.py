from referrals.models.choices import (
    CONSENT_NEEDS_LAWFUL_BASIS,
    OPEN_STATUSES,
    Consent,
    Gender,
    NoPostcodeReason,
    NoteKind,
    ReferralStatus,
    ReferrerSector,
    SourceCode,
    SubjectAware,
)
from referrals.models.history import DuplicateMatch, ReferralTransition, ScreeningNote
from referrals.models.referral import Referral
from referrals.models.subjects import Subject, SubjectMatchKey
from referrals.models.support import IdempotencyKey, OverdueNotice, ReferenceCounter

__all__ = [
    "CONSENT_NEEDS_LAWFUL_BASIS", "OPEN_STATUSES", "Consent", "DuplicateMatch", "Gender", "IdempotencyKey",
    "NoPostcodeReason", "NoteKind", "OverdueNotice", "ReferenceCounter", "Referral", "ReferralStatus",
    "ReferralTransition", "ReferrerSector", "ScreeningNote", "SourceCode", "Subject", "SubjectAware",
    "SubjectMatchKey",
]
