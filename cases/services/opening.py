"""Every write to cases."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from audit.services import audit_record
from cases import permissions
from cases.models import Case, CaseStatus, CaseTransition
from cases.services._common import local_date
from consensus.models import Stage
from consensus.selectors import consensus_responsible_for
from consensus.working_days import add_working_days
from core.exceptions import InvalidTransition
from referrals.models import Referral, ReferralStatus
from referrals.references import CASE, reference_next


@transaction.atomic
def case_open_from_referral(*, referral: Referral, actor_membership: Membership,
                            at: datetime | None = None) -> Case:
    """Open the case a decision calls for: same subject, the agreement's case-lead team for the pathway and the
    subject group, status open, no lead worker yet, the assessment due the agreement's assessment timescale
    (working days) after opening. Called by the decision, inside its transaction (through the
    ``referral_decided`` signal); a referral has at most one case, so calling it again returns that case."""
    permissions.require(actor_membership, permissions.CaseAction.OPEN)
    if referral.authority_id != actor_membership.authority_id:
        raise Referral.DoesNotExist("No such referral in this authority")
    existing = Case.objects.filter(referral=referral).first()
    if existing is not None:
        return existing
    if referral.status != ReferralStatus.DECIDED or not referral.pathway.opens_case:
        raise InvalidTransition("Only a decision whose pathway opens a case can open one.")
    when = at or timezone.now()
    version = referral.decision_version
    responsible = consensus_responsible_for(version, stage=Stage.CASE_LEAD, subject_group=referral.subject_group,
                                            pathway_code=referral.pathway.code)
    case = Case.objects.create(
        authority_id=referral.authority_id, subject_id=referral.subject_id, referral=referral,
        reference=reference_next(authority=referral.authority, kind=CASE, when=when),
        team=responsible.team if responsible else None, status=CaseStatus.OPEN, opened_at=when,
        opened_by=actor_membership.user, consensus_version=version,
        assessment_due_on=local_date(add_working_days(when, version.timescales.assessment_working_days)))
    CaseTransition.objects.create(authority_id=case.authority_id, case=case, from_status="",
                                  to_status=CaseStatus.OPEN, actor=actor_membership.user,
                                  reason=f"Decision on {referral.reference}: {referral.pathway.label}",
                                  consensus_version=version, at=when)
    audit_record(action="cases.case.opened", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "referral": referral.reference, "pathway": referral.pathway.code,
                       "team_id": case.team_id, "consensus_version": version.number,
                       "assessment_due_on": case.assessment_due_on.isoformat(),
                       "new": {"status": CaseStatus.OPEN}})
    return case


@transaction.atomic
def case_record_view(*, case: Case, actor_membership: Membership) -> None:
    """Audit that ``actor_membership`` viewed ``case`` (its page). Call it with the read."""
    permissions.require(actor_membership, permissions.CaseAction.VIEW, case)
    audit_record(action="cases.case.viewed", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "status": case.status})
