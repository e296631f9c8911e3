"""Closing a case: the lead worker (or a lead) proposes it with a reason and a summary; a safeguarding lead or
manager other than the proposer approves or declines it. A case with interventions still planned or running
cannot close, and the message names each of them.

Approval closes the case, cancels the scheduled reviews still waiting and schedules the two reviews after
closure (reviews.py)."""

from datetime import datetime

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from cases import permissions, transitions
from cases.models import (
    OPEN_INTERVENTION_STATUSES,
    Case,
    CaseStatus,
    Closure,
    ClosureReason,
    ClosureStatus,
    Intervention,
    InterventionStatus,
)
from cases.models.choices import REASON_MAX, SUMMARY_MAX
from cases.services._common import backdated, local_date, lock_case, moment
from cases.services.reviews import cancel_pending_reviews, long_date, schedule_post_closure_reviews
from core.exceptions import FieldErrors, InvalidTransition, PermissionDenied

__all__ = ["closure_decide", "closure_propose", "open_interventions_error"]

A = permissions.CaseAction


def _describe(intervention: Intervention, today) -> str:
    start = long_date(intervention.start_on)
    if intervention.status == InterventionStatus.PLANNED and intervention.start_on > today:
        return f"{intervention} (starts {start})"
    return f"{intervention} (started {start})"


def open_interventions_error(case: Case, today) -> list[str]:
    """The message refusing closure while interventions are planned or running, naming each; empty when none."""
    running = list(Intervention.objects.filter(case=case, status__in=OPEN_INTERVENTION_STATUSES)
                   .order_by("start_on", "pk"))
    if not running:
        return []
    return [f"End these interventions first: {'; '.join(_describe(item, today) for item in running)}"]


def _require_closable(case: Case) -> None:
    if case.is_closed:
        raise InvalidTransition("This case is closed already.")


@transaction.atomic
def closure_propose(*, case: Case, actor_membership: Membership, reason: str, summary: str,
                    at: datetime | None = None) -> Closure:
    """Propose closing a case that is not closed and has no proposal waiting: a reason from the list and a summary
    of the work. Refused while any intervention is planned or running."""
    case = lock_case(case, actor_membership, A.VIEW)
    _require_closable(case)
    permissions.require(actor_membership, A.PROPOSE_CLOSURE, case)
    if Closure.objects.filter(case=case, status=ClosureStatus.PROPOSED).exists():
        raise InvalidTransition("A closure of this case is waiting for approval already.")
    when = moment(at)
    errors = {}
    if reason not in ClosureReason.values:
        errors["reason"] = ["Choose why the case can close"]
    summary = summary.strip() if isinstance(summary, str) else ""
    if not summary:
        errors["summary"] = ["Enter a summary of the work and why the case can close"]
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = [f"The summary must be {SUMMARY_MAX:,} characters or fewer"]
    if running := open_interventions_error(case, local_date(when)):
        errors["interventions"] = running
    if errors:
        raise FieldErrors(errors)
    closure = Closure.objects.create(authority_id=case.authority_id, case=case, reason=reason, summary=summary,
                                     proposed_by=actor_membership.user, proposed_at=when)
    audit_record(action="cases.closure.proposed", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "closure_id": closure.pk, "reason": reason, **backdated(at)})
    return closure


@transaction.atomic
def closure_decide(*, closure: Closure, actor_membership: Membership, approve: bool, note: str = "",
                   at: datetime | None = None) -> Closure:
    """Approve or decline a closure proposal: a safeguarding lead or manager who did not propose it. Declining
    needs a note saying what still has to happen. Approving closes the case (with the proposal's reason), cancels
    the scheduled reviews waiting and schedules the two reviews after closure."""
    case = lock_case(closure.case_id, actor_membership, A.VIEW)
    closure = Closure.objects.select_for_update().get(pk=closure.pk, case=case)
    if closure.status != ClosureStatus.PROPOSED:
        raise InvalidTransition(f"This closure has been decided already ({closure.get_status_display().lower()}).")
    _require_closable(case)
    permissions.require(actor_membership, A.APPROVE_CLOSURE, case)
    if closure.proposed_by_id == actor_membership.user_id:
        raise PermissionDenied("You proposed this closure, so another safeguarding lead or manager must decide it.")
    when = moment(at)
    errors = {}
    if not isinstance(approve, bool):
        errors["approve"] = ["Choose whether you approve closing the case"]
    note = note.strip() if isinstance(note, str) else ""
    if approve is False and not note:
        errors["note"] = ["Say what still has to happen before the case can close"]
    elif len(note) > REASON_MAX:
        errors["note"] = [f"The note must be {REASON_MAX:,} characters or fewer"]
    if approve is True and (running := open_interventions_error(case, local_date(when))):
        errors["interventions"] = running
    if errors:
        raise FieldErrors(errors)
    closure.status = ClosureStatus.APPROVED if approve else ClosureStatus.DECLINED
    closure.decided_by, closure.decided_at, closure.decision_note = actor_membership.user, when, note
    closure.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    if not approve:
        audit_record(action="cases.closure.declined", actor=actor_membership.user, target=case,
                     data={"reference": case.reference, "closure_id": closure.pk, "note": note, **backdated(at)})
        return closure
    case.closed_at, case.closure_reason = when, closure.reason
    transitions.case_move(case=case, to_status=CaseStatus.CLOSED, actor_membership=actor_membership, at=when,
                          reason=closure.get_reason_display(), backdated_at=at, also_save=("closed_at",
                                                                                            "closure_reason"),
                          data={"closure_id": closure.pk, "closure_reason": closure.reason,
                                "proposed_by_id": closure.proposed_by_id})
    cancel_pending_reviews(case=case, actor_membership=actor_membership, why="The case was closed.", at=at)
    schedule_post_closure_reviews(case=case, actor_membership=actor_membership, closed_at=when, at=at)
    return closure
