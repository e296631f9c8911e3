"""Compare names, tolerating the ways the same person's name is written differently.

Two levels. ``compare_tokens`` decides how two single words relate (same, a known variant or short form, a typo,
sounds alike, an initial, or different). ``compare_names`` lines up the given names and surnames of two parsed
names, also trying them swapped (family name first, as many Chinese, Vietnamese and Hungarian names are written, or
simply typed into the wrong box), and through middle names, joined forms ("Abdul Rahman" / "Abdulrahman") and
double-barrelled surnames.

Measured choices (see tests/referrals/test_matching_names.py): rapidfuzz's optimal-string-alignment distance of one
catches single typos and swapped letters; Jaro-Winkler alone scores different short names too high (Jack / Jake
0.87), so it only ever yields a "partial" result. Metaphone (jellyfish) catches sound-alike spellings but also
equates real different names (Hassan / Hussein, Daniel / Danielle), so it runs *after* the check that two tokens are
both known, different names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler

from .name_tables import KNOWN_GIVEN_NAMES, SHORT_FORMS, name_groups
from .normalise import ParsedName


class Agreement(StrEnum):
    """How two name parts relate, strongest first."""

    EXACT = "exact"
    VARIANT = "variant"  # a known spelling or transliteration variant (Mohammed / Muhammad)
    SHORT_FORM = "short_form"  # a known nickname or diminutive (Bob / Robert)
    SPELLING = "spelling"  # one letter added, dropped, changed or two swapped
    TRANSLITERATION = "transliteration"  # same consonants once vowels are dropped (Arabic or Hebrew script)
    SOUNDS_ALIKE = "sounds_alike"
    TRUNCATED = "truncated"  # one is the start or end of the other (Chidi / Chidiebere, Seun / Oluwaseun)
    PART = "part"  # one half of a double-barrelled surname
    INITIAL = "initial"
    PARTIAL = "partial"  # somewhat similar, too weak to count
    DIFFERENT = "different"
    MISSING = "missing"  # one side has nothing to compare


STRENGTH: dict[Agreement, float] = {
    Agreement.EXACT: 1.0,
    Agreement.VARIANT: 0.95,
    Agreement.SHORT_FORM: 0.92,
    Agreement.SPELLING: 0.88,
    Agreement.TRANSLITERATION: 0.86,
    Agreement.SOUNDS_ALIKE: 0.85,
    Agreement.TRUNCATED: 0.82,
    Agreement.PART: 0.8,
    Agreement.INITIAL: 0.7,
    Agreement.PARTIAL: 0.5,
    Agreement.DIFFERENT: 0.0,
    Agreement.MISSING: 0.0,
}
AGREEING = frozenset(a for a, strength in STRENGTH.items() if strength >= STRENGTH[Agreement.INITIAL])

_VOWELS = frozenset("aeiouyw")


def _skeleton(token: str) -> str:
    """Consonants only, doubles collapsed, a final 'h' dropped: 'mohammed' and the Arabic-script 'mhmd' agree."""
    letters = [token[0]] if token and token[0] not in "aeiou" else []
    letters += [char for char in token[1:] if char not in _VOWELS]
    skeleton = "".join(char for i, char in enumerate(letters) if i == 0 or char != letters[i - 1])
    return skeleton[:-1] if skeleton.endswith("h") and len(skeleton) > 2 else skeleton


def _truncated(left: str, right: str) -> bool:
    """Many informal names are the start of the full one (Chidi, Abdul) or, in Yoruba, the end (Seun, Tobi)."""
    short, long = sorted((left, right), key=len)
    if len(long) - len(short) < 2:
        return False
    return (len(short) >= 3 and long.startswith(short)) or (len(short) >= 4 and long.endswith(short))


@lru_cache(maxsize=65536)
def compare_tokens(left: str, right: str, *, given: bool = True, abjad: bool = False) -> Agreement:
    """How two normalised words relate. ``given`` enables the known-different-given-names rule."""
    if not left or not right:
        return Agreement.MISSING
    if left == right:
        return Agreement.EXACT
    left_groups, right_groups = name_groups(left), name_groups(right)
    if left_groups & right_groups:
        return Agreement.SHORT_FORM if left in SHORT_FORMS or right in SHORT_FORMS else Agreement.VARIANT
    if len(left) == 1 or len(right) == 1:
        return Agreement.INITIAL if left[0] == right[0] else Agreement.DIFFERENT
    if abjad and len(_skeleton(left)) >= 2 and _skeleton(left) == _skeleton(right):
        return Agreement.TRANSLITERATION
    # Two names the tables know, in different groups, are different names however close their spelling.
    if left_groups and right_groups:
        return Agreement.DIFFERENT
    if given and left in KNOWN_GIVEN_NAMES and right in KNOWN_GIVEN_NAMES:
        return Agreement.DIFFERENT
    shortest = min(len(left), len(right))
    distance = OSA.distance(left, right, score_cutoff=3)
    if (distance == 1 and shortest >= 4) or (distance == 2 and shortest >= 7):
        return Agreement.SPELLING
    if shortest >= 3 and jellyfish.metaphone(left) == jellyfish.metaphone(right):
        return Agreement.SOUNDS_ALIKE
    if given and _truncated(left, right):
        return Agreement.TRUNCATED
    if JaroWinkler.normalized_similarity(left, right) >= 0.85:
        return Agreement.PARTIAL
    return Agreement.DIFFERENT


@dataclass(frozen=True)
class PartMatch:
    """The best agreement found for one part of the name, with the words that produced it (for the reasons)."""

    agreement: Agreement
    left: str = ""
    right: str = ""
    via_middle_name: bool = False

    @property
    def strength(self) -> float:
        # Someone known by a middle name is a slightly weaker signal than agreeing first names.
        return STRENGTH[self.agreement] * (0.9 if self.via_middle_name else 1.0)


MISSING = PartMatch(Agreement.MISSING)


def _best(candidates: list[PartMatch]) -> PartMatch:
    return max(candidates, key=lambda match: match.strength) if candidates else MISSING


def compare_given(left: tuple[str, ...], right: tuple[str, ...], *, abjad: bool = False) -> PartMatch:
    """First names first; then joined forms ("Mary Jane" / "Maryjane"); then any middle name."""
    if not left or not right:
        return MISSING
    first = PartMatch(compare_tokens(left[0], right[0], abjad=abjad), left[0], right[0])
    if first.agreement == Agreement.EXACT:
        return first
    options = [first]
    if len(left) > 1 or len(right) > 1:
        joined_left, joined_right = "".join(left), "".join(right)
        options.append(
            PartMatch(compare_tokens(joined_left, joined_right, abjad=abjad), " ".join(left), " ".join(right))
        )
    for i, left_token in enumerate(left):
        for j, right_token in enumerate(right):
            if i or j:
                agreement = compare_tokens(left_token, right_token, abjad=abjad)
                if agreement in AGREEING and agreement != Agreement.INITIAL:
                    options.append(PartMatch(agreement, left_token, right_token, via_middle_name=True))
    return _best(options)


def compare_surnames(left: ParsedName, right: ParsedName, *, abjad: bool = False) -> PartMatch:
    """Whole surnames with and without particles, then word by word for double-barrelled names."""
    if not left.surname or not right.surname:
        return MISSING
    left_text, right_text = " ".join(left.surname), " ".join(right.surname)
    options = []
    for left_form, right_form in (
        ("".join(left.surname), "".join(right.surname)),
        ("".join(left.surname_core), "".join(right.surname_core)),
    ):
        agreement = compare_tokens(left_form, right_form, given=False, abjad=abjad)
        options.append(PartMatch(agreement, left_text, right_text))
        if agreement == Agreement.EXACT:
            return options[-1]
    shorter, longer = sorted((left.surname_core, right.surname_core), key=len)
    if len(longer) > 1:
        per_word = [
            max((compare_tokens(word, other, given=False) for other in longer), key=STRENGTH.get) for word in shorter
        ]
        if all(agreement in AGREEING for agreement in per_word):
            weakest = min(per_word, key=STRENGTH.get)
            agreement = weakest if len(shorter) == len(longer) else Agreement.PART
            options.append(PartMatch(agreement, left_text, right_text))
    return _best(options)


@dataclass(frozen=True)
class NameComparison:
    """Given-name and surname agreement for one pairing of two names."""

    given: PartMatch
    surname: PartMatch
    swapped: bool
    left: ParsedName
    right: ParsedName

    @property
    def strength(self) -> float:
        penalty = 0.05 if self.swapped else 0.0
        alias_penalty = 0.01 if self.left.is_alias or self.right.is_alias else 0.0
        return self.given.strength + self.surname.strength - penalty - alias_penalty


def _as_surname(tokens: tuple[str, ...]) -> ParsedName:
    return ParsedName((), tokens, tokens)


def _either(left: tuple[str, ...], right: tuple[str, ...], *, abjad: bool) -> PartMatch:
    as_given = compare_given(left, right, abjad=abjad)
    as_surname = compare_surnames(_as_surname(left), _as_surname(right), abjad=abjad)
    return as_surname if as_surname.strength > as_given.strength else as_given


def compare_names(left: ParsedName, right: ParsedName) -> NameComparison:
    """The better of the straight and the swapped alignment of two names."""
    abjad = left.abjad or right.abjad
    straight = NameComparison(
        compare_given(left.given, right.given, abjad=abjad),
        compare_surnames(left, right, abjad=abjad),
        False,
        left,
        right,
    )
    # A swapped alignment scores at most two exact parts less a penalty, so a near-perfect straight one stands.
    if straight.strength >= 1.9 or not (left.given and left.surname and right.given and right.surname):
        return straight
    # Once swapped, each pair mixes a given name with a surname, so both comparisons are tried for each pair; that
    # also makes the result the same whichever record is on the left.
    swapped = NameComparison(
        _either(left.given, right.surname, abjad=abjad),
        _either(left.surname, right.given, abjad=abjad),
        True,
        left,
        right,
    )
    return swapped if swapped.strength > straight.strength else straight


def best_name_comparison(left: list[ParsedName], right: list[ParsedName]) -> NameComparison | None:
    """The strongest pairing of any name or alias of one person with any name or alias of the other."""
    best: NameComparison | None = None
    for left_name in left:
        for right_name in right:
            if left_name.is_empty or right_name.is_empty:
                continue
            comparison = compare_names(left_name, right_name)
            if best is None or comparison.strength > best.strength:
                best = comparison
    return best
