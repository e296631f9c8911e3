"""Deciding and withdrawing referrals."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts.models import Membership
from consensus.models import ConsensusVersion, Definition, ResponsePathway
from referrals import permissions, transitions
from referrals.models import Referral, ReferralStatus
from referrals.models.choices import RATIONALE_MAX, RATIONALE_MIN, REASON_MAX
from referrals.services._common import lock_referral, moment, record_transition, version_in_force
from referrals.signals import referral_decided
from referrals.validation import ReferralInputError

A = permissions.ReferralAction


def _clean_decision(version: ConsensusVersion, pathway_code: str, rationale: str,
                    definition_codes: Iterable[str]) -> tuple[ResponsePathway, str, list[Definition]]:
    errors = {}
    pathway = ResponsePathway.objects.filter(version=version, code=pathway_code or "").first() \
        if isinstance(pathway_code, str) else None
    if pathway is None:
        errors["pathway"] = ["Choose a response pathway from your authority's agreement."]
    rationale = rationale.strip() if isinstance(rationale, str) else ""
    if len(rationale) < RATIONALE_MIN:
        errors["rationale"] = [f"Explain the decision in at least {RATIONALE_MIN} characters."]
    elif len(rationale) > RATIONALE_MAX:
        errors["rationale"] = [f"The rationale must be {RATIONALE_MAX:,} characters or fewer."]
    codes = list(dict.fromkeys(code for code in (definition_codes or ()) if isinstance(code, str)))
    definitions = list(Definition.objects.filter(version=version, code__in=codes))
    if len(definitions) != len(codes):
        known = {definition.code for definition in definitions}
        errors["definitions_cited"] = [
            f"Not in the agreement in force: {', '.join(code for code in codes if code not in known)}."]
    if errors:
        raise ReferralInputError(errors)
    return pathway, rationale, definitions


@transaction.atomic
def referral_decide(*, referral: Referral, actor_membership: Membership, pathway_code: str, rationale: str,
                    definition_codes: Iterable[str] = (), at: datetime | None = None) -> Referral:
    """Decide a submitted or screening referral: a pathway of the agreement in force now, a rationale, and the
    definitions relied on. A pathway that opens a case opens it in the same transaction (cases app, through
    ``referral_decided``). Of two concurrent decisions the second finds the referral decided: InvalidTransition."""
    referral = lock_referral(referral, actor_membership, A.DECIDE)
    transition = transitions.transition_for(referral.status, ReferralStatus.DECIDED)
    version = version_in_force(referral.authority_id)
    pathway, rationale, definitions = _clean_decision(version, pathway_code, rationale, definition_codes)
    when, from_status = moment(at), referral.status
    referral.status, referral.decided_at, referral.decided_by = ReferralStatus.DECIDED, when, actor_membership.user
    referral.pathway, referral.decision_version, referral.rationale = pathway, version, rationale
    referral.save(update_fields=["status", "decided_at", "decided_by", "pathway", "decision_version", "rationale",
                                 "updated_at"])
    referral.definitions_cited.set(definitions)
    record_transition(referral=referral, transition=transition, from_status=from_status,
                      actor_membership=actor_membership, at=when, version=version, backdated_at=at,
                      data={"pathway": pathway.code, "opens_case": pathway.opens_case,
                            "definitions_cited": [definition.code for definition in definitions],
                            "pinned_version": referral.consensus_version.number})
    responses = referral_decided.send(sender=Referral, referral=referral, actor_membership=actor_membership, at=when)
    if pathway.opens_case and not any(case for _, case in responses):
        raise ImproperlyConfigured("The pathway opens a case, but no receiver of referral_decided opened one")
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, actor_membership: Membership, reason: str,
                      at: datetime | None = None) -> Referral:
    """Withdraw a draft (its author) or a submitted or screening referral (a lead or manager), with a reason.
    Already withdrawn: returned unchanged."""
    referral = lock_referral(referral, actor_membership, A.WITHDRAW)
    if referral.status == ReferralStatus.WITHDRAWN:
        return referral
    transition = transitions.transition_for(referral.status, ReferralStatus.WITHDRAWN)
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise ReferralInputError({"reason": ["Say why the referral is being withdrawn."]})
    if len(reason) > REASON_MAX:
        raise ReferralInputError({"reason": [f"The reason must be {REASON_MAX:,} characters or fewer."]})
    when, from_status = moment(at), referral.status
    referral.status, referral.withdrawn_at, referral.withdrawn_reason = ReferralStatus.WITHDRAWN, when, reason
    referral.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    record_transition(referral=referral, transition=transition, from_status=from_status,
                      actor_membership=actor_membership, at=when, version=referral.consensus_version,
                      reason=reason, backdated_at=at)
    return referral
