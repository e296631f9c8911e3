"""The fixed vocabularies of a referral, and the limits every input is held to."""

from django.db import models


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    SCREENING = "screening", "Screening"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = (ReferralStatus.SUBMITTED, ReferralStatus.SCREENING)  # waiting for a decision


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    SELF_DESCRIBED = "self_described", "Self-described"
    NOT_KNOWN = "not_known", "Not known"


class NoPostcodeReason(models.TextChoices):
    """Why a subject has no postcode. Blank when a postcode is given."""

    NO_FIXED_ABODE = "no_fixed_abode", "No fixed abode"
    NOT_KNOWN = "not_known", "Not known"


class SourceCode(models.TextChoices):
    """Source of referral: the codes of the Department for Education's Children in Need census."""

    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance, including neighbours and child minders"
    SELF = "1C", "Individual: self"
    OTHER_INDIVIDUAL = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    SCHOOL_NURSE = "3C", "Health services: school nurse"
    OTHER_PRIMARY_HEALTH = "3D", "Health services: other primary health services"
    A_AND_E = "3E", "Health services: A&E"
    OTHER_HEALTH = "3F", "Health services: other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "Local authority services: social care"
    LA_OTHER_INTERNAL = "5B", "Local authority services: other internal department"
    LA_EXTERNAL = "5C", "Local authority services: external, for example from another authority"
    EARLY_HELP = "5D", "Local authority services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class ReferrerSector(models.TextChoices):
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    POLICE = "police", "Police"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation or youth justice"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    LOCAL_AUTHORITY = "local_authority", "Other council service"
    PUBLIC = "public", "Family member or member of the public"
    OTHER = "other", "Other"


class SubjectAware(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Consent(models.TextChoices):
    GIVEN = "given", "Sought and given"
    REFUSED = "refused", "Sought and refused"
    NOT_SOUGHT = "not_sought", "Not sought"


CONSENT_NEEDS_LAWFUL_BASIS = frozenset({Consent.REFUSED, Consent.NOT_SOUGHT})


class NoteKind(models.TextChoices):
    CHECKS_MADE = "checks_made", "Checks made"
    PARTNER_INFORMATION = "partner_information", "Information from partners"
    OTHER = "other", "Other"


# Limits, in characters unless said otherwise. Services enforce them with a message next to the field; the
# columns are sized to match so the database refuses anything that slips past.
NAME_MAX = 100
ALIASES_MAX = 10  # the matching engine compares every alias pair, and stops at ten
GENDER_DESCRIPTION_MAX = 100
ADDRESS_MAX = 500
SCHOOL_OR_WORKPLACE_MAX = 200
LANGUAGES_MAX = 200
NEEDS_MAX = 2000
REFERRER_NAME_MAX = 200
REFERRER_ORGANISATION_MAX = 200
REFERRER_ROLE_MAX = 120
REFERRER_EMAIL_MAX = 254
REFERRER_PHONE_MAX = 40
CONCERN_MIN = 20
CONCERN_MAX = 10_000
LAWFUL_BASIS_MAX = 2000
RATIONALE_MIN = 20
RATIONALE_MAX = 5000
REASON_MAX = 2000
NOTE_MAX = 5000
MAX_AGE = 120
CHILD_UNDER = 18  # under 18 at submission: the child pathways and responsibilities apply
