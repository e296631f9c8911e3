"""Moving a version through its lifecycle (transitions.py): submit, return to draft, sign off, publish."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from audit.services import audit_record
from consensus import permissions, transitions
from consensus.comparison import compare_versions
from consensus.models import (
    AssessmentDimension,
    ConsensusVersion,
    RatingLevel,
    Responsibility,
    SignOff,
    SignOffKind,
    Stage,
    SubjectGroup,
    VersionStatus,
)
from consensus.parts import PART_SPECS
from consensus.services._common import lock_version
from consensus.validation import Cleaner, ConsensusInputError
from core.exceptions import DomainError, InvalidTransition

_REQUIRED_PARTS = {"definitions": "a definition", "concern_types": "a concern type", "indicators": "an indicator",
                   "pathways": "a response pathway", "dimensions": "an assessment dimension"}


def _check_source(version: ConsensusVersion, transition: transitions.Transition) -> None:
    if version.status != transition.source:
        raise InvalidTransition(f"Version {version.number} is {version.get_status_display().lower()}, "
                                f"so it cannot be {transition.verb}.")


def _gaps(version: ConsensusVersion) -> list[str]:
    """What a version needs before it can be signed off: enough content to route, decide and assess."""
    gaps = [f"Add at least {label}." for name, label in _REQUIRED_PARTS.items()
            if not PART_SPECS[name].model.objects.filter(version=version).exists()]
    if RatingLevel.objects.filter(version=version).count() < 2:
        gaps.append("Add at least two points to the rating scale.")
    routed = set(Responsibility.objects.filter(version=version, pathway__isnull=True)
                 .values_list("stage", "subject_group"))
    gaps += [f"Say who is responsible for {stage.label.lower()} for {group.label.lower()}."
             for stage in Stage for group in SubjectGroup if (stage, group) not in routed]
    gaps += [f"Add a factor to the “{dimension.label}” dimension."
             for dimension in AssessmentDimension.objects.filter(version=version, factors__isnull=True)]
    return gaps


@transaction.atomic
def consensus_version_submit_for_review(*, version: ConsensusVersion,
                                        actor_membership: Membership) -> ConsensusVersion:
    """Send a complete draft for sign-off. From now on its content is frozen."""
    version = lock_version(version, actor_membership, transitions.SUBMIT.action)
    _check_source(version, transitions.SUBMIT)
    gaps = _gaps(version)
    if gaps:
        raise ConsensusInputError({"non_field_errors": gaps})
    version.status, version.submitted_at = VersionStatus.IN_REVIEW, timezone.now()
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(action=transitions.SUBMIT.audit_action, actor=actor_membership.user, target=version,
                 data={"version": version.number, "old": {"status": "draft"}, "new": {"status": version.status},
                       "changes": compare_versions(version.based_on, version).summary()})
    return version


@transaction.atomic
def consensus_version_return_to_draft(*, version: ConsensusVersion, actor_membership: Membership,
                                      reason: str = "") -> ConsensusVersion:
    """Take a version out of review so it can be changed. Any sign-offs given are withdrawn."""
    version = lock_version(version, actor_membership, transitions.RETURN_TO_DRAFT.action)
    _check_source(version, transitions.RETURN_TO_DRAFT)
    cleaner = Cleaner({"reason": reason})
    cleaner.text("reason", "Reason", max_length=2000, required=False)
    reason = cleaner.result().get("reason", "")
    withdrawn = {sign_off.kind: sign_off.signed_by.username
                 for sign_off in version.sign_offs.select_related("signed_by")}
    version.sign_offs.all().delete()
    version.status, version.submitted_at = VersionStatus.DRAFT, None
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(action=transitions.RETURN_TO_DRAFT.audit_action, actor=actor_membership.user, target=version,
                 data={"version": version.number, "reason": reason, "withdrawn_sign_offs": withdrawn,
                       "old": {"status": "in_review"}, "new": {"status": "draft"}})
    return version


@transaction.atomic
def consensus_version_sign_off(*, version: ConsensusVersion, kind: str, actor_membership: Membership) -> SignOff:
    """Give the strategic (manager) or frontline (safeguarding lead) sign-off. One person cannot give both."""
    if kind not in SignOffKind.values:
        raise ConsensusInputError({"kind": ["Choose strategic or frontline."]})
    version = lock_version(version, actor_membership, permissions.SIGN_OFF_ACTIONS[kind])
    if version.status not in transitions.SIGNABLE_STATUSES:
        raise InvalidTransition(f"Only a version in review can be signed off; version {version.number} is "
                                f"{version.get_status_display().lower()}.")
    given = list(version.sign_offs.all())
    if any(sign_off.kind == kind for sign_off in given):
        raise InvalidTransition(f"Version {version.number} already has its {SignOffKind(kind).label.lower()}.")
    if any(sign_off.signed_by_id == actor_membership.user_id for sign_off in given):
        raise DomainError("You have already signed this version off. The other sign-off must come from someone "
                          "else.", field="kind", code="same_signatory")
    sign_off = SignOff.objects.create(authority_id=version.authority_id, version=version, kind=kind,
                                      signed_by=actor_membership.user, role=actor_membership.role,
                                      signed_at=timezone.now())
    audit_record(action="consensus.version.signed_off", actor=actor_membership.user, target=version,
                 data={"version": version.number, "kind": kind, "role": actor_membership.role,
                       "new": {"sign_offs": sorted([kind, *(sign_off.kind for sign_off in given)])}})
    return sign_off


@transaction.atomic
def consensus_version_publish(*, version: ConsensusVersion, actor_membership: Membership) -> ConsensusVersion:
    """Publish a signed-off version and supersede the one in force, atomically.

    Every version of the authority is locked first, so of two concurrent publishes exactly one succeeds and
    the other finds the version already published (InvalidTransition).
    """
    permissions.require(actor_membership, transitions.PUBLISH.action)
    locked = list(ConsensusVersion.objects.select_for_update()
                  .filter(authority_id=actor_membership.authority_id).order_by("pk"))
    version = next((item for item in locked if item.pk == version.pk), None)
    if version is None:
        raise ConsensusVersion.DoesNotExist("No such version in this authority")
    _check_source(version, transitions.PUBLISH)
    signed = {sign_off.kind: sign_off.signed_by.username for sign_off in version.sign_offs.select_related("signed_by")}
    missing = [SignOffKind(kind).label.lower() for kind in SignOffKind.values if kind not in signed]
    if missing:
        raise InvalidTransition(f"Version {version.number} needs its {' and '.join(missing)} before publishing.")
    previous = next((item for item in locked if item.status == VersionStatus.PUBLISHED), None)
    now = timezone.now()
    if previous is not None:
        previous.status, previous.superseded_at = VersionStatus.SUPERSEDED, now
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
        audit_record(action=transitions.SUPERSEDE.audit_action, actor=actor_membership.user, target=previous,
                     data={"version": previous.number, "superseded_by": version.number,
                           "old": {"status": "published"}, "new": {"status": "superseded"}})
    version.status, version.published_at, version.published_by = VersionStatus.PUBLISHED, now, actor_membership.user
    version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_record(action=transitions.PUBLISH.audit_action, actor=actor_membership.user, target=version,
                 data={"version": version.number, "supersedes": previous.number if previous else None,
                       "sign_offs": signed, "old": {"status": "in_review"}, "new": {"status": "published"},
                       "changes": compare_versions(previous, version).summary()})
    return version
