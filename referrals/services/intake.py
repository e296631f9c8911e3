"""Intake: drafts saved step by step, and submission (pin the agreement, route, time, reference, duplicates)."""

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from consensus.models import ConcernType, ConsensusVersion, Indicator, Stage, SubjectGroup, VersionStatus
from consensus.selectors import consensus_decision_due_at, consensus_responsible_for
from consensus.working_days import LONDON
from core.exceptions import InvalidTransition
from referrals import permissions, transitions
from referrals.models import Referral, ReferralStatus, Subject
from referrals.models.choices import CHILD_UNDER
from referrals.references import REFERRAL, reference_next
from referrals.services._common import backdated, lock_referral, moment, record_transition, version_in_force
from referrals.services.duplicates import duplicate_check_run
from referrals.services.notifications import notify_on_commit, routed_recipients
from referrals.validation import CODE_FIELDS, ReferralInputError, clean_fields, missing_for_submit

A = permissions.ReferralAction
# An immediate-risk referral is due this long after submission, whatever the working-day timescale says.
IMMEDIATE_RISK_DUE = timedelta(hours=2)
_CODE_MODELS = {"concern_types": ConcernType, "indicators": Indicator}


def _resolve_codes(version: ConsensusVersion | None, field: str, codes: list[str]) -> list:
    """The parts of ``version`` with ``codes``; a field error naming any code the agreement does not have."""
    if not codes:
        return []
    if version is None:
        raise ReferralInputError({field: ["There is no published agreement to choose from yet."]},
                                 code="no_agreement")
    found = {item.code: item for item in _CODE_MODELS[field].objects.filter(version=version, code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ReferralInputError({field: [f"Not in your authority's agreement: {', '.join(unknown)}."]},
                                 code="unknown_code")
    return [found[code] for code in codes]


def _published(authority_id: int) -> ConsensusVersion | None:
    return ConsensusVersion.objects.filter(authority_id=authority_id, status=VersionStatus.PUBLISHED).first()


def _apply(referral: Referral, data: Mapping, when: datetime) -> list[str]:
    """Clean ``data`` and write it to the draft and its subject; the names of the fields given."""
    subject_values, referral_values = clean_fields(data, today=when.astimezone(LONDON).date())
    codes = {field: referral_values.pop(field) for field in CODE_FIELDS if field in referral_values}
    version = _published(referral.authority_id) if any(codes.values()) else None
    parts = {field: _resolve_codes(version, field, values) for field, values in codes.items()}
    if "estimated_age" in subject_values:
        estimated = subject_values["estimated_age"] is not None
        subject_values["estimated_at"] = when.astimezone(LONDON).date() if estimated else None
    subject = referral.subject
    for name, value in subject_values.items():
        setattr(subject, name, value)
    for name, value in referral_values.items():
        setattr(referral, name, value)
    if subject_values:
        subject.save(update_fields=[*subject_values, "updated_at"])
    if referral_values:
        referral.save(update_fields=[*referral_values, "updated_at"])
    for field, items in parts.items():
        getattr(referral, field).set(items)
    return sorted([*subject_values, *referral_values, *codes])


@transaction.atomic
def referral_draft_create(*, actor_membership: Membership, data: Mapping | None = None,
                          at: datetime | None = None) -> Referral:
    """Start a draft referral (and its subject) with any fields already known. The draft is the author's alone."""
    permissions.require(actor_membership, A.CREATE)
    when = moment(at)
    subject = Subject.objects.create(authority_id=actor_membership.authority_id)
    referral = Referral.objects.create(authority_id=actor_membership.authority_id, subject=subject,
                                       submitted_by=actor_membership.user)
    fields = _apply(referral, data or {}, when)
    audit_record(action="referrals.referral.drafted", actor=actor_membership.user, target=referral,
                 data={"fields": fields, "new": {"status": ReferralStatus.DRAFT}, **backdated(at)})
    return referral


@transaction.atomic
def referral_draft_update(*, referral: Referral, actor_membership: Membership, data: Mapping) -> Referral:
    """Save some fields of a draft (one step of the form). Only the fields given are checked and written."""
    referral = lock_referral(referral, actor_membership, A.EDIT_DRAFT)
    if not referral.is_draft:
        raise InvalidTransition("This referral has been submitted, so it cannot be changed.")
    fields = _apply(referral, data, moment(None))
    if fields:
        audit_record(action="referrals.referral.draft_changed", actor=actor_membership.user, target=referral,
                     data={"fields": fields})
    return referral


def _check_complete(referral: Referral, version: ConsensusVersion, when: datetime) -> dict[str, list]:
    """Everything a submission lacks, with the draft's codes re-read against ``version`` (the agreement may have
    been republished since the draft was saved). Returns the parts to pin."""
    errors = missing_for_submit(referral.subject, referral, today=when.astimezone(LONDON).date())
    parts = {}
    for field in CODE_FIELDS:
        codes = list(getattr(referral, field).values_list("code", flat=True))
        try:
            parts[field] = _resolve_codes(version, field, codes)
        except ReferralInputError as error:
            errors.update(error.errors)
    if not errors.get("concern_types") and not parts.get("concern_types"):
        errors["concern_types"] = ["Choose at least one type of concern."]
    if errors:
        raise ReferralInputError(errors, code="incomplete")
    return parts


def _route(referral: Referral, version: ConsensusVersion, when: datetime) -> None:
    age = referral.subject.age_on(when.astimezone(LONDON).date())
    referral.subject_group = SubjectGroup.CHILD if age < CHILD_UNDER else SubjectGroup.ADULT
    responsible = consensus_responsible_for(version, stage=Stage.SCREENING, subject_group=referral.subject_group)
    referral.routed_team = responsible.team if responsible else None
    referral.routed_role = responsible.role if responsible else ""
    due = consensus_decision_due_at(version, when)
    referral.decision_due_at = min(due, when + IMMEDIATE_RISK_DUE) if referral.immediate_risk else due


@transaction.atomic
def referral_submit(*, referral: Referral, actor_membership: Membership, at: datetime | None = None) -> Referral:
    """Submit a complete draft, in one transaction: pin the agreement in force, decide child or adult, route to
    the responsible team, set the decision due time, give the reference, run the duplicate check, record the
    transition and audit it, and e-mail the responsible team after commit (not for a backdated ``at``).
    Submitting twice returns the referral.
    """
    referral = lock_referral(referral, actor_membership, A.SUBMIT)
    if referral.status == ReferralStatus.SUBMITTED:
        return referral
    transition = transitions.transition_for(referral.status, ReferralStatus.SUBMITTED)
    when = moment(at)
    version = version_in_force(referral.authority_id)
    parts = _check_complete(referral, version, when)
    _route(referral, version, when)
    referral.status, referral.submitted_at, referral.consensus_version = ReferralStatus.SUBMITTED, when, version
    referral.reference = reference_next(authority=referral.authority, kind=REFERRAL, when=when)
    referral.save(update_fields=["status", "submitted_at", "consensus_version", "reference", "subject_group",
                                 "routed_team", "routed_role", "decision_due_at", "updated_at"])
    for field, items in parts.items():
        getattr(referral, field).set(items)
    matches = duplicate_check_run(referral=referral)
    record_transition(referral=referral, transition=transition, from_status=ReferralStatus.DRAFT,
                      actor_membership=actor_membership, at=when, version=version, backdated_at=at, data={
                          "subject_group": referral.subject_group, "routed_team_id": referral.routed_team_id,
                          "routed_role": referral.routed_role, "decision_due_at": referral.decision_due_at,
                          "immediate_risk": referral.immediate_risk,
                          "duplicates": {"likely": sum(match.likely_same_person for match in matches),
                                         "related": sum(not match.likely_same_person for match in matches)}})
    if at is None:  # a backdated submission records history (seed_demo): it is no news to anyone now
        notify_on_commit(referral, "referral_submitted", routed_recipients(referral))
    return referral
