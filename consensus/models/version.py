from django.conf import settings
from django.db import models
from django.db.models import Q

from consensus.models.choices import MAX_WORKING_DAYS, SignOffKind, VersionStatus
from core.models import BaseModel
from core.tenancy import authority_scoped_manager

OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)


class ConsensusVersion(BaseModel):
    """One numbered version of an authority's agreement.

    States run draft -> in_review -> published -> superseded (transitions.py). Only a draft's content can change;
    database triggers (migration 0002) refuse changes to the parts of any other version and to a published
    version's own columns, apart from the move to superseded.
    """

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="consensus_versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True, help_text="What this version changes, in plain words.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["authority", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "number"], name="consensus_version_number_unique"),
            models.UniqueConstraint(
                fields=["authority"], condition=Q(status=VersionStatus.PUBLISHED),
                name="consensus_version_one_published",
            ),
            models.UniqueConstraint(
                fields=["authority"], condition=Q(status__in=OPEN_STATUSES), name="consensus_version_one_open",
            ),
            models.CheckConstraint(condition=Q(status__in=VersionStatus.values), name="consensus_version_status"),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES) | Q(published_at__isnull=False),
                name="consensus_version_published_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_status_display().lower()})"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Timescales(BaseModel):
    """The agreed timescales of one version (exactly one row per version)."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    version = models.OneToOneField(ConsensusVersion, on_delete=models.CASCADE, related_name="timescales")
    decision_working_days = models.PositiveSmallIntegerField(default=1)
    assessment_working_days = models.PositiveSmallIntegerField(default=45)
    review_interval_weeks = models.PositiveSmallIntegerField(default=12)
    first_post_closure_review_months = models.PositiveSmallIntegerField(default=6)
    second_post_closure_review_months = models.PositiveSmallIntegerField(default=12)
    intervention_lapse_weeks = models.PositiveSmallIntegerField(
        default=6, help_text="An active intervention with no session for this many weeks is flagged as lapsed.")

    objects = authority_scoped_manager()

    class Meta:
        verbose_name_plural = "timescales"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_working_days__range=(1, MAX_WORKING_DAYS))
                & Q(assessment_working_days__range=(1, MAX_WORKING_DAYS))
                & Q(review_interval_weeks__range=(1, 52))
                & Q(first_post_closure_review_months__range=(1, 24))
                & Q(second_post_closure_review_months__gt=models.F("first_post_closure_review_months"))
                & Q(second_post_closure_review_months__lte=36)
                & Q(intervention_lapse_weeks__range=(1, 52)),
                name="consensus_timescales_ranges",
            ),
        ]

    def __str__(self) -> str:
        return f"Timescales of version {self.version_id}"


class SignOff(BaseModel):
    """A signatory's agreement to a version in review. Two kinds, given by two different people."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(ConsensusVersion, on_delete=models.CASCADE, related_name="sign_offs")
    kind = models.CharField(max_length=20, choices=SignOffKind.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30, help_text="The signatory's role when they signed.")
    signed_at = models.DateTimeField()

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="consensus_signoff_one_per_kind"),
            models.UniqueConstraint(fields=["version", "signed_by"], name="consensus_signoff_two_people"),
            models.CheckConstraint(condition=Q(kind__in=SignOffKind.values), name="consensus_signoff_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.signed_by}"
