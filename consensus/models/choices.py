"""The fixed vocabularies of the agreement, and the shape of a code."""

from django.core.validators import RegexValidator
from django.db import models

CODE_PATTERN = r"^[a-z0-9_]{2,40}$"
CODE_MESSAGE = "Use 2 to 40 lower-case letters, digits or underscores, for example early_help."
code_validator = RegexValidator(CODE_PATTERN, CODE_MESSAGE)

# A year of working days: the longest timescale an agreement may set.
MAX_WORKING_DAYS = 260


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class SignOffKind(models.TextChoices):
    STRATEGIC = "strategic", "Strategic sign-off"
    FRONTLINE = "frontline", "Frontline sign-off"


class HomeOfficeCategory(models.TextChoices):
    """The Home Office's Prevent referral categories, as published in its Prevent statistics."""

    ISLAMIST = "islamist", "Islamist"
    EXTREME_RIGHT_WING = "extreme_right_wing", "Extreme right-wing"
    LEFT_WING = "left_wing", "Left-wing, anarchist or single-issue"
    MASS_VIOLENCE = "mass_violence", "Fascination with extreme violence or mass-casualty attacks"
    CONFLICTED = "conflicted", "Conflicted"
    VULNERABILITY_NO_IDEOLOGY = "vulnerability_no_ideology", "Vulnerability present but no ideology or CT risk"
    NO_RISK = "no_risk", "No risk, vulnerability or ideology present"
    OTHER = "other", "Other"


class IndicatorGroup(models.TextChoices):
    ENGAGEMENT = "engagement", "Engagement"
    INTENT = "intent", "Intent"
    CAPABILITY = "capability", "Capability"


class Stage(models.TextChoices):
    SCREENING = "screening", "Screening"
    DECISION = "decision", "Decision"
    CASE_LEAD = "case_lead", "Case lead"
    REVIEW = "review", "Review"
    CLOSURE_APPROVAL = "closure_approval", "Closure approval"


# Stages that follow a decision, where the responsible team may depend on the pathway chosen.
PATHWAY_STAGES = frozenset({Stage.CASE_LEAD, Stage.REVIEW, Stage.CLOSURE_APPROVAL})


class SubjectGroup(models.TextChoices):
    CHILD = "child", "Children"
    ADULT = "adult", "Adults"
