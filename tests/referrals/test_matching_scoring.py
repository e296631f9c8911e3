"""The scorer, find_matches, blocking keys and PersonRecord's tolerance of bad input."""

import datetime as dt
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referrals.matching import (
    MATCH_THRESHOLD,
    Match,
    MatchResult,
    PersonRecord,
    blocking_keys,
    find_matches,
    score,
)
from referrals.matching.records import MAX_ALIASES, MAX_NAME_LENGTH

D = dt.date

HARRIET = PersonRecord("Harriet", "Quayle", date_of_birth=D(2008, 5, 17), postcode="LS6 2QX", gender="female")


def test_the_same_person_scores_high_with_reasons():
    result = score(HARRIET, PersonRecord("  HARRIET ", "quayle", date_of_birth=D(2008, 5, 17), postcode="ls62qx"))
    assert result.score >= 0.95
    assert "Same date of birth" in result.reasons
    assert "Same postcode" in result.reasons
    assert not result.related


def test_variant_reason_quotes_both_names():
    left = PersonRecord("Mohammed", "Rahimi", date_of_birth=D(2007, 9, 30), postcode="BD8 7HX")
    right = PersonRecord("Muhammad", "Rahimi", date_of_birth=D(2007, 9, 30), postcode="BD8 9QT")
    result = score(left, right)
    assert result.score >= MATCH_THRESHOLD
    assert "First name is a likely variant: Mohammed / Muhammad" in result.reasons
    assert "Same postcode district (BD8)" in result.reasons


def test_alias_match_says_so():
    subject = PersonRecord("Connor", "Blackwood", aliases=("Connor Wade",), date_of_birth=D(2008, 2, 14))
    referral = PersonRecord("Connor", "Wade", estimated_age=17, estimated_at=D(2025, 5, 1))
    result = score(referral, subject)
    assert result.score >= MATCH_THRESHOLD
    assert "Matches a recorded alias: Connor Wade" in result.reasons
    assert "Estimated age is consistent" in result.reasons


def test_twins_are_related_but_never_a_match():
    ava = PersonRecord("Ava", "Thornbury", date_of_birth=D(2011, 2, 27), postcode="S7 2EJ", gender="F")
    isla = PersonRecord("Isla", "Thornbury", date_of_birth=D(2011, 2, 27), postcode="S7 2EJ", gender="F")
    result = score(ava, isla)
    assert result.score < MATCH_THRESHOLD
    assert result.related
    assert result.reasons[0].startswith("Possible twin")


def test_siblings_at_the_same_address_are_related():
    amir = PersonRecord("Amir", "Qadri", date_of_birth=D(2008, 4, 11), postcode="BD8 7HX")
    bilal = PersonRecord("Bilal", "Qadri", date_of_birth=D(2011, 9, 2), postcode="BD8 7HX")
    result = score(amir, bilal)
    assert result.related and result.score < MATCH_THRESHOLD
    assert result.reasons[0].startswith("Possible family member")


def test_a_common_name_with_a_different_date_of_birth_is_not_a_match():
    left = PersonRecord("Jack", "Smith", date_of_birth=D(2008, 3, 14), postcode="LS6 2AD")
    right = PersonRecord("Jack", "Smith", date_of_birth=D(2010, 11, 2), postcode="M14 4FR")
    result = score(left, right)
    assert result.score < 0.1 and not result.related
    assert "Different date of birth" in result.reasons


def test_the_score_does_not_depend_on_which_record_is_the_candidate():
    left = PersonRecord("Osei", "Kwabena", date_of_birth=D(2007, 6, 14))
    right = PersonRecord("Kwabena", "Osei", aliases=("K Osei",), date_of_birth=D(2007, 6, 14))
    assert score(left, right).score == score(right, left).score


def test_records_without_names_score_zero():
    assert score(PersonRecord(), HARRIET) == MatchResult(0.0, ("Not enough name information to compare",))


def test_find_matches_orders_duplicates_first_then_related_and_returns_refs():
    candidate = PersonRecord("Zoe", "Hartigan", date_of_birth=D(2010, 4, 7), postcode="S7 1GB")
    same = PersonRecord("Zoë", "Hartigan", date_of_birth=D(2010, 7, 4), postcode="S7 1GB", ref=11)
    sister = PersonRecord("Chloe", "Hartigan", date_of_birth=D(2012, 1, 19), postcode="S7 1GB", ref=12)
    stranger = PersonRecord("Samir", "Toure", date_of_birth=D(2003, 1, 12), postcode="E17 6HS", ref=13)
    found = find_matches(candidate, [stranger, sister, same])
    assert [match.record.ref for match in found] == [11, 12]
    assert [match.likely_same_person for match in found] == [True, False]
    assert found[1].result.related
    assert [m.record.ref for m in find_matches(candidate, [stranger, sister, same], include_related=False)] == [11]


