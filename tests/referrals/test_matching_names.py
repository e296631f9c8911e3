"""Name normalisation and comparison in the duplicate check. All names are invented or very common."""

import pytest

from referrals.matching.names import AGREEING, Agreement, compare_names, compare_tokens
from referrals.matching.normalise import normalise_name, normalise_text, parse_full_name, parse_name


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("  HARRIET   Quayle ", "harriet quayle"),
        ("Zoë", "zoe"),
        ("Łukasz Wiśniewski", "lukasz wisniewski"),
        ("Şükrü Yılmaz", "sukru yilmaz"),
        ("O’Brien", "obrien"),
        ("O'Brien", "obrien"),
        ("Al-Hassan", "al hassan"),
        ("Mary-Jane", "mary jane"),
        ("MacKenzie", "mckenzie"),
        ("McKenzie", "mckenzie"),
        ("Mack", "mack"),
        ("Александр Петренко", "aleksandr petrenko"),
        ("Γιώργος", "giorgos"),
        ("محمد", "mhmd"),
        ("李小龙", "li xiao long"),
        ("Ｍｏｈａｍｍｅｄ", "mohammed"),
        ("Bob 😀", "bob"),
        ("Jo\u200bhn", "john"),
        ("Muhammad ﷺ", "muhammad"),
        ("R2-D2", "r d"),
    ],
)
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", 42, ["Bob"], b"Bob", "😀🔥", "???", "\x00\x01"])
def test_normalise_text_returns_empty_for_junk(raw):
    assert normalise_text(raw) == ""


def test_absurdly_long_input_is_capped():
    text = normalise_text("Abcdefgh " * 10_000)
    assert len(text.split()) <= 10
    assert len(normalise_text("a" * 100_000)) <= 40


def test_normalise_name_strips_titles_and_suffixes_but_not_a_lone_word():
    assert normalise_name("Dr. Ahmed Khan Jr.") == "ahmed khan"
    assert normalise_name("MISS  Niamh Gallagher") == "niamh gallagher"
    assert normalise_name("Miss") == ""
    assert normalise_name(None) == ""


def test_parse_name_keeps_particles_in_the_surname_and_drops_them_from_the_core():
    parsed = parse_name("Umar", "Al Hassan")
    assert parsed.given == ("umar",)
    assert parsed.surname == ("al", "hassan")
    assert parsed.surname_core == ("hassan",)


def test_a_title_is_stripped_from_the_first_name_box_but_a_surname_is_never_emptied():
    assert parse_name("Mr Tobias", "Grint").given == ("tobias",)
    assert parse_name("", "Lord").surname == ("lord",)


def test_parse_full_name_puts_particles_before_the_last_word_into_the_surname():
    parsed = parse_full_name("Yusuf Ben Ali")
    assert parsed.given == ("yusuf",) and parsed.surname == ("ben", "ali") and parsed.is_alias
    assert parse_full_name("Ben Ali").given == ("ben",)  # a first word is never a particle
    assert parse_full_name("Mo").given == ("mo",) and parse_full_name("Mo").surname == ()


def test_arabic_and_hebrew_script_is_flagged():
    assert parse_name("محمد", "").abjad
    assert not parse_name("Mohammed", "").abjad


@pytest.mark.parametrize(
    "left,right,expected",
    [
        ("mohammed", "muhammad", Agreement.VARIANT),
        ("mohamed", "mohammad", Agreement.VARIANT),
        ("yusuf", "youssef", Agreement.VARIANT),
        ("aleksandr", "alexander", Agreement.VARIANT),
        ("abdullah", "abdallah", Agreement.VARIANT),
        ("catherine", "kathryn", Agreement.VARIANT),
        ("bob", "robert", Agreement.SHORT_FORM),
        ("liam", "william", Agreement.SHORT_FORM),
        ("bill", "will", Agreement.SHORT_FORM),
        ("beth", "elizabeth", Agreement.SHORT_FORM),
        ("katie", "katherine", Agreement.SHORT_FORM),
        ("mike", "michael", Agreement.SHORT_FORM),
        ("jim", "james", Agreement.SHORT_FORM),
        ("tom", "thomas", Agreement.SHORT_FORM),
        ("alex", "alexander", Agreement.SHORT_FORM),
        ("danny", "daniel", Agreement.SHORT_FORM),
        ("joe", "joseph", Agreement.SHORT_FORM),
        ("sam", "samuel", Agreement.SHORT_FORM),
        ("matt", "matthew", Agreement.SHORT_FORM),
        ("chris", "christopher", Agreement.SHORT_FORM),
        ("jon", "jonathan", Agreement.SHORT_FORM),
        ("jon", "john", Agreement.SHORT_FORM),
        ("mo", "mohammed", Agreement.SHORT_FORM),
        ("sohpie", "sophie", Agreement.SPELLING),
        ("brannigan", "branigan", Agreement.SPELLING),
        ("trevelyan", "trevellyan", Agreement.SPELLING),
        ("chidi", "chidiebere", Agreement.TRUNCATED),
        ("seun", "oluwaseun", Agreement.TRUNCATED),
        ("j", "joanna", Agreement.INITIAL),
        ("k", "joanna", Agreement.DIFFERENT),
        ("smith", "quayle", Agreement.DIFFERENT),
    ],
)
def test_compare_tokens(left, right, expected):
    assert compare_tokens(left, right) == expected
    assert compare_tokens(right, left) == expected


