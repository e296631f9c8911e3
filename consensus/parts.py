"""The parts of a version as data: how each is keyed, cleaned, copied, compared and audited.

Services, the comparison selector and the API all work from ``PART_SPECS``, so a part's rules are written once.
Items are keyed within a version by a natural key (a code, or stage:subject_group[:pathway] for
responsibilities, or the score for rating levels), which is what makes two versions comparable.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import models

from accounts.models import Team
from consensus.models import (
    MAX_WORKING_DAYS,
    PATHWAY_STAGES,
    RESPONSIBLE_ROLES,
    AssessmentDimension,
    AssessmentFactor,
    ConcernType,
    Definition,
    HomeOfficeCategory,
    Indicator,
    IndicatorGroup,
    RatingLevel,
    ResponsePathway,
    Responsibility,
    Stage,
    SubjectGroup,
)
from consensus.validation import Cleaner

TEXT, LONG_TEXT = 200, 5000
TIMESCALE_MESSAGE = f"Enter the timescale as a whole number of working days from 1 to {MAX_WORKING_DAYS}."


@dataclass(frozen=True)
class PartContext:
    """What an item may refer to: the authority's teams, and the pathway and dimension codes of its version."""

    teams: Mapping[int, Team]
    pathway_codes: frozenset[str]
    dimension_codes: frozenset[str]


@dataclass(frozen=True)
class PartSpec:
    name: str  # key in API payloads and comparisons, e.g. "pathways"
    entity: str  # audit entity, e.g. consensus.pathway.added
    label: str
    model: type[models.Model]
    fields: tuple[str, ...]  # content, in input shape (pathway/dimension by code, team by id)
    clean: Callable[[Mapping, PartContext], dict]
    key: Callable[[Mapping], str]
    item_label: Callable[[Mapping], str]
    related: tuple[str, ...] = field(default=())
    key_field: str = "code"  # where a clash of keys is reported
    duplicate: str = "Another item in this agreement already uses this code."

    def values(self, obj) -> dict:
        """An item's content in input shape, plus the team's name for display."""
        values = {name: _GETTERS.get(name, getattr)(obj, name) for name in self.fields}
        if "team" in values:
            values["team_name"] = obj.team.name if obj.team_id else None
        return values


_GETTERS: dict[str, Callable] = {
    "pathway": lambda obj, _: obj.pathway.code if obj.pathway_id else None,
    "dimension": lambda obj, _: obj.dimension.code,
    "team": lambda obj, _: obj.team_id,
}


def _coded(cleaner: Cleaner, label: str, *, max_length: int = 150) -> Cleaner:
    cleaner.code()
    cleaner.text("label", label, max_length=max_length)
    cleaner.position()
    return cleaner


def _clean_definition(data, context) -> dict:
    cleaner = Cleaner(data)
    cleaner.code()
    cleaner.text("term", "Term", max_length=100)
    cleaner.text("wording", "Wording", max_length=LONG_TEXT)
    cleaner.text("guidance", "Guidance", max_length=LONG_TEXT, required=False)
    cleaner.position()
    return cleaner.result()


def _clean_concern_type(data, context) -> dict:
    cleaner = _coded(Cleaner(data), "Label")
    cleaner.choice("home_office_category", HomeOfficeCategory, "Choose the Home Office category it is counted under.")
    cleaner.text("description", "Description", max_length=LONG_TEXT, required=False)
    return cleaner.result()


def _clean_indicator(data, context) -> dict:
    cleaner = _coded(Cleaner(data), "Label", max_length=TEXT)
    cleaner.choice("group", IndicatorGroup, "Choose engagement, intent or capability.")
    cleaner.text("guidance", "Guidance", max_length=LONG_TEXT, required=False)
    return cleaner.result()


def _clean_pathway(data, context) -> dict:
    cleaner = _coded(Cleaner(data), "Label")
    cleaner.text("when_applies", "When it applies", max_length=LONG_TEXT, missing="Say when this pathway applies.")
    cleaner.boolean("opens_case", "this pathway opens a case")
    cleaner.integer("timescale_working_days", 1, MAX_WORKING_DAYS, TIMESCALE_MESSAGE)
    return cleaner.result()


def _clean_responsibility(data, context) -> dict:
    cleaner = Cleaner(data)
    stage = cleaner.choice("stage", Stage, "Choose a stage.")
    cleaner.choice("subject_group", SubjectGroup, "Choose children or adults.")
    cleaner.choice("role", [role.value for role in RESPONSIBLE_ROLES],
                   "Choose practitioner, safeguarding lead or manager.")
    pathway = data.get("pathway") or None
    if pathway is not None and pathway not in context.pathway_codes:
        cleaner.error("pathway", "Choose a response pathway of this agreement.")
    elif pathway is not None and stage is not None and stage not in PATHWAY_STAGES:
        cleaner.error("pathway", "Only case lead, review and closure approval can depend on the pathway.")
    else:
        cleaner.values["pathway"] = pathway
    team = data.get("team")
    team = getattr(team, "pk", team)
    if team is not None and (isinstance(team, bool) or team not in context.teams):
        cleaner.error("team", "Choose a team in your authority.")
    else:
        cleaner.values["team"] = team
    return cleaner.result()


