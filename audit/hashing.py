"""How an audit event's hash is computed. Shared by the writer and the verifier, so they cannot drift apart."""

import hashlib
import json
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64


def canonical_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(*, chain, sequence, occurred_at, authority_id, actor_id, actor_label, action, target_type,
               target_id, target_label, data, request_id, ip, prev_hash) -> str:
    payload = {
        "chain": chain,
        "sequence": sequence,
        "occurred_at": canonical_time(occurred_at),
        "authority_id": authority_id,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "target_label": target_label,
        "data": data,
        "request_id": request_id,
        "ip": ip,
        "prev_hash": prev_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def hash_of(event) -> str:
    return event_hash(
        chain=event.chain,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        authority_id=event.authority_id,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        target_label=event.target_label,
        data=event.data,
        request_id=event.request_id,
        ip=event.ip,
        prev_hash=event.prev_hash,
    )
