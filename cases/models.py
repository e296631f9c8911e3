"""Cases: the work that follows a decision whose pathway opens one. Kept to the core here; assessments,
interventions, reviews and closure build on these two tables."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import BaseModel
from core.tenancy import authority_scoped_manager

_USER = settings.AUTH_USER_MODEL


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    ASSESSMENT = "assessment", "Assessment"
    SUPPORT = "support", "Support"
    REVIEW = "review", "Review"
    CLOSED = "closed", "Closed"


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

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-opened_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="cases_case_status"),
            models.UniqueConstraint(fields=["authority", "reference"], name="cases_reference_unique"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseTransition(BaseModel):
    """One change of a case's status (opening included: from_status is blank), written with its audit event."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=2000, blank=True)
    consensus_version = models.ForeignKey("consensus.ConsensusVersion", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(to_status__in=CaseStatus.values),
                                              name="cases_transition_status")]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status}"
