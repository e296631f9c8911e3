"""The referral API's shapes.

Output: every code comes with its label (status, pathway, concern types, indicators, source, sector), people and
teams with their names, and each referral with its links. What a reader gets follows the policy
(``referrals.permissions``): a referral reaches only people who may see it, and only screeners get the screening
detail (the rationale, the definitions cited and what the duplicate check found).

Input: the serializers check presence and JSON types; the services apply the rules, so the browser form and the API
give the same messages. The create body goes to the service as sent, which checks every field at once (unknown
fields included) and names each problem's field; ``ReferralCreateInput`` documents that body.
"""

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from referrals import permissions
from referrals.models import (
    Consent,
    Gender,
    NoPostcodeReason,
    NoteKind,
    ReferralStatus,
    ReferrerSector,
    SourceCode,
    SubjectAware,
)
from referrals.models import choices as c


def _enum(component: str, choices: type[models.TextChoices]) -> type[serializers.ChoiceField]:
    """A ChoiceField documented as its own enum component, so that its name cannot collide with another app's
    field of the same name (``status``, ``kind``) and every value's meaning is in the schema."""
    schema = {"type": "string", "enum": list(choices.values),
              "description": "; ".join(f"`{value}`: {label}" for value, label in choices.choices)}

    @extend_schema_field(schema, component_name=component)
    class EnumField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices.choices, **kwargs)

    EnumField.__name__ = EnumField.__qualname__ = f"{component}Field"
    return EnumField


StatusField = _enum("ReferralStatus", ReferralStatus)
NoteKindField = _enum("ScreeningNoteKind", NoteKind)


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length, **kwargs)


# --- Output ----------------------------------------------------------------------------------------------------

class ReferralCodeOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class ReferralPathwayOutput(ReferralCodeOutput):
    opens_case = serializers.BooleanField()


class ReferralDefinitionOutput(serializers.Serializer):
    code = serializers.CharField()
    term = serializers.CharField()


class ReferralTeamOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReferralPersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class ReferralLinksOutput(serializers.Serializer):
    self = serializers.URLField()
    history = serializers.URLField()


class ReferralSummaryOutput(serializers.Serializer):
    """A referral as the list shows it."""

    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="Given at submission, e.g. NMR-2026-000123; empty for a draft.")
    status = StatusField()
    status_label = serializers.CharField(source="get_status_display")
    immediate_risk = serializers.BooleanField()
    subject_name = serializers.CharField(source="subject.__str__")
    subject_group = serializers.CharField(help_text="`child` or `adult` (age at submission); empty for a draft.")
    concern_types = ReferralCodeOutput(many=True, source="concern_types.all")
    routed_team = ReferralTeamOutput(allow_null=True)
    routed_role = serializers.CharField(help_text="The role the agreement makes responsible for screening.")
    assigned_to = ReferralPersonOutput(allow_null=True)
    submitted_by = ReferralPersonOutput(help_text="Who wrote the referral.")
    submitted_at = serializers.DateTimeField(allow_null=True)
    decision_due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.SerializerMethodField(help_text="Waiting for a decision past its due time.")
    pathway = ReferralPathwayOutput(allow_null=True, help_text="The decision's response pathway.")
    decided_at = serializers.DateTimeField(allow_null=True)
    links = serializers.SerializerMethodField()

    def to_representation(self, referral):
        # Belt and braces: the selectors return only referrals the caller may see, and nothing else is rendered.
        permissions.require(self.context["membership"], permissions.ReferralAction.VIEW, referral)
        return super().to_representation(referral)

    def get_overdue(self, referral) -> bool:
        return referral.is_overdue(self.context["now"])

    @extend_schema_field(ReferralLinksOutput)
    def get_links(self, referral) -> dict:
        return self.context["links"](referral)


class ReferralPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReferralSummaryOutput(many=True)


class ReferralSubjectOutput(serializers.Serializer):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    date_of_birth = serializers.DateField(allow_null=True)
    estimated_age = serializers.IntegerField(allow_null=True)
    gender = serializers.CharField()
    gender_label = serializers.CharField(source="get_gender_display")
    gender_description = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    no_postcode_reason = serializers.CharField()
    school_or_workplace = serializers.CharField()
    languages = serializers.CharField()
    needs = serializers.CharField()


