"""The audit trail's only writer, and its verifier."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from audit.actions import action_label
from audit.hashing import GENESIS_HASH, hash_of
from audit.models import AUTHORITY_MODEL, PLATFORM_CHAIN, AuditChainHead, AuditEvent
from core.context import current_client_ip, current_request_id
from core.tenancy import scopes_disabled

_SECRET_MARKERS = ("password", "secret", "token")
_MASK = "********"


def _mask(value):
    if isinstance(value, dict):
        return {
            key: _MASK if any(marker in str(key).lower() for marker in _SECRET_MARKERS) else _mask(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_mask(item) for item in value]
    return value


def _clean_data(data: dict | None) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TypeError("Audit data must be a dict")
    # Round-trip through JSON so that what is hashed is exactly what the database gives back.
    return json.loads(json.dumps(_mask(data), cls=DjangoJSONEncoder))


def chain_for(authority_id: int | None) -> str:
    return f"authority:{authority_id}" if authority_id else PLATFORM_CHAIN


def actor_label_for(actor) -> str:
    if actor is None:
        return "System"
    full_name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    username = actor.get_username()
    return f"{full_name} ({username})" if full_name else username


def audit_record(*, action: str, actor=None, target=None, authority=None, data: dict | None = None,
                 target_label: str | None = None) -> AuditEvent:
    """Append one event to the authority's chain. Call it inside the transaction that made the change.

    ``authority`` defaults to the target's authority. ``old``/``new`` values go under those keys in ``data``.
    """
    action_label(action)  # raises for an unregistered name
    authority_id = getattr(authority, "pk", authority)
    if authority_id is None and target is not None:
        # The target's authority, or the target itself when it is an authority.
        is_authority = target._meta.label == AUTHORITY_MODEL
        authority_id = target.pk if is_authority else getattr(target, "authority_id", None)
    chain = chain_for(authority_id)
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(chain=chain)
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
        event = AuditEvent(
            chain=chain,
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            authority_id=authority_id,
            actor=actor,
            actor_label=actor_label_for(actor),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=(target_label if target_label is not None else (str(target) if target else ""))[:300],
            data=_clean_data(data),
            request_id=current_request_id() or "",
            ip=current_client_ip(),
            prev_hash=head.last_hash,
        )
        event.hash = hash_of(event)
        event.save(force_insert=True)
        head.sequence = event.sequence
        head.last_hash = event.hash
        head.save(update_fields=["sequence", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    chain: str
    checked: int
    broken_event_id: int | None = None
    broken_sequence: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def verify_chain(chain: str) -> ChainReport:
    """Recompute one chain from its first event. Finds edits (hash), deletions and reordering (sequence and
    prev_hash), and deletion of the newest events (the chain head)."""
    with scopes_disabled():
        events = AuditEvent.objects.filter(chain=chain).order_by("sequence").iterator(chunk_size=2000)
        expected_sequence, previous_hash, checked = 1, GENESIS_HASH, 0
        for event in events:
            reason = ""
            if event.sequence != expected_sequence:
                reason = f"expected event number {expected_sequence}, found {event.sequence} (missing or moved)"
            elif event.prev_hash != previous_hash:
                reason = "does not follow the event before it (deleted or reordered)"
            elif hash_of(event) != event.hash:
                reason = "its contents no longer match its hash (edited)"
            if reason:
                return ChainReport(chain, checked, event.pk, event.sequence, reason)
            checked += 1
            expected_sequence, previous_hash = event.sequence + 1, event.hash
        head = AuditChainHead.objects.filter(chain=chain).first()
        if head is not None and (head.sequence != checked or head.last_hash != previous_hash):
            return ChainReport(chain, checked, None, checked + 1,
                               f"the chain should end at event {head.sequence} but ends at {checked} "
                               "(newest events deleted)")
    return ChainReport(chain, checked)


def chains_to_verify(authority_id: int | None = None) -> list[str]:
    if authority_id is not None:
        return [chain_for(authority_id)]
    with scopes_disabled():
        chains = set(AuditChainHead.objects.values_list("chain", flat=True))
        chains |= set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
    return sorted(chains)


def audit_trail_verify(*, authority_id: int, actor) -> ChainReport:
    """Verify one authority's chain on request, and record that it was checked and what was found."""
    report = verify_chain(chain_for(authority_id))
    audit_record(action="audit.trail.verified", actor=actor, authority=authority_id,
                 data={"intact": report.ok, "checked": report.checked, "broken_sequence": report.broken_sequence})
    return report


def audit_trail_record_view(*, authority_id: int, actor, filters: dict) -> None:
    audit_record(action="audit.trail.viewed", actor=actor, authority=authority_id, data={"filters": filters})


def audit_event_record_view(*, event: AuditEvent, actor) -> None:
    audit_record(action="audit.event.viewed", actor=actor, authority=event.authority_id,
                 data={"event_id": event.pk, "sequence": event.sequence})


def authority_ids_with_chains() -> list[int]:
    prefix = chain_for(1).split(":")[0] + ":"
    return [int(chain.removeprefix(prefix)) for chain in chains_to_verify() if chain.startswith(prefix)]
