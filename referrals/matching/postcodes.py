"""UK postcodes: validate, normalise and compare at full, sector, district and area level.

``normalise_postcode`` and ``is_valid_uk_postcode`` are shared with the referral form, so the form and the duplicate
check agree on what a postcode is. The check is of *format* only (Royal Mail's published rules for which letters
may stand where); whether a postcode is currently in use needs the Postcode Address File, which we do not hold.

Levels, using "LS6 1AB": the full postcode is about 15 addresses; the sector "LS6 1" a few thousand; the district
"LS6" a neighbourhood; the area "LS" a city and its surroundings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

MAX_POSTCODE_INPUT = 16

# Outward code forms: A9, A99, AA9, AA99, A9A, AA9A. Q, V and X never start a postcode; I, J and Z are never second;
# the inward code's letters never include C, I, K, M, O or V. GIR 0AA is the one historic exception still in use.
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_FULL = re.compile(rf"^(?:(?P<outward>{_OUTWARD})(?P<inward>{_INWARD})|(?P<gir_out>GIR)(?P<gir_in>0AA))$")
_OUTWARD_ONLY = re.compile(rf"^{_OUTWARD}$")
_AREA = re.compile(r"^[A-Z]+")


def _compact(value: object) -> str:
    """Upper-case letters and digits only: "ls6 1ab", "LS61AB" and " LS6-1AB " all become "LS61AB"."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value[:256].strip()[:MAX_POSTCODE_INPUT]).upper()
    return "".join(char for char in text if char.isascii() and char.isalnum())


def _split(compact: str) -> tuple[str, str] | None:
    match = _FULL.match(compact)
    if not match:
        return None
    if match.group("gir_out"):
        return "GIR", "0AA"
    return match.group("outward"), match.group("inward")


def is_valid_uk_postcode(value: object) -> bool:
    """True for a complete UK postcode in any spacing or case ("ls61ab", "LS6 1AB"). Never raises."""
    return _split(_compact(value)) is not None


def normalise_postcode(value: object) -> str:
    """The canonical form ("LS6 1AB") of a valid full postcode; the outward code alone ("LS6") when only that was
    given; otherwise "" (so "n/k", "NFA" or junk never look like a place)."""
    compact = _compact(value)
    parts = _split(compact)
    if parts:
        return f"{parts[0]} {parts[1]}"
    return compact if _OUTWARD_ONLY.match(compact) else ""


@dataclass(frozen=True)
class PostcodeParts:
    """A postcode broken into its levels; ``full`` and ``sector`` are empty when only the district is known."""

    full: str
    sector: str
    district: str
    area: str


def parse_postcode(value: object) -> PostcodeParts | None:
    """The levels of a full or outward-only postcode, or ``None`` when it is not a postcode at all."""
    return _parse_normalised(normalise_postcode(value))


@lru_cache(maxsize=8192)
def _parse_normalised(normalised: str) -> PostcodeParts | None:
    if not normalised:
        return None
    district, _, inward = normalised.partition(" ")
    area_match = _AREA.match(district)
    area = area_match.group(0) if area_match else district
    if inward:
        return PostcodeParts(full=normalised, sector=f"{district} {inward[0]}", district=district, area=area)
    return PostcodeParts(full="", sector="", district=district, area=area)


class PostcodeAgreement(StrEnum):
    SAME = "same"
    SECTOR = "sector"
    DISTRICT = "district"
    AREA = "area"
    DIFFERENT = "different"
    MISSING = "missing"


@dataclass(frozen=True)
class PostcodeComparison:
    agreement: PostcodeAgreement
    shared: str = ""  # the shared part, e.g. "LS6 1" or "LS6"

    @property
    def reason(self) -> str:
        texts = {
            PostcodeAgreement.SAME: "Same postcode",
            PostcodeAgreement.SECTOR: f"Same postcode sector ({self.shared})",
            PostcodeAgreement.DISTRICT: f"Same postcode district ({self.shared})",
            PostcodeAgreement.AREA: f"Same postcode area ({self.shared}), different district",
            PostcodeAgreement.DIFFERENT: "Different postcode area",
        }
        return texts.get(self.agreement, "")


def compare_postcodes(left: object, right: object) -> PostcodeComparison:
    """The closest level at which two postcodes agree. Unparseable or empty on either side is MISSING."""
    left_parts, right_parts = parse_postcode(left), parse_postcode(right)
    if left_parts is None or right_parts is None:
        return PostcodeComparison(PostcodeAgreement.MISSING)
    if left_parts.full and left_parts.full == right_parts.full:
        return PostcodeComparison(PostcodeAgreement.SAME, left_parts.full)
    if left_parts.sector and left_parts.sector == right_parts.sector:
        return PostcodeComparison(PostcodeAgreement.SECTOR, left_parts.sector)
    if left_parts.district == right_parts.district:
        return PostcodeComparison(PostcodeAgreement.DISTRICT, left_parts.district)
    if left_parts.area == right_parts.area:
        return PostcodeComparison(PostcodeAgreement.AREA, left_parts.area)
    return PostcodeComparison(PostcodeAgreement.DIFFERENT)
