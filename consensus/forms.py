"""Forms for the agreement's pages, and the registry of the parts an administrator edits.

A form here only turns what the browser sent into the services' input shape (a number typed as text becomes an
int, "yes" becomes True). Every rule (what is required, how long, which codes and ranges are allowed) lives in the
services, so the pages and the API give the same messages; the view puts each message next to its field.
"""

import re
from dataclasses import dataclass

from django import forms

from consensus.models import RESPONSIBLE_ROLES, HomeOfficeCategory, IndicatorGroup, Stage, SubjectGroup
from consensus.parts import PART_SPECS, TIMESCALE_FIELDS, PartSpec

_WHOLE_NUMBER = re.compile(r"^-?\d{1,9}$")
CODE_HINT = "A short name for links and reports: lower-case letters, digits and underscores, like {example}."


class GovukRadios(forms.RadioSelect):
    """Radios whose first input carries the field's own id, as GOV.UK Frontend does, so the error summary's link
    to ``#id_<field>`` lands on the first choice."""

    def id_for_label(self, id_, index="0"):
        return id_ if index == "0" else super().id_for_label(id_, index)


class _Field(forms.CharField):
    """A field the agreement's templates draw with ``{% govuk_field %}``, at the width it suits."""

    govuk_width = ""
    govuk_inputmode = ""


class TextField(_Field):
    """Text passed on as typed (the service trims, checks it is there and checks its length)."""

    def __init__(self, label, *, hint="", long=False, width=""):
        super().__init__(label=label, help_text=hint, required=False, widget=forms.Textarea if long else None)
        self.govuk_width = width


class WholeNumberField(_Field):
    """A number typed into a text box. A whole number goes to the service as an int; anything else goes as typed,
    and the service refuses it with the same message as a number out of range."""

    def __init__(self, label, *, hint="", widget=None):
        super().__init__(label=label, help_text=hint, required=False, widget=widget)
        self.govuk_width, self.govuk_inputmode = "3", "numeric"

    def to_python(self, value):
        value = super().to_python(value)
        if value == "":
            return None
        return int(value) if _WHOLE_NUMBER.match(value) else value


class ChoiceTextField(_Field):
    """A select or radios whose value the service checks (so an empty or forged choice gets the service's
    message)."""

    def __init__(self, label, choices=(), *, hint="", radios=False):
        widget = GovukRadios(choices=choices) if radios else forms.Select(choices=choices)
        super().__init__(label=label, help_text=hint, required=False, widget=widget)


class TeamField(WholeNumberField):
    def __init__(self, label, *, hint=""):
        super().__init__(label, hint=hint, widget=forms.Select)
        self.govuk_width, self.govuk_inputmode = "", ""


class YesNoField(_Field):
    def __init__(self, label, *, hint="", yes="Yes", no="No"):
        super().__init__(label=label, help_text=hint, required=False,
                         widget=GovukRadios(choices=[("yes", yes), ("no", no)]))

    def to_python(self, value):
        value = super().to_python(value)
        return {"yes": True, "no": False, "": None}.get(value, value)

    def prepare_value(self, value):
        return {True: "yes", False: "no"}.get(value, value)


def _choose(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *choices]


