"""How the referral pages word a referral: its answers as summary-list rows (check your answers, the referral page),
what a draft still lacks as links to the right step, and the words for statuses and history.

Everything here works from a referral loaded by ``referral_get_for_user`` (subject, codes and routing already
loaded), so it runs no queries.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import dateformat

from referrals.models import (
    Consent,
    Gender,
    NoPostcodeReason,
    Referral,
    ReferralStatus,
    ReferrerSector,
    SourceCode,
    SubjectAware,
)
from referrals.models.choices import CONSENT_NEEDS_LAWFUL_BASIS
from referrals.validation import STEPS

# The browser form's steps, in order: (validation.STEPS name, URL segment, page heading).
STEP_PAGES = (
    ("subject", "about-the-person", "About the person"),
    ("concern", "concern", "The concern"),
    ("referrer", "about-you", "About you, the referrer"),
    ("consent", "consent", "Consent and sharing"),
)
STEP_SLUGS = {name: slug for name, slug, _ in STEP_PAGES}
STEP_OF_FIELD = {name: step for step, names in STEPS.items() for name in names}
# Where a field's message links to on its step page, when that is not simply ``#id_<field>``.
ANCHORS = {"postcode": "id_postcode_status", "no_postcode_reason": "id_postcode_status"}

TRANSITION_WORDS = {ReferralStatus.SUBMITTED: "Submitted", ReferralStatus.SCREENING: "Screening started",
                    ReferralStatus.DECIDED: "Decided", ReferralStatus.WITHDRAWN: "Withdrawn"}
CONSENT_WORDS = {Consent.GIVEN: "Asked, and they agreed", Consent.REFUSED: "Asked, but they refused",
                 Consent.NOT_SOUGHT: "Not asked for"}


@dataclass
class Answer:
    label: str
    value: str | list[str] = ""
    fields: tuple[str, ...] = ()
    long: bool = False
    missing: list[str] = field(default_factory=list)
    change_href: str = ""

    @property
    def as_list(self) -> list[str] | None:
        return self.value if isinstance(self.value, list) else None


@dataclass
class Section:
    step: str
    title: str
    answers: list[Answer]

    @property
    def slug(self) -> str:
        return STEP_SLUGS[self.step]


def age_words(subject, today: dt.date) -> str:
    age = subject.age_on(today)
    if subject.date_of_birth is not None:
        return f"{dateformat.format(subject.date_of_birth, 'j F Y')} ({age} years old)"
    if subject.estimated_age is not None:
        return f"About {age} (estimated age, no date of birth)"
    return ""


def _choice(choices, value) -> str:
    return dict(choices).get(value, value or "")


def _postcode(subject) -> str:
    if subject.postcode:
        return subject.postcode
    return _choice(NoPostcodeReason.choices, subject.no_postcode_reason)


def _gender(subject) -> str:
    if subject.gender == Gender.SELF_DESCRIBED and subject.gender_description:
        return f"Self-described: {subject.gender_description}"
    return _choice(Gender.choices, subject.gender)


def answers(referral: Referral, *, today: dt.date, missing: dict[str, list[str]] | None = None) -> list[Section]:
    """The referral's answers by step, each row marked with what is still missing from it."""
    subject = referral.subject
    sections = [
        Section("subject", "About the person", [
            Answer("Name", f"{subject.first_name} {subject.last_name}".strip(), ("first_name", "last_name")),
            Answer("Other names", list(subject.aliases or []), ("aliases",)),
            Answer("Date of birth or age", age_words(subject, today), ("date_of_birth", "estimated_age")),
            Answer("Gender", _gender(subject), ("gender", "gender_description")),
            Answer("Address", subject.address, ("address",), long=True),
            Answer("Postcode", _postcode(subject), ("postcode", "no_postcode_reason")),
            Answer("School, college or workplace", subject.school_or_workplace, ("school_or_workplace",)),
            Answer("Languages", subject.languages, ("languages",)),
            Answer("Communication, care or other needs", subject.needs, ("needs",), long=True),
        ]),
        Section("concern", "The concern", [
            Answer("What happened", referral.concern, ("concern",), long=True),
            Answer("Type of concern", [item.label for item in referral.concern_types.all()], ("concern_types",)),
            Answer("What has been noticed", [item.label for item in referral.indicators.all()], ("indicators",)),
            Answer("Anyone in immediate danger", "Yes" if referral.immediate_risk else "No", ("immediate_risk",)),
        ]),
        Section("referrer", "The referrer", [
            Answer("Name", referral.referrer_name, ("referrer_name",)),
            Answer("Organisation", referral.referrer_organisation, ("referrer_organisation",)),
            Answer("Sector", _choice(ReferrerSector.choices, referral.referrer_sector), ("referrer_sector",)),
            Answer("Job title or role", referral.referrer_role, ("referrer_role",)),
            Answer("Email address", referral.referrer_email, ("referrer_email",)),
            Answer("Phone number", referral.referrer_phone, ("referrer_phone",)),
            Answer("Where the referral came from", _choice(SourceCode.choices, referral.source_code),
                   ("source_code",)),
        ]),
        Section("consent", "Consent and sharing", [
            Answer("Person knows about the referral", _choice(SubjectAware.choices, referral.subject_aware),
                   ("subject_aware",)),
            Answer("Consent to share", CONSENT_WORDS.get(referral.consent, ""), ("consent",)),
            *([Answer("Lawful basis for sharing without consent", referral.lawful_basis_when_not_sought,
                      ("lawful_basis_when_not_sought",), long=True)]
              if referral.consent in CONSENT_NEEDS_LAWFUL_BASIS else []),
        ]),
    ]
    for section in sections:
        for answer in section.answers:
            answer.missing = [message for name in answer.fields for message in (missing or {}).get(name, [])]
            answer.change_href = step_url(referral, section.step, field_name=answer.fields[0], from_check=True)
    return sections


def duplicate_words(matches) -> str:
    """What the duplicate check found, in a few words: "1 likely the same person and 2 possible matches"."""
    if not matches:
        return "None found"
    likely = sum(match.likely_same_person for match in matches)
    possible = len(matches) - likely
    parts = [f"{likely} likely the same person"] if likely else []
    if possible:
        parts.append(f"{possible} possible match{'es' if possible > 1 else ''}")
    return " and ".join(parts)


def step_url(referral: Referral, step: str, *, field_name: str = "", from_check: bool = False) -> str:
    url = reverse("referrals:step", args=[referral.pk, STEP_SLUGS[step]])
    if from_check:
        url += "?from=check"
    return url + (f"#{anchor(referral, field_name)}" if field_name else "")


def anchor(referral: Referral, field_name: str) -> str:
    if field_name == "lawful_basis_when_not_sought":
        return "id_lawful_basis_refused" if referral.consent == Consent.REFUSED else "id_lawful_basis_not_sought"
    return ANCHORS.get(field_name, f"id_{field_name}")


def missing_links(referral: Referral, errors: dict[str, list[str]]) -> list[dict]:
    """Messages about a draft as error-summary links to the field on its step (non-field messages to the top)."""
    links = []
    for name, messages in errors.items():
        step = STEP_OF_FIELD.get(name)
        href = step_url(referral, step, field_name=name, from_check=True) if step else "#main-content"
        links += [{"href": href, "message": message} for message in messages]
    return links
