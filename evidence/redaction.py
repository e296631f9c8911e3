"""A first check that a learning note identifies no one, before a second lead reads it for the same.

It looks for what the case itself knows about the person (names, other names, postcode, school or workplace, the
case and referral references) and for details that identify anyone (a postcode, an email address, a phone number).
Names are matched as whole words with a capital letter, as names are written, so "hope" in a sentence does not
stop a note about someone called Hope. The check helps the writer; the second lead's approval is the safeguard.
"""

import re
from dataclasses import dataclass

POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
PHONE = re.compile(r"(?:\+44\s?|\b0)(?:\d\s?){9,10}\b")
MIN_NAME_LENGTH = 3


@dataclass(frozen=True)
class Known:
    """What the case knows about the person, as (what it is, words or phrases)."""

    names: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    references: tuple[str, ...] = ()


def known_from(subject, references: tuple[str, ...]) -> Known:
    def words(*texts) -> tuple[str, ...]:
        found = {word for text in texts for word in re.findall(r"[^\W\d_][\w'-]*", text or "")}
        return tuple(sorted(word for word in found if len(word) >= MIN_NAME_LENGTH))

    return Known(names=words(subject.first_name, subject.last_name),
                 other_names=words(*(subject.aliases or [])),
                 places=tuple(place for place in (subject.school_or_workplace.strip(),) if len(place) >= 4),
                 references=tuple(reference for reference in references if reference))


def _has_name(text: str, name: str) -> bool:
    forms = {name[:1].upper() + name[1:].lower(), name.upper(), name}
    return any(re.search(rf"(?<![\w'-]){re.escape(form)}(?![\w'-])", text) for form in forms)


def problems_in(text: str, known: Known) -> list[str]:
    """What in ``text`` could identify someone, in plain words (never the detail itself)."""
    found = []
    if any(_has_name(text, name) for name in known.names):
        found.append("the person's name")
    if any(_has_name(text, name) for name in known.other_names):
        found.append("another name the person uses")
    if any(place.lower() in text.lower() for place in known.places):
        found.append("their school or workplace")
    if any(reference.lower() in text.lower() for reference in known.references):
        found.append("the case or referral reference")
    if POSTCODE.search(text):
        found.append("a postcode")
    if EMAIL.search(text):
        found.append("an email address")
    if PHONE.search(text):
        found.append("a phone number")
    return found


def redaction_errors(texts: dict[str, str], known: Known) -> dict[str, list[str]]:
    """Field errors for every text that could identify someone."""
    errors = {}
    for field, text in texts.items():
        if found := problems_in(text or "", known):
            errors[field] = [f"Remove {_joined(found)}: a learning note must not identify anyone"]
    return errors


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
