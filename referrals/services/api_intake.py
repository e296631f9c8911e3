"""The API's one-call intake, with ``Idempotency-Key`` semantics: a partner system's retry never creates a
second referral.

The key is claimed with ``INSERT ... ON CONFLICT DO NOTHING`` and then locked, inside the transaction that creates
the referral. A concurrent request with the same key waits on that row; when the first commits it finds the
referral and returns it, and when the first rolls back (bad input) it claims the key itself.
"""

import hashlib
import json
from collections.abc import Mapping

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from accounts.models import Membership
from core.exceptions import DomainError
from referrals.models import IdempotencyKey, Referral
from referrals.services.intake import referral_draft_create, referral_submit

KEY_MAX = 255


class IdempotencyConflict(DomainError):
    """The key was used before with a different request body (409)."""

    status_code = 409
    default_code = "idempotency_conflict"


def request_fingerprint(data: Mapping) -> str:
    """SHA-256 of the request data in a canonical JSON form (sorted keys, fixed separators)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _claim(actor_membership: Membership, key: str, fingerprint: str) -> IdempotencyKey:
    if not isinstance(key, str) or not key.strip() or len(key) > KEY_MAX or not key.isprintable():
        raise DomainError(f"The Idempotency-Key must be 1 to {KEY_MAX} printable characters.",
                          field="idempotency_key", code="invalid_idempotency_key")
    identity = {"authority_id": actor_membership.authority_id, "user_id": actor_membership.user_id, "key": key}
    IdempotencyKey.objects.bulk_create([IdempotencyKey(**identity, request_fingerprint=fingerprint)],
                                       ignore_conflicts=True)
    return IdempotencyKey.objects.select_for_update().get(**identity)


@transaction.atomic
def referral_create_from_api(*, actor_membership: Membership, data: Mapping,
                             idempotency_key: str | None = None) -> tuple[Referral, bool]:
    """Create and submit a referral in one call (``referral_draft_create`` then ``referral_submit``; every rule
    of both applies). Returns ``(referral, created)``: with a key already used for the same data, the earlier
    referral and False; for the same key with different data, IdempotencyConflict."""
    claim = None
    if idempotency_key is not None:
        claim = _claim(actor_membership, idempotency_key, request_fingerprint(data))
        if claim.request_fingerprint != request_fingerprint(data):
            raise IdempotencyConflict("This Idempotency-Key was already used for a different referral. "
                                      "Use a new key for a new referral.")
        if claim.referral_id is not None:
            return Referral.objects.get(pk=claim.referral_id), False
    referral = referral_draft_create(actor_membership=actor_membership, data=data)
    referral = referral_submit(referral=referral, actor_membership=actor_membership)
    if claim is not None:
        claim.referral = referral
        claim.save(update_fields=["referral", "updated_at"])
    return referral, True