class PartForm(forms.Form):
    """An item of one part. ``key_fields`` identify the item within its version (its code, say): they are set
    when it is added and shown, not changed, afterwards, so links and comparisons keep pointing at it."""

    key_fields: tuple[str, ...] = ("code",)
    label_noun = ""  # what this page calls the item's "label", when that differs (the service says "the label")

    def __init__(self, *args, version=None, teams=None, adding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.version, self.teams = version, teams
        if not adding:
            for name in self.key_fields:
                del self.fields[name]

    def service_data(self) -> dict:
        return dict(self.cleaned_data)

    def reword(self, field: str, message: str) -> str:
        """A service message about the "label", in the words of this page's label."""
        if field != "label" or not self.label_noun:
            return message
        if message == "Enter the label.":
            return f"Enter the {self.label_noun}."
        return f"The {self.label_noun} {message.removeprefix('Label ')}" if message.startswith("Label ") else message


class DefinitionForm(PartForm):
    term = TextField("Term", hint="The word or phrase, for example ‘Radicalisation’.", width="20")
    code = TextField("Code", hint=CODE_HINT.format(example="radicalisation"), width="20")
    wording = TextField("Wording", hint="What your authority means by the term, in plain words. Everyone works to "
                                         "this wording.", long=True)
    guidance = TextField("Guidance for staff (optional)", hint="How to apply the definition in practice.", long=True)


class ConcernTypeForm(PartForm):
    label_noun = "concern type"
    label = TextField("Concern type", hint="As staff will see it when they record a referral.")
    code = TextField("Code", hint=CODE_HINT.format(example="extreme_right_wing"), width="20")
    home_office_category = ChoiceTextField(
        "Home Office category", _choose("Choose a category", HomeOfficeCategory.choices),
        hint="The category this concern is counted under in returns to the Home Office.")
    description = TextField("Description (optional)", long=True)


class IndicatorForm(PartForm):
    label_noun = "indicator"
    label = TextField("Indicator", hint="What someone might notice, in plain words.")
    code = TextField("Code", hint=CODE_HINT.format(example="justifies_violence"), width="20")
    group = ChoiceTextField("Group", IndicatorGroup.choices, radios=True)
    guidance = TextField("Guidance for staff (optional)", long=True)


class PathwayForm(PartForm):
    label_noun = "name of the response"
    label = TextField("Name of the response", hint="For example ‘Adult safeguarding enquiry (Care Act 2014, s42)’.")
    code = TextField("Code", hint=CODE_HINT.format(example="early_help"), width="20")
    when_applies = TextField("When it applies", long=True,
                             hint="The circumstances in which a decision-maker should choose this response.")
    opens_case = YesNoField("Does this response open a case?", yes="Yes, it opens a case",
                            no="No, the referral is closed with this response")
    timescale_working_days = WholeNumberField(
        "Timescale in working days", hint="How many working days after the decision the response must start.")


class ResponsibilityForm(PartForm):
    key_fields = ("stage", "subject_group", "pathway")

    stage = ChoiceTextField("Stage", _choose("Choose a stage", Stage.choices))
    subject_group = ChoiceTextField("Who it is for", SubjectGroup.choices, radios=True)
    pathway = ChoiceTextField(
        "Only when this response is chosen (optional)",
        hint="Only for case lead, review and closure approval, when a different team takes over for one response. "
             "Otherwise leave it as ‘Any response’.")
    team = TeamField("Team", hint="The team that is accountable. You can add teams on the People and teams page.")
    role = ChoiceTextField("Role", _choose("Choose a role", [(role.value, role.label) for role in RESPONSIBLE_ROLES]),
                           hint="The role of the person in that team who does this.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "pathway" in self.fields:
            pathways = [(pathway.code, pathway.label) for pathway in self.version.pathways.all()]
            self.fields["pathway"].widget.choices = [("", "Any response"), *pathways]
        self.fields["team"].widget.choices = [("", "No team yet"), *((team.pk, team.name) for team in self.teams)]


class DimensionForm(PartForm):
    label_noun = "dimension"
    label = TextField("Dimension", hint="For example ‘Engagement’.", width="20")
    code = TextField("Code", hint=CODE_HINT.format(example="engagement"), width="20")
    description = TextField("What it measures (optional)", long=True)


class FactorForm(PartForm):
    label_noun = "factor"
    dimension = ChoiceTextField("Dimension")
    label = TextField("Factor", hint="Something an assessor rates, for example ‘Access to weapons’.")
    code = TextField("Code", hint=CODE_HINT.format(example="means"), width="20")
    guidance = TextField("Guidance for assessors (optional)", long=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dimensions = [(dimension.code, dimension.label) for dimension in self.version.dimensions.all()]
        self.fields["dimension"].widget.choices = _choose("Choose a dimension", dimensions)


class RatingLevelForm(PartForm):
    key_fields = ("score",)
    label_noun = "rating"

    score = WholeNumberField("Score", hint="A whole number from 0 to 10. Higher means more concern.")
    label = TextField("Rating", hint="For example ‘Moderate’.", width="20")
    description = TextField("What it means (optional)", long=True)


class TimescalesForm(forms.Form):
    decision_working_days = WholeNumberField(
        "Decision on a referral, in working days", hint="From the day the referral is submitted.")
    assessment_working_days = WholeNumberField(
        "Assessment of a case, in working days", hint="From the day the case is opened.")
    review_interval_weeks = WholeNumberField("How often open cases are reviewed, in weeks")
    first_post_closure_review_months = WholeNumberField("First review after a case closes, in months")
    second_post_closure_review_months = WholeNumberField("Second review after a case closes, in months")
    intervention_lapse_weeks = WholeNumberField(
        "When an intervention counts as lapsed, in weeks without a session",
        hint="An active intervention with no session recorded for this long is flagged on the case.")

    field_order = TIMESCALE_FIELDS


class SummaryForm(forms.Form):
    summary = TextField("What this version changes", long=True,
                        hint="In plain words, for the people who sign it off and everyone who reads it later.")


class ReturnToDraftForm(forms.Form):
    reason = TextField("Why are you returning it to draft?", long=True,
                       hint="Say what needs to change. It is recorded in the audit trail with your name.")

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why you are returning it to draft, so the editor knows what to change.")
        return reason


class SignOffForm(forms.Form):
    kind = forms.CharField(required=False)


@dataclass(frozen=True)
class PartPage:
    """How the pages present one part of the agreement: its URL segment, form and words."""

    slug: str
    spec: PartSpec
    form: type[PartForm]
    noun: str  # "definition", as in "Add a definition"
    plural: str  # "definitions", as in "6 definitions"
    article: str  # "a" or "an"
    intro: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def add_label(self) -> str:
        return f"Add {self.article} {self.noun}"


def _page(slug: str, name: str, form: type[PartForm], noun: str, plural: str, intro: str) -> PartPage:
    return PartPage(slug, PART_SPECS[name], form, noun, plural, "an" if noun[0] in "aeiou" else "a", intro)


PART_PAGES: dict[str, PartPage] = {page.slug: page for page in [
    _page("definitions", "definitions", DefinitionForm, "definition", "definitions",
          "What your authority means by the words used in referrals and decisions."),
    _page("concern-types", "concern_types", ConcernTypeForm, "concern type", "concern types",
          "The kinds of concern a referral can record, each counted under a Home Office category."),
    _page("indicators", "indicators", IndicatorForm, "indicator", "indicators",
          "What staff might notice, grouped as engagement, intent and capability. They appear on the referral form."),
    _page("pathways", "pathways", PathwayForm, "response pathway", "response pathways",
          "The responses a decision can choose, when each applies and how quickly it must start."),
    _page("responsibilities", "responsibilities", ResponsibilityForm, "responsibility", "responsibilities",
          "Which team and role is accountable at each stage, for children and for adults."),
    _page("dimensions", "dimensions", DimensionForm, "assessment dimension", "assessment dimensions",
          "The headings an assessment is organised under."),
    _page("factors", "factors", FactorForm, "assessment factor", "assessment factors",
          "What an assessor rates under each dimension."),
    _page("rating-scale", "rating_levels", RatingLevelForm, "point on the rating scale", "points on the rating scale",
          "The scale assessors use to rate every factor."),
]}
PART_PAGE_BY_NAME = {page.name: page for page in PART_PAGES.values()}
