"""Every write to the agreement. Import services from here: ``from consensus.services import ...``."""

from consensus.services.changes import consensus_version_apply_changes
from consensus.services.drafts import consensus_draft_create, consensus_draft_discard
from consensus.services.lifecycle import (
    consensus_version_publish,
    consensus_version_return_to_draft,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
from consensus.services.parts import (
    consensus_part_create,
    consensus_part_delete,
    consensus_part_update,
    consensus_timescales_update,
    consensus_version_update,
)
from consensus.services.starter import consensus_starter_publish

__all__ = [
    "consensus_draft_create", "consensus_draft_discard", "consensus_part_create", "consensus_part_delete",
    "consensus_part_update", "consensus_starter_publish", "consensus_timescales_update",
    "consensus_version_apply_changes", "consensus_version_publish", "consensus_version_return_to_draft",
    "consensus_version_sign_off", "consensus_version_submit_for_review", "consensus_version_update",
]
