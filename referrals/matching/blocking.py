"""Cheap keys that let the database pick a short list of candidates before anything is scored.

Scoring every subject in an authority for every submission does not scale and needs every record in memory. Instead
each subject stores the keys ``blocking_keys`` gives it; on submit the candidate's keys are computed and only
subjects sharing at least one key are loaded and scored. Two records that are the same person should share at least
one key even when names are misspelt, swapped or transliterated (tests check this on every labelled true match).

Keys (short ASCII strings, at most 24 characters):

``n:<sound>``
    one per name word (given names, surname, each alias; particles and initials skipped), as the Metaphone code of
    the name's group in name_tables (so Mohammed, Muhammad and Mo share ``n:MHMT``, Bob and Robert ``n:RBRT``).
    Surnames also get a key for the joined form, so "Al-Hassan" meets "Alhassan" and "Ben Ali" meets "Benali".
    Because *every* name word gets a key, swapped first and last names and people known by a middle name still meet.
``d:<yyyymmdd>``
    the date of birth with day and month put in ascending order, so a day/month swap gives the same key.

Deliberately *not* keys: postcode district and birth year on their own. Each matches a large share of an authority,
and since candidates are the union over keys, one broad key would undo the filtering. A person whose every name word
is mistyped beyond Metaphone and whose date of birth is missing or mistyped will not be found; such a pair would not
reach the threshold anyway.

How to use it (the referrals app owns the storage):

1. A table ``SubjectMatchKey(authority, subject, key)`` with an index on ``(authority, key)`` (or, on PostgreSQL
   only, an ``ArrayField`` with a GIN index queried with ``__overlap``). Store ``BLOCKING_KEYS_VERSION`` beside the
   keys; when it changes, a data migration recomputes them.
2. Whenever a subject's names, aliases or date of birth change, replace its keys in the same transaction.
3. On submit: ``keys = blocking_keys(candidate)``; load the authority's subjects with any of those keys (and their
   aliases), build a ``PersonRecord`` for each with ``ref=subject.pk``, and call ``find_matches``.
"""

from __future__ import annotations

import jellyfish

from .name_tables import PARTICLES, canonical_forms
from .normalise import ParsedName, parse_full_name, parse_name
from .records import PersonRecord

# Bump when the keys change, so stored keys can be recomputed.
BLOCKING_KEYS_VERSION = 1
MAX_KEY_LENGTH = 24


def _sound(word: str) -> set[str]:
    """Metaphone codes for a word's canonical forms; empty for initials and particles."""
    if len(word) < 2 or word in PARTICLES:
        return set()
    return {jellyfish.metaphone(form)[: MAX_KEY_LENGTH - 2] for form in canonical_forms(word)} - {""}


def _name_keys(name: ParsedName) -> set[str]:
    words = set(name.given) | set(name.surname_core)
    if len(name.given) > 1:
        words.add("".join(name.given))
    if len(name.surname) > 1:
        words.update({"".join(name.surname), "".join(name.surname_core)})
    return {f"n:{code}" for word in words for code in _sound(word)}


def blocking_keys(record: PersonRecord) -> set[str]:
    """The blocking keys of a record (see the module docstring). Never raises; an empty record gives no keys."""
    if not isinstance(record, PersonRecord):
        return set()
    names = [parse_name(record.first_name, record.last_name)] + [parse_full_name(alias) for alias in record.aliases]
    keys: set[str] = set()
    for name in names:
        keys |= _name_keys(name)
    dob = record.date_of_birth
    if dob is not None:
        low, high = sorted((dob.month, dob.day))
        keys.add(f"d:{dob.year:04d}{low:02d}{high:02d}")
    return keys