class ReferrerOutput(serializers.Serializer):
    name = serializers.CharField(source="referrer_name")
    organisation = serializers.CharField(source="referrer_organisation")
    sector = serializers.CharField(source="referrer_sector")
    sector_label = serializers.CharField(source="get_referrer_sector_display")
    role = serializers.CharField(source="referrer_role")
    email = serializers.CharField(source="referrer_email")
    phone = serializers.CharField(source="referrer_phone")


class EarlierReferralOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = StatusField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    pathway = ReferralPathwayOutput(allow_null=True)


class MatchedSubjectOutput(serializers.Serializer):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    date_of_birth = serializers.DateField(allow_null=True)
    estimated_age = serializers.IntegerField(allow_null=True)
    postcode = serializers.CharField()


class DuplicateMatchOutput(serializers.Serializer):
    score = serializers.FloatField()
    likely_same_person = serializers.BooleanField()
    related = serializers.BooleanField(help_text="Probably family (twins, same surname at the same address).")
    reasons = serializers.ListField(child=serializers.CharField())
    matched_subject = MatchedSubjectOutput()
    earlier_referrals = EarlierReferralOutput(many=True, source="matched_subject.earlier_referrals")


class ReferralScreeningOutput(serializers.Serializer):
    rationale = serializers.CharField()
    definitions_cited = ReferralDefinitionOutput(many=True)
    duplicate_matches = DuplicateMatchOutput(many=True)


class ReferralDetailOutput(ReferralSummaryOutput):
    """One referral as someone who may see it gets it. ``screening`` is null for anyone who may not screen it."""

    subject = ReferralSubjectOutput()
    referrer = ReferrerOutput(source="*")
    source_code = serializers.CharField()
    source_label = serializers.CharField(source="get_source_code_display")
    concern = serializers.CharField()
    indicators = ReferralCodeOutput(many=True, source="indicators.all")
    subject_aware = serializers.CharField()
    consent = serializers.CharField()
    lawful_basis_when_not_sought = serializers.CharField()
    consensus_version = serializers.IntegerField(source="consensus_version.number", allow_null=True, default=None,
                                                 help_text="The agreement version pinned at submission.")
    screening_started_at = serializers.DateTimeField(allow_null=True)
    decided_by = ReferralPersonOutput(allow_null=True)
    decision_version = serializers.IntegerField(source="decision_version.number", allow_null=True, default=None)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawn_reason = serializers.CharField()
    screening = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="What the caller may do with this referral now.")

    @extend_schema_field(ReferralScreeningOutput(allow_null=True))
    def get_screening(self, referral) -> dict | None:
        membership = self.context["membership"]
        if not permissions.can(membership, permissions.ReferralAction.VIEW_SCREENING, referral):
            return None
        return ReferralScreeningOutput({"rationale": referral.rationale,
                                        "definitions_cited": referral.definitions_cited.all(),
                                        "duplicate_matches": self.context["duplicate_matches"]}).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, referral) -> list[str]:
        return permissions.get_actions(self.context["membership"], referral)


class ReferralHistoryEntryOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="`transition` or `note` (notes only for screeners).")
    at = serializers.DateTimeField()
    actor = ReferralPersonOutput()
    from_status = serializers.CharField(help_text="Transitions only.")
    to_status = serializers.CharField(help_text="Transitions only.")
    reason = serializers.CharField()
    consensus_version_number = serializers.IntegerField(allow_null=True)
    note_kind = serializers.CharField(help_text="Notes only.")
    text = serializers.CharField(help_text="Notes only.")


class ScreeningNoteOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = NoteKindField()
    kind_label = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    author = ReferralPersonOutput()
    at = serializers.DateTimeField()