@pytest.mark.parametrize(
    "left,right",
    [
        ("mason", "jason"),
        ("ava", "eva"),
        ("jack", "jake"),
        ("daniel", "danielle"),
        ("hassan", "hussein"),
        ("sarah", "zara"),
        ("ella", "ellie"),
        ("christopher", "christina"),
    ],
)
def test_different_real_names_are_not_typos_of_each_other(left, right):
    """Twins and siblings often have names one letter or one sound apart."""
    assert compare_tokens(left, right) == Agreement.DIFFERENT


def test_one_letter_longer_is_another_name_not_a_short_form():
    assert compare_tokens("leo", "leon") not in AGREEING


def test_surnames_are_allowed_to_be_typos_of_real_names_but_not_truncations():
    assert compare_tokens("doyle", "boyle", given=False) == Agreement.SPELLING
    assert compare_tokens("leighton", "leigh", given=False) != Agreement.TRUNCATED


def test_vowel_less_arabic_transliteration_matches_only_when_flagged():
    assert compare_tokens("mhmd", "mohammed", abjad=True) == Agreement.TRANSLITERATION
    assert compare_tokens("ywsf", "yusuf", abjad=True) == Agreement.TRANSLITERATION
    assert compare_tokens("lynn", "leon") != Agreement.TRANSLITERATION


def test_empty_tokens_are_missing():
    assert compare_tokens("", "bob") == Agreement.MISSING


def _compare(first_a, last_a, first_b, last_b):
    return compare_names(parse_name(first_a, last_a), parse_name(first_b, last_b))


def test_swapped_first_and_last_names():
    result = _compare("Osei", "Kwabena", "Kwabena", "Osei")
    assert result.swapped
    assert result.given.agreement == result.surname.agreement == Agreement.EXACT


def test_swapped_names_are_not_chosen_when_the_straight_reading_is_as_good():
    assert not _compare("Ali", "Ali", "Ali", "Ali").swapped


def test_missing_middle_name_still_agrees_on_the_first_name():
    result = _compare("Aisha Noor", "Siddiqui", "Aisha", "Siddiqui")
    assert result.given.agreement == Agreement.EXACT and not result.given.via_middle_name


def test_known_by_middle_name():
    result = _compare("James Callum", "Ferrow", "Callum", "Ferrow")
    assert result.given.agreement == Agreement.EXACT and result.given.via_middle_name


def test_compound_given_name_written_as_one_word():
    assert _compare("Abdul Rahman", "Sultani", "Abdulrahman", "Sultani").given.agreement == Agreement.EXACT


@pytest.mark.parametrize(
    "left,right,expected",
    [
        ("Leighton-Fraser", "Fraser", Agreement.PART),
        ("Stroud-Kemp", "Stroud Kemp", Agreement.EXACT),
        ("Stroud-Kemp", "Kemp-Stroud", Agreement.EXACT),
        ("Al-Hassan", "Hassan", Agreement.EXACT),
        ("Ben Ali", "Benali", Agreement.EXACT),
        ("O'Dowd", "O Dowd", Agreement.EXACT),
        ("MacAllister", "McAllister", Agreement.EXACT),
        ("Hussain", "Hussein", Agreement.VARIANT),
    ],
)
def test_surname_forms(left, right, expected):
    assert _compare("Poppy", left, "Poppy", right).surname.agreement == expected


def test_arabic_script_record_against_english_spelling():
    result = _compare("محمد", "الحسن", "Mohammed", "Al-Hassan")
    assert result.given.agreement == Agreement.TRANSLITERATION
    assert result.surname.agreement == Agreement.TRANSLITERATION


@pytest.mark.parametrize(
    "first,last",
    [("", ""), ("😀", "🔥"), ("Bob" * 5000, "Smith"), ("Zoë 李 محمد Пётр", "O'Brien-Al-Hassan"), ("\x00", "\n\t")],
)
def test_odd_names_never_raise(first, last):
    result = compare_names(parse_name(first, last), parse_name("Bob", "Smith"))
    assert result.given.agreement in set(Agreement)
