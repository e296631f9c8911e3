"""Every write to the evidence base. Import services from here: ``from evidence.services import ...``."""

from evidence.services.engagement import engagement_record, engagement_update
from evidence.services.notes import (
    learning_note_approve,
    learning_note_create,
    learning_note_return,
    learning_note_submit,
    learning_note_update,
    learning_note_withdraw,
)
from evidence.services.sharing import evidence_sharing_set, opted_in_authority_ids, sharing_for

__all__ = [
    "engagement_record", "engagement_update", "evidence_sharing_set", "learning_note_approve",
    "learning_note_create", "learning_note_return", "learning_note_submit", "learning_note_update",
    "learning_note_withdraw", "opted_in_authority_ids", "sharing_for",
]
