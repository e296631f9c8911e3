"""The referral: one concern about one person, from intake to decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import BaseModel
from core.tenancy import authority_scoped_manager
from referrals.models.choices import (
    CONCERN_MAX,
    LAWFUL_BASIS_MAX,
    RATIONALE_MAX,
    REASON_MAX,
    REFERRER_EMAIL_MAX,
    REFERRER_NAME_MAX,
    REFERRER_ORGANISATION_MAX,
    REFERRER_PHONE_MAX,
    REFERRER_ROLE_MAX,
    Consent,
    ReferralStatus,
    ReferrerSector,
    SourceCode,
    SubjectAware,
)
from referrals.models.subjects import Subject

S = ReferralStatus
_USER = settings.AUTH_USER_MODEL
_NOT_DRAFT = ~Q(status=S.DRAFT)


class Referral(BaseModel):
    """States run draft -> submitted -> screening -> decided, or to withdrawn (transitions.py).

    A draft belongs to its author (``submitted_by``) until it is submitted. Submission pins the agreement in force
    (``consensus_version``), which routing and the due time come from; the decision records the agreement in force
    when it was made (``decision_version``), which may be newer. The decision lives on the row itself, so a
    referral has at most one; the partial unique constraint on ``ReferralTransition`` says the same of history.
    """

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=32, blank=True, help_text="Given at submission, e.g. NMR-2026-000123.")
    status = models.CharField(max_length=20, choices=S.choices, default=S.DRAFT)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="referrals")
    subject_group = models.CharField(max_length=10, blank=True, help_text="child or adult, from age at submission.")

    referrer_name = models.CharField(max_length=REFERRER_NAME_MAX, blank=True)
    referrer_organisation = models.CharField(max_length=REFERRER_ORGANISATION_MAX, blank=True)
    referrer_sector = models.CharField(max_length=20, choices=ReferrerSector.choices, blank=True)
    referrer_role = models.CharField(max_length=REFERRER_ROLE_MAX, blank=True)
    referrer_email = models.EmailField(max_length=REFERRER_EMAIL_MAX, blank=True)
    referrer_phone = models.CharField(max_length=REFERRER_PHONE_MAX, blank=True)
    source_code = models.CharField(max_length=2, choices=SourceCode.choices, blank=True)

    concern = models.TextField(max_length=CONCERN_MAX, blank=True)
    concern_types = models.ManyToManyField("consensus.ConcernType", blank=True, related_name="+")
    indicators = models.ManyToManyField("consensus.Indicator", blank=True, related_name="+")
    immediate_risk = models.BooleanField(default=False)
    subject_aware = models.CharField(max_length=10, choices=SubjectAware.choices, blank=True)
    consent = models.CharField(max_length=12, choices=Consent.choices, blank=True)
    lawful_basis_when_not_sought = models.TextField(max_length=LAWFUL_BASIS_MAX, blank=True)

    consensus_version = models.ForeignKey("consensus.ConsensusVersion", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    routed_team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    routed_role = models.CharField(max_length=30, blank=True)
    decision_due_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+",
                                     help_text="Who wrote the referral (the draft's author).")
    submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    screening_started_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pathway = models.ForeignKey("consensus.ResponsePathway", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    decision_version = models.ForeignKey("consensus.ConsensusVersion", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField(max_length=RATIONALE_MAX, blank=True)
    definitions_cited = models.ManyToManyField("consensus.Definition", blank=True, related_name="+")

    withdrawn_reason = models.TextField(max_length=REASON_MAX, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-immediate_risk", "decision_due_at", "pk"]
        indexes = [
            models.Index(fields=["authority", "status", "decision_due_at"], name="referrals_queue"),
            models.Index(fields=["authority", "submitted_by"], name="referrals_by_author"),
            models.Index(fields=["authority", "assigned_to"], name="referrals_by_assignee"),
            # The dashboard's period: referrals received, and decisions made, between two dates.
            models.Index(fields=["authority", "submitted_at"], name="referrals_by_submitted"),
            models.Index(fields=["authority", "decided_at"], name="referrals_by_decided"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=S.values), name="referrals_referral_status"),
            models.UniqueConstraint(fields=["authority", "reference"], condition=~Q(reference=""),
                                    name="referrals_reference_unique"),
            models.CheckConstraint(
                condition=Q(status=S.DRAFT) | Q(status=S.WITHDRAWN, submitted_at__isnull=True) | (
                    ~Q(reference="") & Q(submitted_at__isnull=False, consensus_version__isnull=False,
                                         decision_due_at__isnull=False, subject_group__in=["child", "adult"])),
                name="referrals_submitted_complete"),
            models.CheckConstraint(
                condition=~Q(status=S.DECIDED) | (Q(decided_at__isnull=False, decided_by__isnull=False,
                                                    pathway__isnull=False, decision_version__isnull=False)
                                                  & ~Q(rationale="")),
                name="referrals_decided_complete"),
            models.CheckConstraint(
                condition=~Q(status=S.WITHDRAWN) | (Q(withdrawn_at__isnull=False) & ~Q(withdrawn_reason="")),
                name="referrals_withdrawn_complete"),
            models.CheckConstraint(condition=Q(pathway__isnull=True) | Q(status=S.DECIDED),
                                   name="referrals_pathway_only_when_decided"),
        ]

    def __str__(self) -> str:
        # Never the subject's name: this label goes into the audit trail, which cannot be rectified.
        return self.reference or f"Draft referral {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == S.DRAFT

    def is_overdue(self, now) -> bool:
        return self.status in (S.SUBMITTED, S.SCREENING) and self.decision_due_at is not None \
            and self.decision_due_at < now
