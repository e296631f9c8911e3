"""Duplicate and repeat-referral matching: pure Python, no database, no Django models.

The referrals app builds a ``PersonRecord`` for the person being referred and for each earlier subject, prefilters
the earlier subjects with ``blocking_keys``, and calls ``find_matches``. Each ``Match`` carries a 0..1 score,
plain-English reasons for the screener, and a ``related`` flag for twins and family members who must be shown but
never merged. ``normalise_postcode`` and ``is_valid_uk_postcode`` are shared with the referral form.

Nothing here logs: names and dates of birth are personal data, and reasons (which quote names) are for the screen.
"""

from .blocking import BLOCKING_KEYS_VERSION, blocking_keys
from .normalise import normalise_name
from .postcodes import is_valid_uk_postcode, normalise_postcode
from .records import Match, MatchResult, PersonRecord
from .scoring import MATCH_THRESHOLD, find_matches, score

__all__ = [
    "BLOCKING_KEYS_VERSION",
    "MATCH_THRESHOLD",
    "Match",
    "MatchResult",
    "PersonRecord",
    "blocking_keys",
    "find_matches",
    "is_valid_uk_postcode",
    "normalise_name",
    "normalise_postcode",
    "score",
]
