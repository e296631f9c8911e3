"""Date-of-birth and estimated-age comparison in the duplicate check."""

import datetime as dt

import pytest

from referrals.matching.dates import (
    BirthAgreement,
    BirthFacts,
    compare_birth,
    compare_dates_of_birth,
    compare_estimate_with_date,
    compare_estimates,
)

D = dt.date


@pytest.mark.parametrize(
    "left,right,expected",
    [
        (D(2009, 8, 2), D(2009, 8, 2), BirthAgreement.SAME),
        (D(2010, 4, 7), D(2010, 7, 4), BirthAgreement.TRANSPOSED),
        (D(2011, 2, 13), D(2011, 2, 18), BirthAgreement.TYPO),  # one digit
        (D(2009, 6, 21), D(2008, 6, 21), BirthAgreement.TYPO),  # one digit of the year
        (D(2008, 12, 12), D(2008, 12, 21), BirthAgreement.TYPO),  # neighbouring digits swapped
        (D(1989, 5, 5), D(1998, 5, 5), BirthAgreement.TYPO),
        (D(2006, 1, 1), D(2006, 9, 14), BirthAgreement.STAND_IN),  # 1 January stands in for "some time in 2006"
        (D(2006, 9, 1), D(2006, 9, 24), BirthAgreement.STAND_IN),  # the 1st stands in for "some time in September"
        (D(2007, 5, 2), D(2007, 8, 19), BirthAgreement.SAME_YEAR),
        (D(2007, 5, 2), D(2009, 12, 19), BirthAgreement.DIFFERENT),
        (None, D(2009, 12, 19), BirthAgreement.MISSING),
        (None, None, BirthAgreement.MISSING),
    ],
)
def test_compare_dates_of_birth(left, right, expected):
    assert compare_dates_of_birth(left, right) == expected
    assert compare_dates_of_birth(right, left) == expected


def test_the_same_day_and_month_is_not_a_transposition():
    assert compare_dates_of_birth(D(2010, 5, 5), D(2011, 5, 5)) == BirthAgreement.TYPO  # 2010 / 2011: one digit


@pytest.mark.parametrize("junk", ["2009-08-02", 20090802, object(), dt.time(12, 0)])
def test_non_dates_are_missing_not_errors(junk):
    assert compare_dates_of_birth(junk, D(2009, 8, 2)) == BirthAgreement.MISSING


@pytest.mark.parametrize(
    "age,at,dob,expected",
    [
        (15, D(2025, 1, 10), D(2009, 8, 2), BirthAgreement.AGE_CONSISTENT),  # actually 15 then
        (14, D(2025, 1, 10), D(2009, 8, 2), BirthAgreement.AGE_CONSISTENT),  # a year out is still consistent
        (13, D(2025, 1, 10), D(2009, 8, 2), BirthAgreement.AGE_PLAUSIBLE),
        (14, D(2025, 1, 1), D(1999, 4, 14), BirthAgreement.AGE_INCONSISTENT),
        (40, D(2025, 1, 1), D(1981, 6, 1), BirthAgreement.AGE_CONSISTENT),  # adults get a wider margin
        (None, D(2025, 1, 1), D(1999, 4, 14), BirthAgreement.MISSING),
        (14, None, D(1999, 4, 14), BirthAgreement.MISSING),  # an estimate without its date means nothing
    ],
)
def test_estimate_against_date_of_birth(age, at, dob, expected):
    assert compare_estimate_with_date(age, at, dob) == expected


def test_two_estimates_made_at_different_times():
    assert compare_estimates(14, D(2024, 9, 1), 15, D(2025, 6, 1)) == BirthAgreement.AGE_CONSISTENT
    assert compare_estimates(15, D(2025, 3, 1), 40, D(2024, 11, 1)) == BirthAgreement.AGE_INCONSISTENT
    assert compare_estimates(15, None, 15, D(2024, 11, 1)) == BirthAgreement.MISSING


def test_compare_birth_prefers_dates_then_estimate_against_date_then_two_estimates():
    dob = BirthFacts(D(2009, 8, 2), 30, D(2025, 1, 1))  # the estimate is ignored when a date is known
    estimate = BirthFacts(None, 15, D(2025, 1, 10))
    assert compare_birth(dob, BirthFacts(D(2009, 8, 2), None, None)) == BirthAgreement.SAME
    assert compare_birth(estimate, dob) == BirthAgreement.AGE_CONSISTENT
    assert compare_birth(dob, estimate) == BirthAgreement.AGE_CONSISTENT
    assert compare_birth(estimate, BirthFacts(None, 16, D(2026, 1, 10))) == BirthAgreement.AGE_CONSISTENT
    assert compare_birth(BirthFacts(None, None, None), dob) == BirthAgreement.MISSING
