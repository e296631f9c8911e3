"""Measure the duplicate check on the hand-labelled pairs in data/match_pairs.json.

The threshold is the engine's own constant (MATCH_THRESHOLD), never fitted here, so this measures what production
does. The figures are printed so every CI log records them. The set was written by the same engineer who set the
weights, so it shows the engine handles the cases it was designed for; it is not an independent benchmark.
"""

import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest

from referrals.matching import MATCH_THRESHOLD, PersonRecord, blocking_keys, score

DATA = Path(__file__).parent / "data" / "match_pairs.json"

# Every hard case the brief names must be represented by at least one labelled pair.
REQUIRED_CASES = {
    "transliteration",
    "accents",
    "non-latin-script",
    "swapped-names",
    "missing-middle-name",
    "nickname",
    "double-barrelled",
    "hyphen",
    "apostrophe",
    "mc-mac",
    "particle",
    "honorific",
    "alias",
    "first-name-typo",
    "surname-typo",
    "dob-transposed",
    "dob-typo",
    "estimated-age-vs-dob",
    "estimated-age-vs-estimate",
    "sibling",
    "twin",
    "common-name",
    "parent-child",
}


def _record(fields: dict) -> PersonRecord:
    values = dict(fields)
    for key in ("date_of_birth", "estimated_at"):
        if values.get(key):
            values[key] = dt.date.fromisoformat(values[key])
    values["aliases"] = tuple(values.get("aliases", ()))
    return PersonRecord(**values)


@cache
def _pairs() -> list[dict]:
    pairs = json.loads(DATA.read_text(encoding="utf-8"))["pairs"]
    for pair in pairs:
        pair["left"], pair["right"] = _record(pair["a"]), _record(pair["b"])
        pair["result"] = score(pair["left"], pair["right"])
    return pairs


def test_the_labelled_set_is_big_and_varied_enough():
    pairs = _pairs()
    matches = [pair for pair in pairs if pair["match"]]
    assert len(pairs) >= 80 and len(matches) >= 35 and len(pairs) - len(matches) >= 45
    assert len({pair["id"] for pair in pairs}) == len(pairs)
    assert all(pair["why"].strip() for pair in pairs)
    covered = {case for pair in pairs for case in pair["cases"]}
    assert covered >= REQUIRED_CASES, REQUIRED_CASES - covered
    assert not any(pair.get("related") for pair in matches), "'related' is only for pairs that are not the same"


def test_precision_and_recall_at_the_engine_threshold(capsys):
    pairs = _pairs()
    predicted = {pair["id"] for pair in pairs if pair["result"].score >= MATCH_THRESHOLD}
    actual = {pair["id"] for pair in pairs if pair["match"]}
    true_positives = len(predicted & actual)
    precision = true_positives / len(predicted) if predicted else 0.0
    recall = true_positives / len(actual)
    surfaced = {pair["id"] for pair in pairs if pair["result"].related} | predicted
    with capsys.disabled():
        print(
            f"\nduplicate check: precision {precision:.2f} recall {recall:.2f} on {len(pairs)} labelled pairs "
            f"({len(actual)} matches) at threshold {MATCH_THRESHOLD}; "
            f"shown to the screener (match or related): {len(surfaced & actual)} of {len(actual)} true matches; "
            f"missed: {sorted(actual - predicted)}; wrongly proposed: {sorted(predicted - actual)}"
        )
    assert recall >= 0.95
    assert precision >= 0.9


def test_every_related_pair_reaches_the_screener_and_only_those_are_flagged():
    """Twins and family members are never merged (they are labelled non-matches) but must be shown together."""
    for pair in _pairs():
        if pair["match"]:
            continue
        result = pair["result"]
        if pair.get("related"):
            assert result.related or result.score >= MATCH_THRESHOLD, pair["id"]
        else:
            assert not result.related, pair["id"]


def test_twins_are_flagged_and_never_proposed_as_the_same_person():
    twins = [pair for pair in _pairs() if "twin" in pair["cases"] and "known-limit" not in pair["cases"]]
    assert len(twins) >= 5
    for pair in twins:
        assert pair["result"].score < MATCH_THRESHOLD, pair["id"]
        assert pair["result"].related == bool(pair.get("related")), pair["id"]


def test_the_score_is_symmetric():
    for pair in _pairs():
        assert score(pair["right"], pair["left"]).score == pytest.approx(pair["result"].score), pair["id"]


def test_every_true_match_shares_a_blocking_key():
    """Otherwise the database prefilter would hide a duplicate the scorer would have found."""
    for pair in _pairs():
        if pair["match"]:
            assert blocking_keys(pair["left"]) & blocking_keys(pair["right"]), pair["id"]
