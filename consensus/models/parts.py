"""The content of a version. Every part belongs to one version and, for scoping, to its authority."""

from django.db import models
from django.db.models import Q

from accounts.roles import Role
from consensus.models.choices import (
    MAX_WORKING_DAYS,
    HomeOfficeCategory,
    IndicatorGroup,
    Stage,
    SubjectGroup,
    code_validator,
)
from consensus.models.version import ConsensusVersion
from core.models import BaseModel
from core.tenancy import authority_scoped_manager

# The roles a responsibility can name: the ones that do casework.
RESPONSIBLE_ROLES = (Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.MANAGER)


class VersionPart(BaseModel):
    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")

    objects = authority_scoped_manager()

    class Meta:
        abstract = True


class CodedPart(VersionPart):
    code = models.CharField(max_length=40, validators=[code_validator])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]


def _version(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(ConsensusVersion, on_delete=models.CASCADE, related_name=related_name)


def _unique_code(name: str) -> list[models.UniqueConstraint]:
    return [models.UniqueConstraint(fields=["version", "code"], name=f"consensus_{name}_code_unique")]


class Definition(CodedPart):
    version = _version("definitions")
    term = models.CharField(max_length=100)
    wording = models.TextField()
    guidance = models.TextField(blank=True)

    class Meta(CodedPart.Meta):
        constraints = _unique_code("definition")

    def __str__(self) -> str:
        return self.term


class ConcernType(CodedPart):
    version = _version("concern_types")
    label = models.CharField(max_length=150)
    home_office_category = models.CharField(max_length=40, choices=HomeOfficeCategory.choices)
    description = models.TextField(blank=True)

    class Meta(CodedPart.Meta):
        constraints = _unique_code("concerntype")

    def __str__(self) -> str:
        return self.label


class Indicator(CodedPart):
    version = _version("indicators")
    group = models.CharField(max_length=20, choices=IndicatorGroup.choices)
    label = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)

    class Meta(CodedPart.Meta):
        ordering = ["group", "position", "code"]
        constraints = _unique_code("indicator")

    def __str__(self) -> str:
        return self.label


class ResponsePathway(CodedPart):
    version = _version("pathways")
    label = models.CharField(max_length=150)
    when_applies = models.TextField()
    opens_case = models.BooleanField(default=False)
    timescale_working_days = models.PositiveSmallIntegerField(
        help_text="Working days from the decision within which the response must start."
    )

    class Meta(CodedPart.Meta):
        constraints = [
            *_unique_code("responsepathway"),
            models.CheckConstraint(condition=Q(timescale_working_days__range=(1, MAX_WORKING_DAYS)),
                                   name="consensus_pathway_timescale_range"),
        ]

    def __str__(self) -> str:
        return self.label


class Responsibility(VersionPart):
    """Who is accountable for a stage, for children or adults; optionally only when a given pathway was chosen."""

    version = _version("responsibilities")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    subject_group = models.CharField(max_length=10, choices=SubjectGroup.choices)
    pathway = models.ForeignKey(ResponsePathway, null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30, choices=[(role.value, role.label) for role in RESPONSIBLE_ROLES])

    class Meta:
        verbose_name_plural = "responsibilities"
        ordering = ["stage", "subject_group", "pathway__position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "stage", "subject_group"], condition=Q(pathway__isnull=True),
                                    name="consensus_responsibility_unique"),
            models.UniqueConstraint(fields=["version", "stage", "subject_group", "pathway"],
                                    condition=Q(pathway__isnull=False),
                                    name="consensus_responsibility_pathway_unique"),
        ]

    def __str__(self) -> str:
        text = f"{self.get_stage_display()}, {self.get_subject_group_display().lower()}"
        return f"{text} ({self.pathway.code})" if self.pathway_id else text


class AssessmentDimension(CodedPart):
    version = _version("dimensions")
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta(CodedPart.Meta):
        constraints = _unique_code("assessmentdimension")

    def __str__(self) -> str:
        return self.label


class AssessmentFactor(CodedPart):
    version = _version("factors")
    dimension = models.ForeignKey(AssessmentDimension, on_delete=models.RESTRICT, related_name="factors")
    label = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)

    class Meta(CodedPart.Meta):
        constraints = _unique_code("assessmentfactor")

    def __str__(self) -> str:
        return self.label


class RatingLevel(VersionPart):
    """One point on the rating scale assessors use for every factor (e.g. 0 none to 3 high)."""

    version = _version("rating_levels")
    score = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["score"]
        constraints = [
            models.UniqueConstraint(fields=["version", "score"], name="consensus_ratinglevel_score_unique"),
            models.CheckConstraint(condition=Q(score__lte=10), name="consensus_ratinglevel_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.score} – {self.label}"
