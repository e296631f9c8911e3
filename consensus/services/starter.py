"""Publishing the starter agreement as a new authority's first version, through the same steps as any version."""

from collections.abc import Mapping

from django.db import transaction

from accounts.models import Membership, Team
from consensus import permissions
from consensus.models import ConsensusVersion, SignOffKind
from consensus.services.changes import consensus_version_apply_changes
from consensus.services.drafts import consensus_draft_create
from consensus.services.lifecycle import (
    consensus_version_publish,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
from core.exceptions import InvalidTransition


@transaction.atomic
def consensus_starter_publish(*, proposer: Membership, strategic: Membership, frontline: Membership,
                              teams: Mapping[str, Team] | None = None, editor: Membership | None = None,
                              changes: Mapping | None = None) -> ConsensusVersion:
    """Start a draft from the starter agreement (``teams`` maps its team hints to the authority's teams), let
    ``editor`` apply local ``changes`` (``consensus_version_apply_changes``), have ``proposer`` submit it, the two
    signatories sign it off, and the strategic signatory publish it. Each step is audited as its own actor.

    Only for an authority with no agreement at all; afterwards, changes go through new drafts.
    """
    people = [person for person in (proposer, strategic, frontline, editor) if person is not None]
    if len({person.authority_id for person in people}) != 1:
        raise ValueError("Everyone publishing the starter agreement must act in the same authority")
    if changes and editor is None:
        raise ValueError("Local changes need an editor")
    permissions.require(proposer, permissions.ConsensusAction.CREATE_DRAFT)
    permissions.require(strategic, permissions.ConsensusAction.SIGN_OFF_STRATEGIC)
    permissions.require(frontline, permissions.ConsensusAction.SIGN_OFF_FRONTLINE)
    if ConsensusVersion.objects.filter(authority_id=proposer.authority_id).exists():
        raise InvalidTransition("This authority already has an agreement. Start a new draft to change it.")
    draft = consensus_draft_create(actor_membership=proposer, starter_teams=teams)
    if changes:
        consensus_version_apply_changes(version=draft, changes=changes, actor_membership=editor)
    consensus_version_submit_for_review(version=draft, actor_membership=proposer)
    consensus_version_sign_off(version=draft, kind=SignOffKind.STRATEGIC, actor_membership=strategic)
    consensus_version_sign_off(version=draft, kind=SignOffKind.FRONTLINE, actor_membership=frontline)
    return consensus_version_publish(version=draft, actor_membership=strategic)
