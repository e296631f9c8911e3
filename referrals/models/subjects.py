"""The person a referral is about, and the keys that find earlier referrals about the same person."""

import datetime as dt

from django.db import models
from django.db.models import Q

from core.models import BaseModel
from core.tenancy import authority_scoped_manager
from referrals.matching import PersonRecord
from referrals.models.choices import (
    ADDRESS_MAX,
    GENDER_DESCRIPTION_MAX,
    LANGUAGES_MAX,
    NAME_MAX,
    NEEDS_MAX,
    SCHOOL_OR_WORKPLACE_MAX,
    Gender,
    NoPostcodeReason,
)


class Subject(BaseModel):
    """The person referred, as the referrer described them.

    Each referral has its own subject row, so what one referrer wrote is never overwritten by another. Earlier
    subjects who are probably the same person are linked through ``DuplicateMatch`` at submission; they are never
    merged automatically. ``aliases`` is a JSON list of full names (at most ``ALIASES_MAX``, each at most
    ``NAME_MAX`` characters): aliases are only ever read and written with the subject, so a child table would add
    queries and no meaning. ``postcode`` holds ``matching.normalise_postcode``'s canonical form.
    """

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(max_length=NAME_MAX, blank=True, help_text="Every given name, middle names too.")
    last_name = models.CharField(max_length=NAME_MAX, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    estimated_at = models.DateField(null=True, blank=True, help_text="When the age was estimated.")
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    gender_description = models.CharField(max_length=GENDER_DESCRIPTION_MAX, blank=True)
    address = models.TextField(max_length=ADDRESS_MAX, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    no_postcode_reason = models.CharField(max_length=20, choices=NoPostcodeReason.choices, blank=True)
    school_or_workplace = models.CharField(max_length=SCHOOL_OR_WORKPLACE_MAX, blank=True)
    languages = models.CharField(max_length=LANGUAGES_MAX, blank=True)
    needs = models.TextField(max_length=NEEDS_MAX, blank=True, help_text="Communication, care or other needs.")

    objects = authority_scoped_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(estimated_age__isnull=True) | Q(estimated_at__isnull=False),
                                   name="referrals_subject_estimate_dated"),
            models.CheckConstraint(condition=Q(gender__in=["", *Gender.values]), name="referrals_subject_gender"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or "Unnamed subject"

    def age_on(self, day: dt.date) -> int | None:
        """Whole years on ``day``: from the date of birth, else from the estimate moved on by the years since."""
        if self.date_of_birth is not None:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.estimated_age is not None and self.estimated_at is not None:
            moved_on = day.year - self.estimated_at.year - (
                (day.month, day.day) < (self.estimated_at.month, self.estimated_at.day))
            return self.estimated_age + max(moved_on, 0)
        return None

    def as_person_record(self) -> PersonRecord:
        return PersonRecord(first_name=self.first_name, last_name=self.last_name, aliases=tuple(self.aliases or ()),
                            date_of_birth=self.date_of_birth, estimated_age=self.estimated_age,
                            estimated_at=self.estimated_at, postcode=self.postcode, gender=self.gender, ref=self.pk)


class SubjectMatchKey(models.Model):
    """One blocking key of a submitted subject (``matching.blocking_keys``), to shortlist duplicate candidates.

    Written when the referral is submitted, so draft subjects are never candidates. ``keys_version`` is the
    ``BLOCKING_KEYS_VERSION`` the key was computed with; when that changes, a data migration recomputes them.
    """

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=24)
    keys_version = models.PositiveSmallIntegerField()

    objects = authority_scoped_manager()

    class Meta:
        indexes = [models.Index(fields=["authority", "key"], name="referrals_matchkey_lookup")]
        constraints = [models.UniqueConstraint(fields=["subject", "key"], name="referrals_matchkey_unique")]

    def __str__(self) -> str:
        return self.key
