"""The case API's shapes.

Output: every code comes with its label, people and teams with their names, and each case with its links. The list
carries a summary only (nothing that needs a query per case); the detail adds what the caller may do now
(``permissions.get_actions``), the referral it came from and its closures.

Input: the serializers check presence and JSON types only; the services apply the rules, so the pages and the API
give the same messages under the same field names (``ratings.<factor code>``, ``end_on``, ``interventions``...).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import permissions
from cases.models import (
    CaseStatus,
    ClosureReason,
    ClosureStatus,
    InterventionOutcome,
    InterventionStatus,
    InterventionType,
    ReviewKind,
    ReviewOutcome,
    RiskLevel,
)
from cases.models.choices import NOTE_MAX, PROVIDER_MAX, REASON_MAX, SUMMARY_MAX
from cases.selectors import NOT_ASSESSED, UNALLOCATED

A = permissions.CaseAction


def _enum(component: str, choices, values=None) -> type[serializers.ChoiceField]:
    """A ChoiceField documented as its own enum component (named for cases, so it cannot collide with another
    app's ``status`` or ``kind``), every value's meaning in the schema, and a plain message for a wrong value.
    ``choices``: a TextChoices class or (value, label) pairs; ``values``: keep only these. ``checked=False``
    leaves a string's value to the service (for inputs the service checks)."""
    pairs = [(value, label) for value, label in getattr(choices, "choices", choices)
             if values is None or value in values]
    schema = {"type": "string", "enum": [value for value, _ in pairs],
              "description": "; ".join(f"`{value}`: {label}" for value, label in pairs)}
    allowed = ", ".join(value for value, _ in pairs)

    @extend_schema_field(schema, component_name=component)
    class EnumField(serializers.ChoiceField):
        def __init__(self, *, checked: bool = True, **kwargs):
            self.checked = checked
            kwargs.setdefault("error_messages", {"invalid_choice": f"Choose one of: {allowed}."})
            super().__init__(choices=pairs, **kwargs)

        def to_internal_value(self, data):
            # Unchecked: any string goes to the service, which names a wrong value in the same words as the page,
            # together with the other fields' problems.
            if not self.checked and isinstance(data, str):
                return data
            return super().to_internal_value(data)

    EnumField.__name__ = EnumField.__qualname__ = f"{component}Field"
    return EnumField


StatusField = _enum("CaseStatus", CaseStatus)
RiskField = _enum("CaseRiskLevel", RiskLevel)
InterventionTypeField = _enum("CaseInterventionType", InterventionType)
InterventionStatusField = _enum("CaseInterventionStatus", InterventionStatus)
InterventionOutcomeField = _enum("CaseInterventionOutcome", InterventionOutcome)
ReviewKindField = _enum("CaseReviewKind", ReviewKind)
ReviewOutcomeField = _enum("CaseReviewOutcome", ReviewOutcome)
ClosureReasonField = _enum("CaseClosureReason", ClosureReason)
ClosureStatusField = _enum("CaseClosureStatus", ClosureStatus)
CaseActionField = _enum("CaseAction", [
    (A.VIEW, "see the case"), (A.ASSIGN, "choose the lead worker and team"),
    (A.RESTRICT, "restrict the case and give named access"),
    (A.RECORD, "record assessments, interventions, sessions and notes, and move the status"),
    (A.REVIEW, "record reviews"), (A.PROPOSE_CLOSURE, "propose closing the case"),
    (A.APPROVE_CLOSURE, "approve or decline a closure proposal"), (A.REOPEN, "reopen the closed case")])
CloseActionField = _enum("CaseCloseAction", [
    ("propose", "propose closing the case"), ("approve", "approve the proposal waiting"),
    ("decline", "decline the proposal waiting")])


def _text(max_length: int, *, help_text: str = "", **kwargs) -> serializers.CharField:
    """Free text: present and a string. The service checks whether it is required and its length (so a message
    about it comes with the other fields' messages); the schema documents the length."""
    help_text = f"{help_text} At most {max_length:,} characters.".strip()
    return serializers.CharField(allow_blank=True, trim_whitespace=False, help_text=help_text, **kwargs)


def _optional_text(max_length: int, **kwargs) -> serializers.CharField:
    return _text(max_length, required=False, default="", **kwargs)


# --- Output ----------------------------------------------------------------------------------------------------

class CasePersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class CaseTeamOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseSubjectOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class CaseLinksOutput(serializers.Serializer):
    self = serializers.URLField()
    assessments = serializers.URLField()
    interventions = serializers.URLField()
    reviews = serializers.URLField()


class _CaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="e.g. NMR-C-2026-000042.")
    status = StatusField()
    status_label = serializers.CharField(source="get_status_display")
    subject = CaseSubjectOutput(help_text="The person the case is about.")
    team = CaseTeamOutput(allow_null=True)
    lead_worker = CasePersonOutput(allow_null=True)
    risk_level = serializers.CharField(help_text="`low`, `medium` or `high` from the latest assessment; empty "
                                                 "before the first.")
    restricted = serializers.BooleanField(help_text="Seen only by people given access by name.")
    opened_at = serializers.DateTimeField()
    assessment_due_on = serializers.DateField(allow_null=True, help_text="Opening plus the agreement's "
                                                                         "assessment timescale.")
    next_review_on = serializers.DateField(allow_null=True, help_text="The next scheduled review, while open.")
    closed_at = serializers.DateTimeField(allow_null=True)
    links = serializers.SerializerMethodField()

    @extend_schema_field(CaseLinksOutput)
    def get_links(self, case) -> dict:
        return self.context["links"](case)


