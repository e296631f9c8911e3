"""Score how likely two records are the same person, and say why.

The score adds up evidence in the manner of Fellegi and Sunter's record linkage: each field that agrees adds
weight in proportion to how unlikely that agreement would be by chance (a shared date of birth is strong, a shared
postcode district weak, a shared very common name weaker than a rare one), each field that disagrees subtracts,
and a missing field is neutral. The total goes through a logistic curve to give 0..1. The weights were set by
hand from that reasoning and then checked, not fitted, against the labelled pairs in
tests/referrals/data/match_pairs.json.

Two rules sit on top of the sum, because adding evidence gets them wrong:

* Twins share surname, date of birth, address and often gender, so they outscore most true duplicates. Clearly
  different first names (with no alias linking them) therefore cap the score below the threshold: such pairs are
  never proposed as the same person, but they are flagged ``related`` so the screener sees them together.
* The same surname at the same full postcode with a different first name or a clearly different date of birth is
  flagged ``related`` too (siblings, a parent and child with the same name).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from .dates import REASONS as BIRTH_REASONS
from .dates import BirthAgreement, BirthFacts, compare_birth
from .name_tables import is_common_given, is_common_surname
from .names import AGREEING, Agreement, NameComparison, PartMatch, best_name_comparison
from .normalise import ParsedName, parse_full_name, parse_name
from .postcodes import PostcodeAgreement, compare_postcodes
from .records import Match, MatchResult, PersonRecord

# At or above this score two records are shown as a probable duplicate. On the labelled pairs any value from 0.65
# to 0.85 gives the same result; 0.7 sits towards the low end because a missed repeat referral costs more than one
# extra candidate for the screener to dismiss. test_matching_evaluation.py prints the figures.
MATCH_THRESHOLD = 0.7

_PRIOR = -3.5  # log-odds before any evidence: most subjects in an authority are not the person being referred
_RELATED_CAP = 0.5  # the most a pair with clearly different first names can score

_GIVEN_WEIGHTS: dict[Agreement, float] = {
    Agreement.EXACT: 2.5,
    Agreement.VARIANT: 2.3,
    Agreement.SHORT_FORM: 2.0,
    Agreement.SPELLING: 1.8,
    Agreement.TRANSLITERATION: 1.6,
    Agreement.SOUNDS_ALIKE: 1.5,
    Agreement.TRUNCATED: 1.5,
    Agreement.PART: 1.5,
    Agreement.INITIAL: 0.7,
    Agreement.PARTIAL: 0.0,
    Agreement.DIFFERENT: -3.0,
    Agreement.MISSING: 0.0,
}
_SURNAME_WEIGHTS: dict[Agreement, float] = {
    Agreement.EXACT: 3.0,
    Agreement.VARIANT: 2.6,
    Agreement.SHORT_FORM: 2.0,
    Agreement.SPELLING: 2.2,
    Agreement.TRANSLITERATION: 2.0,
    Agreement.SOUNDS_ALIKE: 1.8,
    Agreement.TRUNCATED: 1.0,
    Agreement.PART: 2.2,
    Agreement.INITIAL: 0.5,
    Agreement.PARTIAL: 0.0,
    Agreement.DIFFERENT: -3.2,
    Agreement.MISSING: 0.0,
}
_COMMON_GIVEN_DISCOUNT = 1.0
_COMMON_SURNAME_DISCOUNT = 1.2
_MIDDLE_NAME_FACTOR = 0.8
_SWAPPED_PENALTY = 0.3

_BIRTH_WEIGHTS: dict[BirthAgreement, float] = {
    BirthAgreement.SAME: 4.0,
    BirthAgreement.TRANSPOSED: 2.5,
    BirthAgreement.TYPO: 2.0,
    BirthAgreement.STAND_IN: 0.5,
    BirthAgreement.SAME_YEAR: -1.5,
    BirthAgreement.DIFFERENT: -4.5,
    BirthAgreement.AGE_CONSISTENT: 0.8,
    BirthAgreement.AGE_PLAUSIBLE: 0.0,
    BirthAgreement.AGE_INCONSISTENT: -4.0,
    BirthAgreement.MISSING: 0.0,
}
_POSTCODE_WEIGHTS: dict[PostcodeAgreement, float] = {
    PostcodeAgreement.SAME: 2.0,
    PostcodeAgreement.SECTOR: 1.2,
    PostcodeAgreement.DISTRICT: 0.7,
    PostcodeAgreement.AREA: 0.2,
    PostcodeAgreement.DIFFERENT: -0.3,
    PostcodeAgreement.MISSING: 0.0,
}
_SAME_GENDER = 0.2
_DIFFERENT_GENDER = -2.0


def _names_of(record: PersonRecord) -> list[ParsedName]:
    return [parse_name(record.first_name, record.last_name)] + [parse_full_name(alias) for alias in record.aliases]


def _gender(value: str) -> str:
    """Only 'm' and 'f' are compared: other or unknown values are not evidence either way."""
    initial = value.strip()[:1].lower()
    return initial if initial in {"m", "f"} else ""


def _part_weight(part: PartMatch, weights: dict[Agreement, float], common: bool, discount: float) -> float:
    weight = weights[part.agreement]
    if part.via_middle_name:
        weight *= _MIDDLE_NAME_FACTOR
    if common and weight > 0:
        weight = max(weight - discount, 0.5)
    return weight


def _is_common(part: PartMatch, check: Callable[[str], bool]) -> bool:
    return any(check(token) for token in f"{part.left} {part.right}".split())


def _name_weight(names: NameComparison) -> float:
    """Given-name plus surname weight. Swapped names mix the two roles in each pair, so each pair then gets the
    average of both weight tables and counts as common if either list says so: the score stays symmetric."""
    if not names.swapped:
        given_common = _is_common(names.given, is_common_given)
        surname_common = _is_common(names.surname, is_common_surname)
        return _part_weight(names.given, _GIVEN_WEIGHTS, given_common, _COMMON_GIVEN_DISCOUNT) + _part_weight(
            names.surname, _SURNAME_WEIGHTS, surname_common, _COMMON_SURNAME_DISCOUNT
        )
    total = -_SWAPPED_PENALTY
    for part in (names.given, names.surname):
        common = _is_common(part, is_common_given) or _is_common(part, is_common_surname)
        given = _part_weight(part, _GIVEN_WEIGHTS, common, _COMMON_GIVEN_DISCOUNT)
        surname = _part_weight(part, _SURNAME_WEIGHTS, common, _COMMON_SURNAME_DISCOUNT)
        total += (given + surname) / 2
    return total


_TEMPLATES: dict[Agreement, str] = {
    Agreement.EXACT: "Same {lower}",
    Agreement.VARIANT: "{label} is a likely variant: {pair}",
    Agreement.SHORT_FORM: "{label} is a known short form: {pair}",
    Agreement.SPELLING: "{label} spelled slightly differently: {pair}",
    Agreement.TRANSLITERATION: "{label} is a likely transliteration: {pair}",
    Agreement.SOUNDS_ALIKE: "{label}s sound alike: {pair}",
    Agreement.PART: "Surname shares part of a double-barrelled name: {pair}",
    Agreement.INITIAL: "First name given only as an initial: {pair}",
    Agreement.TRUNCATED: "{label} may be a shortened form: {pair}",
    Agreement.PARTIAL: "{label}s are somewhat similar: {pair}",
    Agreement.DIFFERENT: "Different {lower}",
}


def _name_reasons(names: NameComparison) -> list[str]:
    """Plain-English lines for the name evidence, including the names, because the screener needs to see them."""
    reasons: list[str] = []
    if names.left.is_alias or names.right.is_alias:
        alias = names.left if names.left.is_alias else names.right
        reasons.append(f"Matches a recorded alias: {alias.display}")
    if names.swapped:
        reasons.append("First and last names appear to be swapped")
    labels = ("Name", "Name") if names.swapped else ("First name", "Surname")
    for label, part in zip(labels, (names.given, names.surname), strict=True):
        template = _TEMPLATES.get(part.agreement)
        if template is None:
            continue
        text = template.format(label=label, lower=label.lower(), pair=f"{part.left.title()} / {part.right.title()}")
        if part.agreement == Agreement.EXACT and names.swapped:
            text += f" ({part.left.title()})"
        reasons.append(text + (" (a middle name)" if part.via_middle_name else ""))
    return reasons


def _relation(names: NameComparison, birth: BirthAgreement, postcode: PostcodeAgreement) -> str:
    """Why two different people should still be shown together, or "" when they need not be."""
    surname_agrees = names.surname.agreement in AGREEING and names.surname.agreement != Agreement.INITIAL
    if not surname_agrees:
        return ""
    first_names_differ = _first_names_differ(names)
    if first_names_differ and birth == BirthAgreement.SAME and postcode in _NEARBY_OR_UNKNOWN:
        return "Possible twin: same surname and date of birth but a different first name (not merged)"
    if postcode == PostcodeAgreement.SAME and (
        first_names_differ or birth in {BirthAgreement.DIFFERENT, BirthAgreement.AGE_INCONSISTENT}
    ):
        return "Possible family member: same surname and postcode but a different person (not merged)"
    return ""


_NEARBY_OR_UNKNOWN = frozenset(
    {PostcodeAgreement.SAME, PostcodeAgreement.SECTOR, PostcodeAgreement.DISTRICT, PostcodeAgreement.MISSING}
)


def _first_names_differ(names: NameComparison) -> bool:
    return names.given.agreement not in AGREEING and names.given.agreement != Agreement.MISSING


def score(candidate: PersonRecord, existing: PersonRecord) -> MatchResult:
    """How likely ``existing`` is the same person as ``candidate``, with the reasons. Never raises on odd input."""
    names = best_name_comparison(_names_of(candidate), _names_of(existing))
    if names is None:
        return MatchResult(score=0.0, reasons=("Not enough name information to compare",))
    birth = compare_birth(
        BirthFacts(candidate.date_of_birth, candidate.estimated_age, candidate.estimated_at),
        BirthFacts(existing.date_of_birth, existing.estimated_age, existing.estimated_at),
    )
    postcode = compare_postcodes(candidate.postcode, existing.postcode)
    genders = _gender(candidate.gender), _gender(existing.gender)
    gender_differs = all(genders) and genders[0] != genders[1]

    total = _PRIOR + _name_weight(names) + _BIRTH_WEIGHTS[birth] + _POSTCODE_WEIGHTS[postcode.agreement]
    if all(genders):
        total += _DIFFERENT_GENDER if gender_differs else _SAME_GENDER
    value = 1.0 / (1.0 + math.exp(-total))
    if _first_names_differ(names):
        value = min(value, _RELATED_CAP)

    relation = _relation(names, birth, postcode.agreement)
    reasons = [relation, BIRTH_REASONS[birth], *_name_reasons(names), postcode.reason]
    if gender_differs:
        reasons.append("Different gender recorded")
    return MatchResult(score=round(value, 3), reasons=tuple(text for text in reasons if text), related=bool(relation))


def find_matches(
    candidate: PersonRecord,
    existing_records: Iterable[PersonRecord],
    threshold: float = MATCH_THRESHOLD,
    *,
    include_related: bool = True,
) -> list[Match]:
    """Existing records that are probably the same person as ``candidate``, best first.

    With ``include_related`` (the default) records flagged as related (twins, family at the same address) are
    returned too, below the likely duplicates, with ``likely_same_person`` false: the screener should see them,
    but they must never be merged automatically.
    """
    if not isinstance(threshold, int | float) or math.isnan(threshold):
        threshold = MATCH_THRESHOLD
    threshold = min(max(threshold, 0.0), 1.0)
    found: list[Match] = []
    for record in existing_records:
        if not isinstance(record, PersonRecord):
            continue
        result = score(candidate, record)
        same = result.score >= threshold
        if same or (include_related and result.related):
            found.append(Match(record=record, result=result, likely_same_person=same))
    found.sort(key=lambda match: (match.likely_same_person, match.result.score), reverse=True)
    return found
