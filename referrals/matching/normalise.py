"""Turn a typed name into comparable tokens.

Records reach us from many hands: capitals, stray spaces, curly apostrophes, accents, Cyrillic, Arabic or Chinese
script, titles typed into the first-name box. Everything is reduced to lower-case ASCII letters before comparison,
so "O’BRIEN", "O'Brien" and "O Brien" all become the same thing, and "Zoë" becomes "zoe".

Transliteration uses anyascii (ISC licence) rather than Unidecode (GPL), because the project is MIT-licensed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from .name_tables import HONORIFICS, PARTICLES, SUFFIXES

# Applied again here (not only in PersonRecord) because normalise_name is public and may get raw form input.
MAX_INPUT_LENGTH = 200
MAX_TOKENS = 10
MAX_TOKEN_LENGTH = 40

# Arabic ligatures of whole religious phrases (U+FDF0..U+FDFD, e.g. the "peace be upon him" sign written after the
# Prophet's name). NFKC would expand them into several words that are not part of anyone's name.
_PHRASE_LIGATURES = re.compile("[\ufdf0-\ufdfd]")

_NOT_LETTERS = re.compile(r"[^a-z]+")
_APOSTROPHES = re.compile(r"['`]")


def _is_logographic(char: str) -> bool:
    """Chinese, Japanese kana and Korean Hangul: one character is one syllable, so each gets its own token."""
    code = ord(char)
    return 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF


def _is_abjad(char: str) -> bool:
    """Hebrew, Arabic and Syriac letters: written without most vowels, so their transliteration needs looser
    comparison."""
    code = ord(char)
    return 0x0590 <= code <= 0x077F or 0xFB1D <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def has_abjad_script(value: object) -> bool:
    """Whether a string contains Arabic or Hebrew letters (capped, so a huge string costs nothing)."""
    return isinstance(value, str) and any(_is_abjad(char) for char in value[:MAX_INPUT_LENGTH])


@lru_cache(maxsize=16384)
def _normalise_cached(value: str) -> str:
    pieces: list[str] = []
    for char in unicodedata.normalize("NFKC", _PHRASE_LIGATURES.sub(" ", value)):
        category = unicodedata.category(char)
        if category[0] == "C":  # control, format (zero-width joiners), private use, unassigned
            continue
        if category[0] == "S":  # symbols and emoji: anyascii would spell them out (":grinning:")
            pieces.append(" ")
        elif _is_logographic(char):
            pieces.append(f" {anyascii(char)} ")
        else:
            pieces.append(anyascii(char))
    text = _APOSTROPHES.sub("", "".join(pieces).lower())
    tokens = _NOT_LETTERS.sub(" ", text).split()[:MAX_TOKENS]
    return " ".join(_mac_to_mc(token[:MAX_TOKEN_LENGTH]) for token in tokens)


def _mac_to_mc(token: str) -> str:
    """MacKenzie and McKenzie are one surname; both sides are rewritten the same way, so stray hits are harmless."""
    return "mc" + token[3:] if token.startswith("mac") and len(token) > 5 else token


def normalise_text(value: object) -> str:
    """Lower-case ASCII words separated by single spaces; never raises, whatever it is given."""
    if not isinstance(value, str):
        return ""
    return _normalise_cached(value[:MAX_INPUT_LENGTH])


def _strip_titles(tokens: list[str], *, keep_one: bool) -> list[str]:
    """Drop leading titles and trailing Jr/Snr, but (when ``keep_one``) never empty a name that is only a title."""
    while tokens and tokens[0] in HONORIFICS and (len(tokens) > 1 or not keep_one):
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in SUFFIXES:
        tokens = tokens[:-1]
    return tokens


@dataclass(frozen=True)
class ParsedName:
    """A name split into given names and surname tokens, ready for comparison.

    ``surname_core`` is the surname without particles (al, bin, van, de ...). ``abjad`` records that the name was
    written in Arabic or Hebrew script, whose transliteration has few vowels ("mhmd" for Mohammed).
    ``is_alias`` lets reasons say that an alias, not the main name, matched.
    """

    given: tuple[str, ...]
    surname: tuple[str, ...]
    surname_core: tuple[str, ...]
    abjad: bool = False
    is_alias: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.given and not self.surname

    @property
    def display(self) -> str:
        return " ".join(self.given + self.surname).title()


def _core(surname: list[str]) -> tuple[str, ...]:
    core = [token for token in surname if token not in PARTICLES]
    return tuple(core or surname)


@lru_cache(maxsize=8192)
def parse_name(first_name: str, last_name: str) -> ParsedName:
    """Parse the two name boxes of a record. Titles are stripped from the first-name box, where people type them."""
    given = _strip_titles(normalise_text(first_name).split(), keep_one=False)
    surname = _strip_titles(normalise_text(last_name).split(), keep_one=True)
    abjad = has_abjad_script(first_name) or has_abjad_script(last_name)
    return ParsedName(tuple(given), tuple(surname), _core(surname), abjad=abjad)


@lru_cache(maxsize=8192)
def parse_full_name(full_name: str) -> ParsedName:
    """Parse an alias written as one string: the last word (with any particles before it) is the surname."""
    tokens = _strip_titles(normalise_text(full_name).split(), keep_one=False)
    abjad = has_abjad_script(full_name)
    if len(tokens) <= 1:
        return ParsedName(tuple(tokens), (), (), abjad=abjad, is_alias=True)
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in PARTICLES:
        start -= 1
    given, surname = tokens[:start], tokens[start:]
    return ParsedName(tuple(given), tuple(surname), _core(surname), abjad=abjad, is_alias=True)


def normalise_name(value: object) -> str:
    """A whole name as one comparable string (titles and Jr/Snr removed): for display, search or storage."""
    if not isinstance(value, str):
        return ""
    parsed = parse_full_name(value[:MAX_INPUT_LENGTH])
    return " ".join(parsed.given + parsed.surname)
