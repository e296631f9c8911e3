"""The value types the matching engine takes and returns.

``PersonRecord`` is deliberately a plain frozen dataclass, not a model: the referrals app builds one from a Subject
(or from a draft referral) and the engine never touches the database. Its ``__post_init__`` coerces whatever it is
given into the documented types and caps every string, because the records come from forms, a partner API and
years-old imported data, and a duplicate check must never be the thing that makes a submission fail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

# Longer than any real name or postcode, short enough that a pasted essay cannot make scoring slow.
MAX_NAME_LENGTH = 100
MAX_POSTCODE_LENGTH = 32
MAX_GENDER_LENGTH = 32
MAX_ALIASES = 10  # the engine compares every alias pair, so this bounds the work per score
MAX_AGE = 130


def _text(value: object, limit: int) -> str:
    """A capped string from anything; ``None`` and non-strings become empty rather than raising."""
    if not isinstance(value, str):
        return ""
    return value[:limit]


def _date(value: object) -> dt.date | None:
    """A date, or ``None``: a datetime keeps its date part; strings are not parsed (that is the form's job)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _age(value: object) -> int | None:
    """A whole number of years in 0..MAX_AGE, or ``None`` for anything else (negative, absurd, bool, text)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value != value or not 0 <= value <= MAX_AGE:  # NaN is the only value unequal to itself
        return None
    return int(value)


def _aliases(value: object) -> tuple[str, ...]:
    """A tuple of capped alias strings; a lone string counts as one alias, anything unusable is dropped."""
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        return ()
    aliases: list[str] = []
    for alias in value:
        text = _text(alias, MAX_NAME_LENGTH)
        if text.strip():
            aliases.append(text)
        if len(aliases) >= MAX_ALIASES:
            break
    return tuple(aliases)


@dataclass(frozen=True)
class PersonRecord:
    """One person as the duplicate check sees them.

    ``first_name`` holds every given name (middle names included, as the referral form collects them);
    ``last_name`` the family name. ``aliases`` are full names the person is also known by. An estimated age only
    means something together with ``estimated_at``, the date the estimate was made; without it the estimate is
    ignored. ``ref`` is an opaque handle (a subject's primary key, say) that the caller gets back from
    ``find_matches``; it never takes part in comparison.
    """

    first_name: str = ""
    last_name: str = ""
    aliases: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    estimated_age: int | None = None
    estimated_at: dt.date | None = None
    postcode: str = ""
    gender: str = ""
    ref: Hashable | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # Frozen, so the coerced values are written with object.__setattr__, the documented way for dataclasses.
        object.__setattr__(self, "first_name", _text(self.first_name, MAX_NAME_LENGTH))
        object.__setattr__(self, "last_name", _text(self.last_name, MAX_NAME_LENGTH))
        object.__setattr__(self, "aliases", _aliases(self.aliases))
        object.__setattr__(self, "date_of_birth", _date(self.date_of_birth))
        object.__setattr__(self, "estimated_age", _age(self.estimated_age))
        object.__setattr__(self, "estimated_at", _date(self.estimated_at))
        object.__setattr__(self, "postcode", _text(self.postcode, MAX_POSTCODE_LENGTH))
        object.__setattr__(self, "gender", _text(self.gender, MAX_GENDER_LENGTH))


@dataclass(frozen=True)
class MatchResult:
    """How alike two records are.

    ``score`` is 0..1; at or above ``MATCH_THRESHOLD`` the two are probably the same person. ``related`` is set
    for people who are probably *not* the same but whom the screener should see together: twins (same surname
    and date of birth, different first name) and family members at the same address. ``reasons`` are plain-English
    sentences for the screener, strongest evidence first; they may quote names, so they belong on the screen and
    never in a log line.
    """

    score: float
    reasons: tuple[str, ...] = ()
    related: bool = False


@dataclass(frozen=True)
class Match:
    """One existing record returned by ``find_matches``, with its result and whether it passed the threshold."""

    record: PersonRecord
    result: MatchResult
    likely_same_person: bool