def _clean_dimension(data, context) -> dict:
    cleaner = _coded(Cleaner(data), "Label", max_length=100)
    cleaner.text("description", "Description", max_length=LONG_TEXT, required=False)
    return cleaner.result()


def _clean_factor(data, context) -> dict:
    cleaner = _coded(Cleaner(data), "Label", max_length=TEXT)
    if data.get("dimension") not in context.dimension_codes:
        cleaner.error("dimension", "Choose a dimension of this agreement.")
    else:
        cleaner.values["dimension"] = data["dimension"]
    cleaner.text("guidance", "Guidance", max_length=LONG_TEXT, required=False)
    return cleaner.result()


def _clean_rating_level(data, context) -> dict:
    cleaner = Cleaner(data)
    cleaner.integer("score", 0, 10, "Enter a score from 0 to 10.")
    cleaner.text("label", "Label", max_length=60)
    cleaner.text("description", "Description", max_length=LONG_TEXT, required=False)
    return cleaner.result()


def clean_timescales(data: Mapping) -> dict:
    cleaner = Cleaner(data)
    cleaner.integer("decision_working_days", 1, MAX_WORKING_DAYS, TIMESCALE_MESSAGE)
    cleaner.integer("assessment_working_days", 1, MAX_WORKING_DAYS, TIMESCALE_MESSAGE)
    cleaner.integer("review_interval_weeks", 1, 52, "Enter a review interval from 1 to 52 weeks.")
    first = cleaner.integer("first_post_closure_review_months", 1, 24, "Enter a number of months from 1 to 24.")
    second = cleaner.integer("second_post_closure_review_months", 1, 36, "Enter a number of months from 1 to 36.")
    if first is not None and second is not None and second <= first:
        cleaner.error("second_post_closure_review_months", "The second review must come after the first.")
    cleaner.integer("intervention_lapse_weeks", 1, 52, "Enter a number of weeks from 1 to 52.")
    return cleaner.result()


TIMESCALE_FIELDS = ("decision_working_days", "assessment_working_days", "review_interval_weeks",
                    "first_post_closure_review_months", "second_post_closure_review_months",
                    "intervention_lapse_weeks")


def _responsibility_key(values) -> str:
    key = f"{values['stage']}:{values['subject_group']}"
    return f"{key}:{values['pathway']}" if values.get("pathway") else key


def _responsibility_label(values) -> str:
    text = f"{Stage(values['stage']).label}, {SubjectGroup(values['subject_group']).label.lower()}"
    return f"{text}, when the pathway is {values['pathway']}" if values.get("pathway") else text


def _by_code(values) -> str:
    return values["code"]


def _label(values) -> str:
    return values["label"]


PART_SPECS: dict[str, PartSpec] = {spec.name: spec for spec in [
    PartSpec("definitions", "definition", "Definitions", Definition,
             ("code", "term", "wording", "guidance", "position"), _clean_definition, _by_code,
             lambda values: values["term"]),
    PartSpec("concern_types", "concern_type", "Concern types", ConcernType,
             ("code", "label", "home_office_category", "description", "position"), _clean_concern_type, _by_code,
             _label),
    PartSpec("indicators", "indicator", "Indicators", Indicator,
             ("code", "group", "label", "guidance", "position"), _clean_indicator, _by_code, _label),
    PartSpec("pathways", "pathway", "Response pathways", ResponsePathway,
             ("code", "label", "when_applies", "opens_case", "timescale_working_days", "position"),
             _clean_pathway, _by_code, _label),
    PartSpec("responsibilities", "responsibility", "Responsibilities", Responsibility,
             ("stage", "subject_group", "pathway", "team", "role"), _clean_responsibility, _responsibility_key,
             _responsibility_label, related=("pathway", "team"), key_field="stage",
             duplicate="The agreement already says who is responsible for this stage and group (and pathway)."),
    PartSpec("dimensions", "dimension", "Assessment dimensions", AssessmentDimension,
             ("code", "label", "description", "position"), _clean_dimension, _by_code, _label),
    PartSpec("factors", "factor", "Assessment factors", AssessmentFactor,
             ("code", "dimension", "label", "guidance", "position"), _clean_factor, _by_code, _label,
             related=("dimension",)),
    PartSpec("rating_levels", "rating_level", "Rating scale", RatingLevel,
             ("score", "label", "description"), _clean_rating_level, lambda values: str(values["score"]),
             lambda values: f"{values['score']} – {values['label']}", key_field="score",
             duplicate="The rating scale already has this score."),
]}
SPEC_BY_MODEL = {spec.model: spec for spec in PART_SPECS.values()}
# What refers to what: deleting a referenced item while something still uses it is refused.
REFERENCES = {"pathways": ("responsibilities", "pathway"), "dimensions": ("factors", "dimension")}


def part_queryset(spec: PartSpec, version):
    return spec.model.objects.filter(version=version).select_related(*spec.related)
