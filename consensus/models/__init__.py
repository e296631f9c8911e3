from consensus.models.choices import (
    CODE_PATTERN,
    MAX_WORKING_DAYS,
    PATHWAY_STAGES,
    HomeOfficeCategory,
    IndicatorGroup,
    SignOffKind,
    Stage,
    SubjectGroup,
    VersionStatus,
)
from consensus.models.parts import (
    RESPONSIBLE_ROLES,
    AssessmentDimension,
    AssessmentFactor,
    ConcernType,
    Definition,
    Indicator,
    RatingLevel,
    ResponsePathway,
    Responsibility,
)
from consensus.models.version import OPEN_STATUSES, ConsensusVersion, SignOff, Timescales

__all__ = [
    "CODE_PATTERN", "MAX_WORKING_DAYS", "OPEN_STATUSES", "PATHWAY_STAGES", "RESPONSIBLE_ROLES", "AssessmentDimension",
    "AssessmentFactor", "ConcernType", "ConsensusVersion", "Definition", "HomeOfficeCategory", "Indicator",
    "IndicatorGroup", "RatingLevel", "ResponsePathway", "Responsibility", "SignOff", "SignOffKind", "Stage",
    "SubjectGroup", "Timescales", "VersionStatus",
]
