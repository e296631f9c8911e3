"""References that are unique per authority and never collide: ``<CODE>-<YEAR>-<NUMBER>``.

One ``ReferenceCounter`` row per authority, kind and year holds the last number given. Taking a number locks that
row (``select_for_update``) until the transaction ends, so two submissions at the same moment queue on the lock
and get consecutive numbers; a rolled-back submission gives its number back. The counter row is created with
``INSERT ... ON CONFLICT DO NOTHING`` so the first two submissions of a year cannot both try to create it.
"""

from datetime import datetime

from accounts.models import Authority
from consensus.working_days import LONDON
from referrals.models import ReferenceCounter

REFERRAL = "referral"
CASE = "case"
_FORMATS = {REFERRAL: "{code}-{year}-{number:06d}", CASE: "{code}-C-{year}-{number:06d}"}


def reference_next(*, authority: Authority, kind: str, when: datetime) -> str:
    """Take the next reference of ``kind`` for ``authority`` in the year (in London) of ``when``. Call inside the
    transaction that stores it."""
    year = when.astimezone(LONDON).year
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(authority_id=authority.pk, kind=kind, year=year)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(authority_id=authority.pk, kind=kind, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return _FORMATS[kind].format(code=authority.code, year=year, number=counter.last_number)
