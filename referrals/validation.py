"""Input rules for a referral, shared by the services behind the form and the API.

``clean_fields`` checks the fields a step (or an API body) gives and collects every problem at once;
``missing_for_submit`` says what a draft still lacks. Both name the field each message belongs to, so a form puts
the message next to the field and the API returns ``{"errors": {"<field>": [...]}}``. Text is kept as typed apart
from surrounding spaces.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from consensus.models import CODE_PATTERN
from core.exceptions import FieldErrors
from referrals.matching import is_valid_uk_postcode, normalise_postcode
from referrals.models import Referral, Subject
from referrals.models import choices as c


class ReferralInputError(FieldErrors):
    """One or more fields of a referral are wrong or missing (400 in the API)."""


class _Invalid(Exception):
    pass


def _text(label: str, max_length: int) -> Callable:
    def clean(value, today):
        value = "" if value is None else value
        if not isinstance(value, str):
            raise _Invalid(f"{label} must be text.")
        value = value.strip()
        if len(value) > max_length:
            raise _Invalid(f"{label} must be {max_length:,} characters or fewer.")
        return value
    return clean


def _choice(choices, message: str) -> Callable:
    def clean(value, today):
        if value in (None, ""):
            return ""
        if value not in choices.values:
            raise _Invalid(message)
        return value
    return clean


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Invalid("Enter a real date, for example 2009-03-27.")


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _date_of_birth(value, today):
    born = _as_date(value)
    if born is not None and born > today:
        raise _Invalid("Date of birth must be today or in the past.")
    if born is not None and age_on(born, today) > c.MAX_AGE:
        raise _Invalid(f"Date of birth gives an age over {c.MAX_AGE}. Check the year.")
    return born


def _estimated_age(value, today):
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= c.MAX_AGE:
        raise _Invalid(f"Estimated age must be a whole number of years from 0 to {c.MAX_AGE}.")
    return value


def _postcode(value, today):
    value = _text("Postcode", 16)(value, today)
    if value and not is_valid_uk_postcode(value):
        raise _Invalid("Enter a full UK postcode, for example LS6 1AB, or say why there is none.")
    return normalise_postcode(value) if value else ""


def _aliases(value, today):
    if value in (None, ""):
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _Invalid("Give other names as a list.")
    aliases = [_text("Each other name", c.NAME_MAX)(alias, today) for alias in value]
    aliases = list(dict.fromkeys(alias for alias in aliases if alias))
    if len(aliases) > c.ALIASES_MAX:
        raise _Invalid(f"Give at most {c.ALIASES_MAX} other names.")
    return aliases


def _email(value, today):
    value = _text("Email address", c.REFERRER_EMAIL_MAX)(value, today)
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise _Invalid("Enter an email address in the correct format, like name@example.org.") from None
    return value


def _boolean(label: str) -> Callable:
    def clean(value, today):
        if not isinstance(value, bool):
            raise _Invalid(f"Say whether {label}.")
        return value
    return clean


_CODE = re.compile(CODE_PATTERN)


def _codes(label: str) -> Callable:
    def clean(value, today):
        if value in (None, ""):
            return []
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise _Invalid(f"Give the {label} as a list of codes.")
        codes = list(dict.fromkeys(value))
        if len(codes) > 50 or not all(isinstance(code, str) and _CODE.match(code) for code in codes):
            raise _Invalid(f"Choose {label} from the list.")
        return codes
    return clean


SUBJECT_FIELDS: dict[str, Callable] = {
    "first_name": _text("First name", c.NAME_MAX),
    "last_name": _text("Last name", c.NAME_MAX),
    "aliases": _aliases,
    "date_of_birth": _date_of_birth,
    "estimated_age": _estimated_age,
    "gender": _choice(c.Gender, "Choose a gender from the list."),
    "gender_description": _text("Gender description", c.GENDER_DESCRIPTION_MAX),
    "address": _text("Address", c.ADDRESS_MAX),
    "postcode": _postcode,
    "no_postcode_reason": _choice(c.NoPostcodeReason, "Choose why there is no postcode."),
    "school_or_workplace": _text("School or workplace", c.SCHOOL_OR_WORKPLACE_MAX),
    "languages": _text("Languages", c.LANGUAGES_MAX),
    "needs": _text("Needs", c.NEEDS_MAX),
}
REFERRAL_FIELDS: dict[str, Callable] = {
    "referrer_name": _text("Your name", c.REFERRER_NAME_MAX),
    "referrer_organisation": _text("Organisation", c.REFERRER_ORGANISATION_MAX),
    "referrer_sector": _choice(c.ReferrerSector, "Choose a sector from the list."),
    "referrer_role": _text("Role", c.REFERRER_ROLE_MAX),
    "referrer_email": _email,
    "referrer_phone": _text("Phone number", c.REFERRER_PHONE_MAX),
    "source_code": _choice(c.SourceCode, "Choose a source of referral from the list."),
    "concern": _text("Concern", c.CONCERN_MAX),
    "concern_types": _codes("concern types"),
    "indicators": _codes("indicators"),
    "immediate_risk": _boolean("there is an immediate risk"),
    "subject_aware": _choice(c.SubjectAware, "Say whether the person knows about this referral."),
    "consent": _choice(c.Consent, "Choose whether consent was sought."),
    "lawful_basis_when_not_sought": _text("Lawful basis", c.LAWFUL_BASIS_MAX),
}
CODE_FIELDS = ("concern_types", "indicators")

# The steps of the browser form, in order, and the fields each saves.
STEPS: dict[str, tuple[str, ...]] = {
    "subject": tuple(SUBJECT_FIELDS),
    "concern": ("concern", "concern_types", "indicators", "immediate_risk"),
    "referrer": ("referrer_name", "referrer_organisation", "referrer_sector", "referrer_role", "referrer_email",
                 "referrer_phone", "source_code"),
    "consent": ("subject_aware", "consent", "lawful_basis_when_not_sought"),
}


def clean_fields(data: Mapping, *, today: dt.date) -> tuple[dict, dict]:
    """Clean the fields given in ``data`` (any subset): ``(subject_values, referral_values)``. Every problem is
    raised together as ReferralInputError; unknown field names are problems too."""
    if not isinstance(data, Mapping):
        raise ReferralInputError({"non_field_errors": ["Send the referral as an object of fields."]})
    subject, referral, errors = {}, {}, {}
    for name, value in data.items():
        cleaner = SUBJECT_FIELDS.get(name) or REFERRAL_FIELDS.get(name)
        if cleaner is None:
            errors[str(name)] = ["This is not a field of a referral."]
            continue
        try:
            (subject if name in SUBJECT_FIELDS else referral)[name] = cleaner(value, today)
        except _Invalid as problem:
            errors[name] = [str(problem)]
    if errors:
        raise ReferralInputError(errors)
    return subject, referral


def missing_for_submit(subject: Subject, referral: Referral, *, today: dt.date) -> dict[str, list[str]]:
    """What stops a draft being submitted, by field (empty when it is complete). Codes are checked separately,
    against the agreement the referral will be pinned to."""
    missing: dict[str, str] = {}
    if not subject.first_name:
        missing["first_name"] = "Enter the person's first name."
    if not subject.last_name:
        missing["last_name"] = "Enter the person's last name."
    if subject.date_of_birth is None and subject.estimated_age is None:
        missing["date_of_birth"] = "Enter the date of birth or, if it is not known, an estimated age."
    elif subject.date_of_birth is not None and age_on(subject.date_of_birth, today) > c.MAX_AGE:
        missing["date_of_birth"] = f"Date of birth gives an age over {c.MAX_AGE}. Check the year."
    if not subject.gender:
        missing["gender"] = "Choose the person's gender, or 'Not known'."
    if not subject.postcode and not subject.no_postcode_reason:
        missing["postcode"] = "Enter the postcode, or say the person has no fixed abode or it is not known."
    elif subject.postcode and not is_valid_uk_postcode(subject.postcode):
        missing["postcode"] = "Enter a full UK postcode, for example LS6 1AB."
    for name, message in (("referrer_name", "Enter the referrer's name."),
                          ("referrer_organisation", "Enter the referrer's organisation."),
                          ("referrer_sector", "Choose the referrer's sector."),
                          ("source_code", "Choose the source of the referral."),
                          ("subject_aware", "Say whether the person knows about this referral."),
                          ("consent", "Say whether consent to share was sought.")):
        if not getattr(referral, name):
            missing[name] = message
    if not referral.referrer_email and not referral.referrer_phone:
        missing["referrer_email"] = "Give an email address or a phone number for the referrer."
    if len(referral.concern) < c.CONCERN_MIN:
        missing["concern"] = f"Describe the concern in at least {c.CONCERN_MIN} characters."
    if referral.consent in c.CONSENT_NEEDS_LAWFUL_BASIS and not referral.lawful_basis_when_not_sought:
        missing["lawful_basis_when_not_sought"] = "Give the lawful basis for sharing without consent."
    return {field: [message] for field, message in missing.items()}
