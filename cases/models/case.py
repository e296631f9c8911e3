"""The case itself, its status history, who may see it (object grants, break-glass) and its closure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from guardian.models import UserObjectPermissionBase

from cases.models.choices import REASON_MAX, SUMMARY_MAX, CaseStatus, ClosureReason, ClosureStatus, RiskLevel
from core.models import BaseModel
from core.tenancy import authority_scoped_manager

_USER = settings.AUTH_USER_MODEL

# Object permissions (django-guardian, direct foreign key table below).
WORK_ON_CASE = "work_on_case"  # the lead worker: see the case and record casework on it
SEE_RESTRICTED_CASE = "see_restricted_case"  # a named person allowed into a restricted case


class Case(BaseModel):
    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=32, help_text="e.g. NMR-C-2026-000042.")
    subject = models.ForeignKey("referrals.Subject", on_delete=models.PROTECT, related_name="cases")
    referral = models.OneToOneField("referrals.Referral", on_delete=models.PROTECT, related_name="case")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    lead_worker = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    consensus_version = models.ForeignKey("consensus.ConsensusVersion", on_delete=models.PROTECT, related_name="+",
                                          help_text="The agreement in force when the case was opened.")
    restricted = models.BooleanField(
        default=False, help_text="Seen only by people given access by name (e.g. the person is related to a member "
                                 "of staff); a lead may break glass with a reason.")
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True,
                                  help_text="The overall risk level of the latest assessment.")
    assessment_due_on = models.DateField(null=True, blank=True,
                                         help_text="Opening plus the agreement's assessment timescale.")
    next_review_on = models.DateField(null=True, blank=True, help_text="The next scheduled review, while open.")
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    times_reopened = models.PositiveSmallIntegerField(default=0)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-opened_at", "pk"]
        permissions = [
            (WORK_ON_CASE, "Work on the case as its lead worker"),
            (SEE_RESTRICTED_CASE, "See the case while it is restricted"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="cases_case_status"),
            models.UniqueConstraint(fields=["authority", "reference"], name="cases_reference_unique"),
            models.CheckConstraint(condition=Q(risk_level__in=["", *RiskLevel.values]), name="cases_case_risk"),
            models.CheckConstraint(
                condition=(Q(status=CaseStatus.CLOSED, closed_at__isnull=False)
                           | (~Q(status=CaseStatus.CLOSED) & Q(closed_at__isnull=True))),
                name="cases_case_closed_at"),
        ]
        indexes = [models.Index(fields=["authority", "status"], name="cases_case_status_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class CaseUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's per-user grant on one case (a direct foreign key, so visibility is a join, not a generic
    lookup). Written only by the assignment and access services, in the same transaction as their audit event."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="user_grants")


class CaseTransition(BaseModel):
    """One change of a case's status (opening included: from_status is blank), written with its audit event."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=REASON_MAX, blank=True)
    consensus_version = models.ForeignKey("consensus.ConsensusVersion", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(to_status__in=CaseStatus.values),
                                              name="cases_transition_status")]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status}"


class BreakGlassAccess(BaseModel):
    """A lead's time-limited access to a restricted case they have no grant for, with the reason they gave.
    Shown to the other leads; it ends at ``expires_at`` (60 minutes after it starts)."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass")
    user = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=REASON_MAX)
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-started_at", "pk"]
        verbose_name_plural = "break-glass accesses"
        constraints = [models.CheckConstraint(condition=Q(expires_at__gt=models.F("started_at")),
                                              name="cases_breakglass_expiry")]
        indexes = [models.Index(fields=["case", "user", "expires_at"], name="cases_breakglass_active_idx")]

    def __str__(self) -> str:
        return f"Break-glass access to case {self.case_id}"


class Closure(BaseModel):
    """A proposal to close a case (by its lead worker or a lead) and its approval or refusal by a lead or manager
    other than the proposer. Kept after a reopening, so every closure of a case stays on record."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closures")
    reason = models.CharField(max_length=30, choices=ClosureReason.choices)
    summary = models.TextField(max_length=SUMMARY_MAX, help_text="What was done and why the case can close.")
    status = models.CharField(max_length=20, choices=ClosureStatus.choices, default=ClosureStatus.PROPOSED)
    proposed_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(max_length=REASON_MAX, blank=True)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-proposed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ClosureStatus.values), name="cases_closure_status"),
            models.CheckConstraint(condition=Q(reason__in=ClosureReason.values), name="cases_closure_reason"),
            models.UniqueConstraint(fields=["case"], condition=Q(status=ClosureStatus.PROPOSED),
                                    name="cases_closure_one_pending"),
            models.CheckConstraint(
                condition=Q(status=ClosureStatus.PROPOSED, decided_at__isnull=True)
                | (~Q(status=ClosureStatus.PROPOSED) & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="cases_closure_decided"),
        ]

    def __str__(self) -> str:
        return f"Closure of case {self.case_id} ({self.status})"