class ApiErrorOutput(serializers.Serializer):
    """The project's one error shape (core/api.py)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text="400 only: the messages for each field (`non_field_errors` for the "
                                             "rest).")


# --- Input -----------------------------------------------------------------------------------------------------

class ReferralListFilter(serializers.Serializer):
    status = serializers.MultipleChoiceField(choices=ReferralStatus.choices, required=False,
                                             help_text="One or more statuses (repeat the parameter).")
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None,
                                       help_text="true: waiting for a decision past due; false: the rest.")
    team = serializers.IntegerField(required=False, help_text="The id of the team the referral was routed to.")
    concern_type = serializers.CharField(required=False, max_length=40, help_text="A concern type code.")
    assigned_to_me = serializers.BooleanField(required=False, default=False)


def _documented(component: str, choices, **kwargs):
    return _enum(component, choices)(required=False, allow_blank=True, **kwargs)


class ReferralCreateInput(serializers.Serializer):
    """A complete referral, submitted in one call. Codes (``concern_types``, ``indicators``) are those of the
    authority's agreement in force (``GET /api/v1/consensus/current/``). Fields not listed here are refused."""

    first_name = serializers.CharField(max_length=c.NAME_MAX, help_text="Every given name, middle names too.")
    last_name = serializers.CharField(max_length=c.NAME_MAX)
    aliases = serializers.ListField(child=serializers.CharField(max_length=c.NAME_MAX), required=False,
                                    max_length=c.ALIASES_MAX, help_text="Other names the person is known by.")
    date_of_birth = serializers.DateField(required=False, allow_null=True,
                                          help_text="Required unless estimated_age is given. Not in the future; "
                                                    f"an age of at most {c.MAX_AGE}.")
    estimated_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=c.MAX_AGE,
                                             help_text="Whole years, when the date of birth is not known.")
    gender = _enum("SubjectGender", Gender)()
    gender_description = _text(c.GENDER_DESCRIPTION_MAX)
    address = _text(c.ADDRESS_MAX)
    postcode = _text(16, help_text="A full UK postcode. Required unless no_postcode_reason is given.")
    no_postcode_reason = _documented("NoPostcodeReason", NoPostcodeReason)
    school_or_workplace = _text(c.SCHOOL_OR_WORKPLACE_MAX)
    languages = _text(c.LANGUAGES_MAX)
    needs = _text(c.NEEDS_MAX, help_text="Communication, care or other needs.")
    referrer_name = serializers.CharField(max_length=c.REFERRER_NAME_MAX)
    referrer_organisation = serializers.CharField(max_length=c.REFERRER_ORGANISATION_MAX)
    referrer_sector = _enum("ReferrerSector", ReferrerSector)()
    referrer_role = _text(c.REFERRER_ROLE_MAX)
    referrer_email = serializers.EmailField(required=False, allow_blank=True, max_length=c.REFERRER_EMAIL_MAX,
                                            help_text="An email address or a phone number is required.")
    referrer_phone = _text(c.REFERRER_PHONE_MAX)
    source_code = _enum("SourceOfReferral", SourceCode)(
        help_text="The Children in Need census source-of-referral code.")
    concern = serializers.CharField(min_length=c.CONCERN_MIN, max_length=c.CONCERN_MAX)
    concern_types = serializers.ListField(child=serializers.CharField(max_length=40), min_length=1,
                                         help_text="Concern type codes of the agreement in force.")
    indicators = serializers.ListField(child=serializers.CharField(max_length=40), required=False,
                                       help_text="Indicator codes of the agreement in force.")
    immediate_risk = serializers.BooleanField(required=False, default=False,
                                              help_text="Fast-tracks the decision (due within two hours).")
    subject_aware = _enum("SubjectAware", SubjectAware)(help_text="Whether the person knows of the referral.")
    consent = _enum("ConsentToShare", Consent)()
    lawful_basis_when_not_sought = _text(c.LAWFUL_BASIS_MAX,
                                         help_text="Required when consent was refused or not sought.")


class ReferralDecideInput(serializers.Serializer):
    pathway = serializers.CharField(max_length=40, allow_blank=True,
                                    help_text="A response pathway code of the agreement in force.")
    rationale = serializers.CharField(allow_blank=True, trim_whitespace=False,
                                      help_text=f"Why: {c.RATIONALE_MIN} to {c.RATIONALE_MAX:,} characters.")
    definitions_cited = serializers.ListField(child=serializers.CharField(max_length=40), required=False,
                                              default=list, help_text="Definition codes the decision relies on.")


class ReferralAssignInput(serializers.Serializer):
    assignee = serializers.IntegerField(allow_null=True, help_text="A user id (an active practitioner, safeguarding "
                                                                   "lead or manager of the authority), or null.")


class ReferralWithdrawInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text=f"Why: at most {c.REASON_MAX:,} characters.")


class ScreeningNoteInput(serializers.Serializer):
    kind = NoteKindField()
    text = serializers.CharField(allow_blank=True, trim_whitespace=False,
                                 help_text=f"At most {c.NOTE_MAX:,} characters.")
