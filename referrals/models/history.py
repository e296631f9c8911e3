"""What happened to a referral: its transitions, screening notes and the duplicate check's findings."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import BaseModel
from core.tenancy import authority_scoped_manager
from referrals.models.choices import NOTE_MAX, REASON_MAX, NoteKind, ReferralStatus
from referrals.models.referral import Referral
from referrals.models.subjects import Subject

_USER = settings.AUTH_USER_MODEL


class ReferralTransition(BaseModel):
    """One change of status: domain history for time-in-state and due-time reporting. Written by every
    transition service in the same transaction as the change and its audit event."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    actor = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=REASON_MAX, blank=True)
    consensus_version = models.ForeignKey("consensus.ConsensusVersion", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral"], condition=Q(to_status=ReferralStatus.DECIDED),
                                    name="referrals_transition_one_decision"),
            models.UniqueConstraint(fields=["referral"], condition=Q(to_status=ReferralStatus.SUBMITTED),
                                    name="referrals_transition_one_submission"),
            models.CheckConstraint(condition=~Q(from_status=models.F("to_status")),
                                   name="referrals_transition_changes_status"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class ScreeningNote(BaseModel):
    """A screener's record of checks made or information from partners. Append-only: no service changes one."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="screening_notes")
    author = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=NoteKind.choices)
    text = models.TextField(max_length=NOTE_MAX)
    at = models.DateTimeField()

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=NoteKind.values), name="referrals_note_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} note on {self.referral_id}"


class DuplicateMatch(BaseModel):
    """An earlier subject the duplicate check found for this referral's subject at submission.

    The earlier subject's referrals (``matched_subject.referrals``) are the repeat-referral history the screener
    sees. ``reasons`` are the engine's plain-English sentences; they may quote names, so they stay on screen and
    out of logs and audit data.
    """

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="duplicate_matches")
    matched_subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    likely_same_person = models.BooleanField()
    related = models.BooleanField(help_text="Probably family (twins, same surname at the same address).")

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-likely_same_person", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "matched_subject"], name="referrals_duplicate_unique"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="referrals_duplicate_score"),
        ]

    def __str__(self) -> str:
        return f"Match {self.score:.2f} for referral {self.referral_id}"
