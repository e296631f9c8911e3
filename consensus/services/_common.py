"""Helpers every consensus service uses: lock the version, check the state, resolve references, describe."""

from collections.abc import Mapping

from accounts.models import Membership, Team
from consensus import permissions
from consensus.models import AssessmentDimension, ConsensusVersion, ResponsePathway, VersionStatus
from consensus.parts import PartContext, PartSpec
from consensus.transitions import EDITABLE_STATUSES
from core.exceptions import InvalidTransition


def lock_version(version: ConsensusVersion, actor_membership: Membership,
                 action: permissions.ConsensusAction) -> ConsensusVersion:
    """Check the policy, then re-read ``version`` with a row lock. Another authority's version is not found."""
    permissions.require(actor_membership, action)
    return (ConsensusVersion.objects.select_for_update()
            .filter(authority_id=actor_membership.authority_id).get(pk=version.pk))


def lock_editable(version: ConsensusVersion, actor_membership: Membership) -> ConsensusVersion:
    version = lock_version(version, actor_membership, permissions.ConsensusAction.EDIT)
    if version.status not in EDITABLE_STATUSES:
        raise InvalidTransition(not_editable_message(version))
    return version


def not_editable_message(version: ConsensusVersion) -> str:
    if version.status == VersionStatus.IN_REVIEW:
        return (f"Version {version.number} is waiting for sign-off, so it cannot be changed. "
                "Return it to draft first; that withdraws any sign-offs given.")
    return (f"Version {version.number} is {version.get_status_display().lower()}, and a published agreement "
            "cannot be changed. Start a new draft instead.")


def part_context(version: ConsensusVersion) -> PartContext:
    teams = Team.objects.filter(authority_id=version.authority_id).in_bulk()
    pathways = ResponsePathway.objects.filter(version=version).values_list("code", flat=True)
    dimensions = AssessmentDimension.objects.filter(version=version).values_list("code", flat=True)
    return PartContext(teams=teams, pathway_codes=frozenset(pathways), dimension_codes=frozenset(dimensions))


def model_values(spec: PartSpec, version: ConsensusVersion, values: Mapping) -> dict:
    """Cleaned values (references by code or id) as model field values."""
    result = {name: value for name, value in values.items() if name in spec.fields}
    if "pathway" in result:
        code = result.pop("pathway")
        result["pathway"] = ResponsePathway.objects.get(version=version, code=code) if code else None
    if "dimension" in result:
        result["dimension"] = AssessmentDimension.objects.get(version=version, code=result.pop("dimension"))
    if "team" in result:
        result["team_id"] = result.pop("team")
    return result


def changed_fields(before: Mapping, after: Mapping) -> tuple[dict, dict]:
    """The old and new values of the fields that differ (for audit rows)."""
    fields = [name for name in after if name != "team_name" and before.get(name) != after.get(name)]
    return {name: before.get(name) for name in fields}, {name: after.get(name) for name in fields}
