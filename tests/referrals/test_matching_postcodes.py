"""UK postcode validation, normalisation and comparison (shared with the referral form)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from referrals.matching import is_valid_uk_postcode, normalise_postcode
from referrals.matching.postcodes import PostcodeAgreement, compare_postcodes, parse_postcode


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("LS6 1AB", "LS6 1AB"),
        ("ls61ab", "LS6 1AB"),
        ("  ls6   1ab ", "LS6 1AB"),
        ("LS6-1AB", "LS6 1AB"),
        ("M1 1AE", "M1 1AE"),  # A9 9AA
        ("B33 8TH", "B33 8TH"),  # A99 9AA
        ("CR2 6XH", "CR2 6XH"),  # AA9 9AA
        ("DN55 1PT", "DN55 1PT"),  # AA99 9AA
        ("W1A 0AX", "W1A 0AX"),  # A9A 9AA
        ("EC1A 1BB", "EC1A 1BB"),  # AA9A 9AA
        ("gir0aa", "GIR 0AA"),
        ("ＬＳ６ １ＡＢ", "LS6 1AB"),  # full-width characters from a phone keyboard
    ],
)
def test_valid_postcodes_are_normalised(raw, expected):
    assert is_valid_uk_postcode(raw)
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        12345,
        "NFA",
        "n/k",
        "not known",
        "LS6",
        "LS6 1",
        "QS6 1AB",  # Q never starts a postcode
        "LS6 1AC",  # C is never an inward letter
        "LS6 1A",
        "12345",
        "LS6 1AB X",
        "😀",
        "LS6 1AB" * 1000,
        "L S 6 1 A B Z",
    ],
)
def test_invalid_postcodes(raw):
    assert not is_valid_uk_postcode(raw)


def test_an_outward_code_alone_normalises_to_itself_and_anything_else_to_empty():
    assert normalise_postcode("ls6") == "LS6"
    assert normalise_postcode("NFA") == ""
    assert normalise_postcode(None) == ""


def test_parse_postcode_levels():
    parts = parse_postcode("ls6 1ab")
    assert (parts.full, parts.sector, parts.district, parts.area) == ("LS6 1AB", "LS6 1", "LS6", "LS")
    outward = parse_postcode("EC1A")
    assert (outward.full, outward.sector, outward.district, outward.area) == ("", "", "EC1A", "EC")
    assert parse_postcode("not known") is None


@pytest.mark.parametrize(
    "left,right,agreement,shared",
    [
        ("LS6 1AB", "ls61ab", PostcodeAgreement.SAME, "LS6 1AB"),
        ("LS6 1AB", "LS6 1XY", PostcodeAgreement.SECTOR, "LS6 1"),
        ("LS6 1AB", "LS6 4EW", PostcodeAgreement.DISTRICT, "LS6"),
        ("LS6 1AB", "LS6", PostcodeAgreement.DISTRICT, "LS6"),
        ("LS6 1AB", "LS16 5AB", PostcodeAgreement.AREA, "LS"),
        ("LS6 1AB", "M14 4FR", PostcodeAgreement.DIFFERENT, ""),
        ("LS6 1AB", "", PostcodeAgreement.MISSING, ""),
        ("NFA", "NFA", PostcodeAgreement.MISSING, ""),  # "no fixed abode" twice is not a shared address
    ],
)
def test_compare_postcodes(left, right, agreement, shared):
    result = compare_postcodes(left, right)
    assert (result.agreement, result.shared) == (agreement, shared)
    assert compare_postcodes(right, left).agreement == agreement


def test_reasons_name_the_shared_part():
    assert compare_postcodes("LS6 1AB", "LS6 4EW").reason == "Same postcode district (LS6)"
    assert compare_postcodes("LS6 1AB", "LS6 1XY").reason == "Same postcode sector (LS6 1)"
    assert compare_postcodes("LS6 1AB", "").reason == ""


@given(st.text(max_size=40))
def test_postcode_helpers_never_raise_and_agree(raw):
    normalised = normalise_postcode(raw)
    assert is_valid_uk_postcode(raw) == (" " in normalised)
    if normalised:
        assert normalise_postcode(normalised) == normalised
