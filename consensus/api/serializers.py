"""The API's shapes. A version's parts come out in the same shape PATCH takes them in: references by code
(``pathway``, ``dimension``) or id (``team``), so a client can GET, edit and PATCH back. Input serializers check
types only; the services apply the agreement's rules, so the pages and the API give the same messages."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consensus import permissions
from consensus.models import HomeOfficeCategory, IndicatorGroup, SignOffKind, Stage, SubjectGroup, VersionStatus
from consensus.models.parts import RESPONSIBLE_ROLES

ROLE_CHOICES = [(role.value, role.label) for role in RESPONSIBLE_ROLES]


def _text(max_length: int, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length, **kwargs)


# --- Output -----------------------------------------------------------------------------------------------------

class SignOffOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SignOffKind.choices)
    signed_by = serializers.CharField(source="signed_by.__str__")
    role = serializers.CharField()
    signed_at = serializers.DateTimeField()


class VersionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    summary = serializers.CharField()
    based_on = serializers.IntegerField(source="based_on.number", allow_null=True, default=None)
    created_by = serializers.CharField(source="created_by.__str__")
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    superseded_at = serializers.DateTimeField(allow_null=True)
    sign_offs = SignOffOutput(many=True, source="sign_offs.all")
    actions = serializers.SerializerMethodField(help_text="What the caller may do with this version now.")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, version) -> list[str]:
        return permissions.get_actions(version, self.context["membership"])


class VersionPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = VersionOutput(many=True)


class TimescalesOutput(serializers.Serializer):
    decision_working_days = serializers.IntegerField()
    assessment_working_days = serializers.IntegerField()
    review_interval_weeks = serializers.IntegerField()
    first_post_closure_review_months = serializers.IntegerField()
    second_post_closure_review_months = serializers.IntegerField()
    intervention_lapse_weeks = serializers.IntegerField()


class DefinitionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    term = serializers.CharField()
    wording = serializers.CharField()
    guidance = serializers.CharField()
    position = serializers.IntegerField()


class ConcernTypeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    home_office_category = serializers.ChoiceField(choices=HomeOfficeCategory.choices)
    description = serializers.CharField()
    position = serializers.IntegerField()


class IndicatorOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    group = serializers.ChoiceField(choices=IndicatorGroup.choices)
    label = serializers.CharField()
    guidance = serializers.CharField()
    position = serializers.IntegerField()


class PathwayOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    when_applies = serializers.CharField()
    opens_case = serializers.BooleanField()
    timescale_working_days = serializers.IntegerField()
    position = serializers.IntegerField()


class ResponsibilityOutput(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    subject_group = serializers.ChoiceField(choices=SubjectGroup.choices)
    pathway = serializers.CharField(source="pathway.code", allow_null=True, default=None)
    team = serializers.IntegerField(source="team_id", allow_null=True)
    team_name = serializers.CharField(source="team.name", allow_null=True, default=None)
    role = serializers.ChoiceField(choices=ROLE_CHOICES)


class DimensionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    position = serializers.IntegerField()


class FactorOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    dimension = serializers.CharField(source="dimension.code")
    label = serializers.CharField()
    guidance = serializers.CharField()
    position = serializers.IntegerField()


class RatingLevelOutput(serializers.Serializer):
    id = serializers.IntegerField()
    score = serializers.IntegerField()
    label = serializers.CharField()
    description = serializers.CharField()


class VersionDetailOutput(VersionOutput):
    timescales = TimescalesOutput()
    definitions = DefinitionOutput(many=True, source="definitions.all")
    concern_types = ConcernTypeOutput(many=True, source="concern_types.all")
    indicators = IndicatorOutput(many=True, source="indicators.all")
    pathways = PathwayOutput(many=True, source="pathways.all")
    responsibilities = ResponsibilityOutput(many=True, source="responsibilities.all")
    dimensions = DimensionOutput(many=True, source="dimensions.all")
    factors = FactorOutput(many=True, source="factors.all")
    rating_levels = RatingLevelOutput(many=True, source="rating_levels.all")


class ItemChangeOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    fields = serializers.ListField(child=serializers.CharField())


class PartComparisonOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    added = ItemChangeOutput(many=True)
    removed = ItemChangeOutput(many=True)
    changed = ItemChangeOutput(many=True)
    unchanged = serializers.IntegerField()


class FieldChangeOutput(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.IntegerField(allow_null=True)
    after = serializers.IntegerField()


class ComparisonOutput(serializers.Serializer):
    old_number = serializers.IntegerField(allow_null=True)
    new_number = serializers.IntegerField()
    parts = PartComparisonOutput(many=True)
    timescales = FieldChangeOutput(many=True)


# --- Input ------------------------------------------------------------------------------------------------------

class TimescalesInput(serializers.Serializer):
    decision_working_days = serializers.IntegerField(required=False)
    assessment_working_days = serializers.IntegerField(required=False)
    review_interval_weeks = serializers.IntegerField(required=False)
    first_post_closure_review_months = serializers.IntegerField(required=False)
    second_post_closure_review_months = serializers.IntegerField(required=False)
    intervention_lapse_weeks = serializers.IntegerField(required=False)


class CodedInput(serializers.Serializer):
    code = _text(40)
    position = serializers.IntegerField(required=False, allow_null=True)


class DefinitionInput(CodedInput):
    term = _text(100)
    wording = _text(5000)
    guidance = _text(5000)


class ConcernTypeInput(CodedInput):
    label = _text(150)
    home_office_category = serializers.ChoiceField(choices=HomeOfficeCategory.choices, required=False)
    description = _text(5000)


class IndicatorInput(CodedInput):
    group = serializers.ChoiceField(choices=IndicatorGroup.choices, required=False)
    label = _text(200)
    guidance = _text(5000)


class PathwayInput(CodedInput):
    label = _text(150)
    when_applies = _text(5000)
    opens_case = serializers.BooleanField(required=False)
    timescale_working_days = serializers.IntegerField(required=False)


class ResponsibilityInput(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    subject_group = serializers.ChoiceField(choices=SubjectGroup.choices, required=False)
    pathway = _text(40, allow_null=True, help_text="A pathway code, for a row that applies only to that pathway.")
    team = serializers.IntegerField(required=False, allow_null=True, help_text="The id of a team, or null.")
    role = serializers.ChoiceField(choices=ROLE_CHOICES, required=False)


class DimensionInput(CodedInput):
    label = _text(100)
    description = _text(5000)


class FactorInput(CodedInput):
    dimension = _text(40, help_text="The code of the factor's dimension.")
    label = _text(200)
    guidance = _text(5000)


class RatingLevelInput(serializers.Serializer):
    score = serializers.IntegerField(required=False)
    label = _text(60)
    description = _text(5000)


class VersionUpdateInput(serializers.Serializer):
    """Each key is optional. A part's list is its complete new content, matched to the stored items by code
    (responsibilities by stage, subject group and pathway; rating levels by score): new items are added,
    matching ones changed, and items left out are removed."""

    summary = _text(2000)
    timescales = TimescalesInput(required=False, help_text="Only the timescales to change.")
    definitions = DefinitionInput(many=True, required=False)
    concern_types = ConcernTypeInput(many=True, required=False)
    indicators = IndicatorInput(many=True, required=False)
    pathways = PathwayInput(many=True, required=False)
    responsibilities = ResponsibilityInput(many=True, required=False)
    dimensions = DimensionInput(many=True, required=False)
    factors = FactorInput(many=True, required=False)
    rating_levels = RatingLevelInput(many=True, required=False)


class VersionCreateInput(serializers.Serializer):
    summary = _text(2000)


class ReturnToDraftInput(serializers.Serializer):
    reason = _text(2000)


class SignOffInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SignOffKind.choices)