class CaseSummaryOutput(_CaseOutput):
    """A case as the list shows it, with what is due."""

    review_due_on = serializers.DateField(allow_null=True, help_text="The earliest review waiting (scheduled, or "
                                                                     "after closure).")
    lapsed_interventions = serializers.IntegerField(help_text="Active interventions with no session for the "
                                                              "agreement's number of weeks.")
    closure_pending = serializers.BooleanField(help_text="A closure proposal is waiting for a decision.")


class CasePageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseSummaryOutput(many=True)


class CaseCodeOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class CaseReferralOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    pathway = CaseCodeOutput(allow_null=True, help_text="The decision's response pathway.")


class ClosureOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = ClosureStatusField()
    status_label = serializers.CharField(source="get_status_display")
    reason = ClosureReasonField()
    reason_label = serializers.CharField(source="get_reason_display")
    summary = serializers.CharField()
    proposed_by = CasePersonOutput()
    proposed_at = serializers.DateTimeField()
    decided_by = CasePersonOutput(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()


class CaseDetailOutput(_CaseOutput):
    """One case as someone who may see it gets it."""

    risk_level_label = serializers.CharField(source="get_risk_level_display")
    referral = CaseReferralOutput(help_text="The referral whose decision opened the case.")
    opened_by = CasePersonOutput()
    consensus_version = serializers.IntegerField(source="consensus_version.number",
                                                 help_text="The agreement version in force at opening.")
    closure_reason = serializers.CharField(help_text="Set while closed.")
    times_reopened = serializers.IntegerField()
    closures = ClosureOutput(many=True, source="closures.all", help_text="Newest first; at most one `proposed`.")
    actions = serializers.SerializerMethodField(help_text="What the caller may do with this case now.")

    def to_representation(self, case):
        # Belt and braces: the selector found the case through the policy, and nothing else is rendered. (Only
        # here: the list relies on its queryset, which is the policy, so that it needs no query per case.)
        permissions.require(self.context["membership"], A.VIEW, case)
        return super().to_representation(case)

    @extend_schema_field(serializers.ListField(child=CaseActionField()))
    def get_actions(self, case) -> list[str]:
        return permissions.get_actions(self.context["membership"], case)


class AssessmentRatingOutput(serializers.Serializer):
    factor_code = serializers.CharField()
    factor_label = serializers.CharField(source="factor.label")
    score = serializers.IntegerField()
    rating_label = serializers.CharField(source="rating_level.label")
    note = serializers.CharField()


class AssessmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    assessed_on = serializers.DateField()
    assessed_by = CasePersonOutput()
    overall_risk = RiskField()
    overall_risk_label = serializers.CharField(source="get_overall_risk_display")
    summary = serializers.CharField()
    plan = serializers.CharField()
    consensus_version = serializers.IntegerField(source="consensus_version.number",
                                                 help_text="The agreement whose framework was used.")
    ratings = AssessmentRatingOutput(many=True, source="ratings.all")


class InterventionSessionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    attended = serializers.BooleanField()
    note = serializers.CharField()
    recorded_by = CasePersonOutput()


class InterventionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = InterventionTypeField()
    kind_label = serializers.CharField(source="get_kind_display")
    provider = serializers.CharField()
    description = serializers.CharField()
    planned_sessions = serializers.IntegerField()
    delivered_sessions = serializers.IntegerField()
    start_on = serializers.DateField()
    end_on = serializers.DateField(allow_null=True)
    last_session_on = serializers.DateField(allow_null=True)
    status = InterventionStatusField()
    status_label = serializers.CharField(source="get_status_display")
    outcome = serializers.CharField(help_text="Set when ended: `achieved`, `partly_achieved`, `not_achieved` or "
                                              "`disengaged`.")
    outcome_note = serializers.CharField()
    lapsed = serializers.BooleanField(help_text="Active with no session for the agreement's number of weeks.")
    sessions = InterventionSessionOutput(many=True, source="sessions.all", help_text="Oldest first.")


class ReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = ReviewKindField()
    kind_label = serializers.CharField(source="get_kind_display")
    due_on = serializers.DateField()
    held_on = serializers.DateField(allow_null=True, help_text="Empty until the review is recorded.")
    held_by = CasePersonOutput(allow_null=True)
    summary = serializers.CharField()
    outcome = serializers.CharField(help_text="Set when recorded (see CaseReviewOutcome).")
    cancelled = serializers.BooleanField(help_text="No longer needed (e.g. the case closed first).")


# --- Input -----------------------------------------------------------------------------------------------------

class CaseListFilter(serializers.Serializer):
    status = serializers.MultipleChoiceField(choices=CaseStatus.choices, required=False,
                                             help_text="One or more statuses (repeat the parameter).")
    team = serializers.IntegerField(required=False, source="team_id", help_text="The id of the case's team.")
    risk_level = serializers.MultipleChoiceField(
        choices=[*RiskLevel.choices, (NOT_ASSESSED, "Not assessed yet")], required=False,
        help_text=f"One or more risk levels (repeat the parameter); `{NOT_ASSESSED}`: not assessed yet.")
    lead_worker = serializers.IntegerField(required=False, min_value=UNALLOCATED, source="lead_worker_id",
                                           help_text=f"The user id of the lead worker; {UNALLOCATED}: no lead worker.")


class AssessmentInput(serializers.Serializer):
    """An assessment against the framework of the agreement in force (``GET /api/v1/consensus/current/``)."""

    assessed_on = serializers.DateField(help_text="Not in the future and not before the case opened.")
    ratings = serializers.DictField(child=serializers.IntegerField(), allow_empty=True,
                                    help_text="A score for every factor of the framework: `{factor code: score}`, "
                                              "each score a point of the agreement's rating scale.")
    rating_notes = serializers.DictField(child=_text(NOTE_MAX), required=False, default=dict,
                                         help_text="Optional notes per factor: `{factor code: note}`.")
    summary = _text(SUMMARY_MAX)
    plan = _text(SUMMARY_MAX)
    overall_risk = RiskField(checked=False)


class InterventionInput(serializers.Serializer):
    kind = InterventionTypeField(checked=False)
    provider = _text(PROVIDER_MAX, help_text="The organisation delivering it.")
    planned_sessions = serializers.IntegerField(help_text="1 to 500.")
    delivered_sessions = serializers.IntegerField(required=False, default=0,
                                                  help_text="Sessions already delivered (at most twice the plan).")
    start_on = serializers.DateField()
    end_on = serializers.DateField(required=False, allow_null=True, default=None,
                                   help_text="On or after the start date.")
    description = _optional_text(SUMMARY_MAX)


class InterventionSessionInput(serializers.Serializer):
    held_on = serializers.DateField(help_text="Not before the intervention started and not in the future.")
    attended = serializers.BooleanField(required=False, default=True,
                                        help_text="false: the person did not come (not counted as delivered).")
    note = _optional_text(NOTE_MAX)


class InterventionEndInput(serializers.Serializer):
    outcome = InterventionOutcomeField(checked=False)
    end_on = serializers.DateField(help_text="On or after the start date and not in the future.")
    outcome_note = _optional_text(SUMMARY_MAX)


class ReviewInput(serializers.Serializer):
    held_on = serializers.DateField(help_text="Not in the future.")
    summary = _text(SUMMARY_MAX)
    outcome = ReviewOutcomeField(checked=False, help_text="A scheduled review: `continue`, `reassess` or "
                                                          "`ready_to_close`; a review after closure: `no_concerns` "
                                                          "or `reopen`.")


class CloseInput(serializers.Serializer):
    """``propose`` needs ``reason`` and ``summary``; ``decline`` needs ``note``; ``approve`` may give a ``note``.
    Approving or declining acts on the proposal waiting for a decision."""

    action = CloseActionField()
    reason = ClosureReasonField(checked=False, required=False, default="")
    summary = _optional_text(SUMMARY_MAX, help_text="What was done and why the case can close (propose).")
    note = _optional_text(REASON_MAX, help_text="The decision's note (required to decline).")


class AssignInput(serializers.Serializer):
    lead_worker = serializers.IntegerField(allow_null=True, help_text="A user id: an active practitioner, "
                                                                      "safeguarding lead or manager of the "
                                                                      "authority; null for none.")
    team = serializers.IntegerField(required=False, allow_null=True,
                                    help_text="A team id of the authority; left out: the team is unchanged.")


StatusMoveField = _enum("CaseStatusMove", CaseStatus,
                        values={CaseStatus.ASSESSMENT, CaseStatus.SUPPORT, CaseStatus.REVIEW})


class StatusInput(serializers.Serializer):
    to = StatusMoveField(help_text="Closing and reopening have their own endpoints.")