def test_find_matches_threshold_is_clamped_and_junk_is_skipped():
    same = PersonRecord("Harriet", "Quayle", date_of_birth=D(2008, 5, 17))
    assert len(find_matches(HARRIET, [same, None, "Harriet"], threshold=5)) == 0  # clamped to 1.0; 0.99x < 1.0
    assert isinstance(find_matches(HARRIET, [same], threshold=-1)[0], Match)
    assert find_matches(HARRIET, []) == []


def test_person_record_coerces_bad_input_instead_of_raising():
    record = PersonRecord(
        first_name=None,
        last_name="x" * 10_000,
        aliases=["A B"] * 50 + [None, 3, ""],
        date_of_birth="2009-01-01",
        estimated_age=-4,
        estimated_at=dt.datetime(2025, 1, 1, 12, 0),
        postcode=None,
        gender=7,
    )
    assert record.first_name == "" and len(record.last_name) == MAX_NAME_LENGTH
    assert len(record.aliases) == MAX_ALIASES and isinstance(record.aliases, tuple)
    assert record.date_of_birth is None and record.estimated_age is None
    assert record.estimated_at == D(2025, 1, 1)
    assert record.postcode == "" and record.gender == ""
    assert PersonRecord(aliases="Mo Khan").aliases == ("Mo Khan",)
    assert PersonRecord(estimated_age=float("nan")).estimated_age is None
    assert PersonRecord(estimated_age=True).estimated_age is None


@pytest.mark.parametrize(
    "record",
    [
        PersonRecord(),
        PersonRecord("😀", "🔥🔥", aliases=("🙂",), postcode="😀"),
        PersonRecord("Zoë 李 محمد Пётр", "O'Brien-Al-Hassan", aliases=("ﷺ", "Mr", "Jr")),
        PersonRecord("a" * 5000, "b" * 5000, aliases=tuple("c d e f g h i j k l m n" for _ in range(40))),
        PersonRecord("\x00\x01", "\n\t", date_of_birth=D(1, 1, 1), estimated_age=130, estimated_at=D(9999, 12, 31)),
    ],
)
def test_malformed_records_never_raise(record):
    result = score(record, HARRIET)
    assert 0.0 <= result.score <= 1.0
    assert 0.0 <= score(HARRIET, record).score <= 1.0
    assert 0.0 <= score(record, record).score <= 1.0
    assert isinstance(blocking_keys(record), set)


def test_blocking_keys_survive_the_usual_differences():
    def shared(left, right):
        return blocking_keys(left) & blocking_keys(right)

    assert shared(PersonRecord("Mohammed", "Rahimi"), PersonRecord("Muhammad", "Rahimy"))  # first name group
    assert shared(PersonRecord("Bob", "Ashcombe"), PersonRecord("Robert", "Ashcomb"))
    assert shared(PersonRecord("Osei", "Kwabena"), PersonRecord("Kwabena", "Osei"))
    assert shared(PersonRecord("Omar", "Al-Hassan"), PersonRecord("Umar", "Alhassan"))
    assert shared(PersonRecord("Connor", "Wade"), PersonRecord("C", "Blackwood", aliases=("Connor Wade",)))
    transposed = shared(
        PersonRecord("Zx", "Qy", date_of_birth=D(2010, 4, 7)), PersonRecord("Wv", "Tu", date_of_birth=D(2010, 7, 4))
    )
    assert transposed == {"d:20100407"}


def test_blocking_keys_are_short_and_skip_particles_and_initials():
    keys = blocking_keys(PersonRecord("J", "van der Berg", date_of_birth=D(2001, 2, 3)))
    assert keys and all(len(key) <= 24 for key in keys)
    assert not any(key in {"n:FN", "n:TR", "n:J"} for key in keys)
    assert blocking_keys(PersonRecord()) == set()
    assert blocking_keys(None) == set()


def test_nothing_is_logged(caplog):
    """Names and dates of birth are personal data: the engine must not write them to any log."""
    with caplog.at_level(logging.DEBUG):
        score(HARRIET, PersonRecord("Harriet", "Quayle", date_of_birth=D(2008, 5, 17)))
        find_matches(HARRIET, [HARRIET])
        blocking_keys(HARRIET)
    assert caplog.records == []


_any_text = st.text(alphabet=st.characters(codec=None), max_size=300)
_any_date = st.none() | st.dates()


@settings(max_examples=200, deadline=None)
@given(
    first=_any_text,
    last=_any_text,
    aliases=st.lists(_any_text, max_size=12),
    dob=_any_date,
    age=st.none() | st.integers(min_value=-10, max_value=500) | st.floats(allow_nan=True),
    at=_any_date,
    postcode=_any_text,
    gender=_any_text,
)
def test_any_input_scores_between_0_and_1_symmetrically(first, last, aliases, dob, age, at, postcode, gender):
    record = PersonRecord(first, last, tuple(aliases), dob, age, at, postcode, gender)
    result = score(record, HARRIET)
    assert 0.0 <= result.score <= 1.0
    assert result.score == score(HARRIET, record).score
    assert all(isinstance(reason, str) and reason for reason in result.reasons)
    assert all(len(key) <= 24 for key in blocking_keys(record))
