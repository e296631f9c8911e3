"""Compare dates of birth and estimated ages.

A date of birth is the strongest single piece of evidence we have, but it is typed by hand: day and month get
swapped (a US-style entry), a digit slips, an agency that does not know the birthday enters 1 January. Often there
is no date at all, only "about 15" written by a teacher or an officer on a given day. This module sorts each
comparison into one of a few plain kinds, and ``scoring`` decides what each kind is worth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class BirthAgreement(StrEnum):
    SAME = "same"
    TRANSPOSED = "transposed"  # day and month swapped
    TYPO = "typo"  # one digit differs, or two neighbouring digits swapped
    STAND_IN = "stand_in"  # same year, and one date looks like a stand-in (1 January, or the 1st of the month)
    SAME_YEAR = "same_year"
    DIFFERENT = "different"
    AGE_CONSISTENT = "age_consistent"  # an estimated age fits the other record's date of birth or estimate
    AGE_PLAUSIBLE = "age_plausible"
    AGE_INCONSISTENT = "age_inconsistent"
    MISSING = "missing"


REASONS: dict[BirthAgreement, str] = {
    BirthAgreement.SAME: "Same date of birth",
    BirthAgreement.TRANSPOSED: "Date of birth with day and month swapped",
    BirthAgreement.TYPO: "Date of birth differs by one digit (a likely typing error)",
    BirthAgreement.STAND_IN: "Same year of birth; one date may be a stand-in (1st of the month or 1 January)",
    BirthAgreement.SAME_YEAR: "Same year of birth only",
    BirthAgreement.DIFFERENT: "Different date of birth",
    BirthAgreement.AGE_CONSISTENT: "Estimated age is consistent",
    BirthAgreement.AGE_PLAUSIBLE: "Estimated age is roughly consistent",
    BirthAgreement.AGE_INCONSISTENT: "Estimated age does not fit",
    BirthAgreement.MISSING: "",
}


def _digits(value: dt.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _one_slip(left: str, right: str) -> bool:
    """Exactly one digit changed, or exactly one pair of neighbouring digits swapped."""
    differing = [i for i, (a, b) in enumerate(zip(left, right, strict=True)) if a != b]
    if len(differing) == 1:
        return True
    if len(differing) == 2 and differing[1] == differing[0] + 1:
        i = differing[0]
        return left[i] == right[i + 1] and left[i + 1] == right[i]
    return False


def _looks_like_stand_in(value: dt.date) -> bool:
    return value.day == 1


def compare_dates_of_birth(left: dt.date | None, right: dt.date | None) -> BirthAgreement:
    """Classify two dates of birth; ``None`` on either side is MISSING, never an error."""
    if not isinstance(left, dt.date) or not isinstance(right, dt.date):
        return BirthAgreement.MISSING
    if left == right:
        return BirthAgreement.SAME
    if left.year == right.year and left.day == right.month and left.month == right.day:
        return BirthAgreement.TRANSPOSED
    if _one_slip(_digits(left), _digits(right)):
        return BirthAgreement.TYPO
    if left.year == right.year:
        new_year = (left.month, left.day) == (1, 1) or (right.month, right.day) == (1, 1)
        same_month_stand_in = left.month == right.month and (
            _looks_like_stand_in(left) or _looks_like_stand_in(right)
        )
        return BirthAgreement.STAND_IN if new_year or same_month_stand_in else BirthAgreement.SAME_YEAR
    return BirthAgreement.DIFFERENT


def _years(value: dt.date) -> float:
    """A date as a decimal year, precise enough to compare ages."""
    return value.year + (value.timetuple().tm_yday - 1) / 365.25


def _tolerances(age: float) -> tuple[float, float]:
    """How far off an estimate may be and still be 'consistent' or 'plausible': wider for adults than children."""
    return max(1.5, 0.1 * age), max(3.0, 0.2 * age)


def _classify(gap: float, age: float) -> BirthAgreement:
    consistent, plausible = _tolerances(age)
    if gap <= consistent:
        return BirthAgreement.AGE_CONSISTENT
    if gap <= plausible:
        return BirthAgreement.AGE_PLAUSIBLE
    return BirthAgreement.AGE_INCONSISTENT


def compare_estimate_with_date(age: int | None, at: dt.date | None, date_of_birth: dt.date | None) -> BirthAgreement:
    """An estimated age (made on ``at``) against a date of birth. The estimate is taken as the middle of that year
    of age, so "15" covers someone from their 15th to their 16th birthday."""
    if age is None or not isinstance(at, dt.date) or not isinstance(date_of_birth, dt.date):
        return BirthAgreement.MISSING
    actual = _years(at) - _years(date_of_birth)
    return _classify(abs(actual - (age + 0.5)), float(age))


def compare_estimates(
    left_age: int | None, left_at: dt.date | None, right_age: int | None, right_at: dt.date | None
) -> BirthAgreement:
    """Two estimates, each made on its own date, compared by the birth year each implies."""
    if left_age is None or right_age is None or not isinstance(left_at, dt.date) or not isinstance(right_at, dt.date):
        return BirthAgreement.MISSING
    gap = abs((_years(left_at) - left_age) - (_years(right_at) - right_age))
    return _classify(gap, float(max(left_age, right_age)))


@dataclass(frozen=True)
class BirthFacts:
    """The birth-related fields of one record, so the comparison does not depend on the record class."""

    date_of_birth: dt.date | None
    estimated_age: int | None
    estimated_at: dt.date | None

    @property
    def has_estimate(self) -> bool:
        return self.estimated_age is not None and self.estimated_at is not None


def compare_birth(left: BirthFacts, right: BirthFacts) -> BirthAgreement:
    """Use the best evidence both sides have: dates of birth, else an estimate against a date, else two estimates."""
    if left.date_of_birth and right.date_of_birth:
        return compare_dates_of_birth(left.date_of_birth, right.date_of_birth)
    if left.has_estimate and right.date_of_birth:
        return compare_estimate_with_date(left.estimated_age, left.estimated_at, right.date_of_birth)
    if right.has_estimate and left.date_of_birth:
        return compare_estimate_with_date(right.estimated_age, right.estimated_at, left.date_of_birth)
    if left.has_estimate and right.has_estimate:
        return compare_estimates(left.estimated_age, left.estimated_at, right.estimated_age, right.estimated_at)
    return BirthAgreement.MISSING
