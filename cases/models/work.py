"""The casework: assessments against the agreement's framework, interventions and their sessions, and reviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models.case import Case
from cases.models.choices import (
    NOTE_MAX,
    PROVIDER_MAX,
    SUMMARY_MAX,
    InterventionOutcome,
    InterventionStatus,
    InterventionType,
    ReviewKind,
    ReviewOutcome,
    RiskLevel,
)
from core.models import BaseModel
from core.tenancy import authority_scoped_manager

_USER = settings.AUTH_USER_MODEL


class Assessment(BaseModel):
    """One assessment of the person, against the assessment framework of the agreement in force when it was
    recorded: a rating for every factor, a summary, a plan and an overall risk level."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    consensus_version = models.ForeignKey("consensus.ConsensusVersion", on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(max_length=SUMMARY_MAX)
    plan = models.TextField(max_length=SUMMARY_MAX)
    overall_risk = models.CharField(max_length=10, choices=RiskLevel.choices)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(overall_risk__in=RiskLevel.values),
                                              name="cases_assessment_risk")]

    def __str__(self) -> str:
        return f"Assessment of case {self.case_id} on {self.assessed_on}"


class AssessmentRating(BaseModel):
    """The rating of one factor in one assessment. ``factor_code`` and ``score`` are copied from the agreement so
    assessments made under different versions can be compared factor by factor."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    factor = models.ForeignKey("consensus.AssessmentFactor", on_delete=models.PROTECT, related_name="+")
    factor_code = models.CharField(max_length=40)
    rating_level = models.ForeignKey("consensus.RatingLevel", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    note = models.TextField(max_length=NOTE_MAX, blank=True)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "factor"], name="cases_rating_one_per_factor")]

    def __str__(self) -> str:
        return f"{self.factor_code}: {self.score}"


class Intervention(BaseModel):
    """One intervention of the support plan: what, who provides it, sessions planned and delivered, and how it
    ended. ``last_session_on`` drives the lapsed flag (no session for the agreement's number of weeks)."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interventions")
    kind = models.CharField(max_length=20, choices=InterventionType.choices)
    provider = models.CharField(max_length=PROVIDER_MAX, help_text="The organisation delivering it.")
    description = models.TextField(max_length=SUMMARY_MAX, blank=True)
    planned_sessions = models.PositiveSmallIntegerField()
    delivered_sessions = models.PositiveSmallIntegerField(default=0)
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)
    last_session_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.PLANNED)
    outcome = models.CharField(max_length=20, choices=InterventionOutcome.choices, blank=True)
    outcome_note = models.TextField(max_length=SUMMARY_MAX, blank=True)
    created_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["start_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InterventionType.values), name="cases_intervention_kind"),
            models.CheckConstraint(condition=Q(status__in=InterventionStatus.values),
                                   name="cases_intervention_status"),
            models.CheckConstraint(condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                                   name="cases_intervention_dates"),
            models.CheckConstraint(
                condition=(Q(status=InterventionStatus.ENDED) & Q(outcome__in=InterventionOutcome.values)
                           & Q(end_on__isnull=False))
                | (~Q(status=InterventionStatus.ENDED) & Q(outcome="")),
                name="cases_intervention_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.provider}"


class InterventionSession(BaseModel):
    """One session of an intervention, held or missed."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    attended = models.BooleanField(default=True)
    note = models.TextField(max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Session on {self.held_on}"


class Review(BaseModel):
    """A review: scheduled from the agreement's interval while the case is open, or one of the two reviews after
    closure (scheduled when the closure is approved). ``held_on`` is empty until it is recorded."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    due_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    held_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(max_length=SUMMARY_MAX, blank=True)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    cancelled = models.BooleanField(default=False, help_text="No longer needed (e.g. the case closed first).")

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReviewKind.values), name="cases_review_kind"),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True, outcome="")
                | Q(held_on__isnull=False, outcome__in=ReviewOutcome.values),
                name="cases_review_outcome"),
        ]
        indexes = [models.Index(fields=["authority", "held_on", "due_on"], name="cases_review_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on}"
