"""The case lifecycle: the lead worker and team, the moves a worker asks for (start the assessment, the support
plan, a review) and reopening a closed case. Closing is closure.py's; the moves a review makes are reviews.py's.

The lead worker's object grant (``work_on_case``) is given and taken here, in the same transaction as the
assignment and its audit event, so losing the assignment loses the case at once."""

from datetime import datetime
from types import EllipsisType

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Membership, Team
from accounts.roles import Capability, Role, role_can
from audit.services import audit_record
from cases import permissions, transitions
from cases.models import WORK_ON_CASE, Assessment, Case, CaseStatus, ReviewKind
from cases.models.choices import REASON_MAX
from cases.services._common import backdated, local_date, lock_case, moment, version_in_force
from cases.services.reviews import (
    cancel_pending_reviews,
    review_schedule,
    reviews_waiting,
    schedule_first_review,
    set_next_review,
)
from consensus.working_days import add_working_days
from core.exceptions import FieldErrors, InvalidTransition

__all__ = [
    "CASEWORK_ROLES", "case_assign", "case_reopen", "case_start_assessment", "case_start_review",
    "case_start_support", "casework_member", "lock_for_move", "reopen_locked",
]

A = permissions.CaseAction
S = CaseStatus
WORK_PERM = f"cases.{WORK_ON_CASE}"
# The roles whose members may lead a case or be given named access to one: those who record casework.
CASEWORK_ROLES = tuple(role for role in Role.values if role_can(role, Capability.RECORD_CASEWORK))


def as_id(value) -> int | None:
    """An id given as a number or as digits; anything else is None."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def casework_member(authority_id: int, user_id) -> Membership | None:
    """The active membership, in the authority, of the user ``user_id`` if their role records casework."""
    user_id = as_id(user_id)
    if user_id is None:
        return None
    return (Membership.objects.filter(authority_id=authority_id, user_id=user_id, is_active=True,
                                      role__in=CASEWORK_ROLES).select_related("user").first())


def clean_reason(errors: dict, value, *, field: str = "reason", missing: str, minimum: int = 1) -> str:
    """A required free-text reason, stripped; problems go into ``errors[field]``."""
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        errors[field] = [missing]
    elif len(value) < minimum:
        errors[field] = [f"Give a reason of at least {minimum} characters"]
    elif len(value) > REASON_MAX:
        errors[field] = [f"The reason must be {REASON_MAX:,} characters or fewer"]
    return value


def forget_grants(case: Case) -> Case:
    """Drop the policy's remembered grants on ``case`` after they change."""
    case.__dict__.pop("_grant_cache", None)
    return case


@transaction.atomic
def case_assign(*, case: Case, actor_membership: Membership, lead_worker_id: int | None,
                team_id: int | None | EllipsisType = ..., at: datetime | None = None) -> Case:
    """Choose the lead worker (a practitioner, lead or manager of the authority; None: nobody) and, when
    ``team_id`` is given, the team (None: no team). The previous lead worker's ``work_on_case`` grant is removed
    and the new one's given, so the case leaves one caseload and joins the other at once. Nothing changed: nothing
    is written."""
    case = lock_case(case, actor_membership, A.ASSIGN)
    errors = {}
    worker = None
    if lead_worker_id is not None:
        worker = casework_member(case.authority_id, lead_worker_id)
        if worker is None:
            errors["lead_worker"] = ["Choose a practitioner, safeguarding lead or manager in your authority"]
    new_team_id = case.team_id
    if team_id is not ...:
        new_team_id = None
        if team_id is not None:
            new_team_id = Team.objects.filter(authority_id=case.authority_id, pk=as_id(team_id) or 0) \
                .values_list("pk", flat=True).first()
            if new_team_id is None:
                errors["team"] = ["Choose a team in your authority"]
    if errors:
        raise FieldErrors(errors)
    moment(at)
    old_worker_id, old_team_id = case.lead_worker_id, case.team_id
    new_worker_id = worker.user_id if worker else None
    if (old_worker_id, old_team_id) == (new_worker_id, new_team_id):
        return case
    if new_worker_id != old_worker_id:
        if old_worker_id is not None:
            remove_perm(WORK_PERM, case.lead_worker, case)
        if worker is not None:
            assign_perm(WORK_PERM, worker.user, case)
    case.lead_worker_id, case.team_id = new_worker_id, new_team_id
    case.save(update_fields=["lead_worker", "team", "updated_at"])
    audit_record(action="cases.case.assigned", actor=actor_membership.user, target=case,
                 data={"reference": case.reference,
                       "old": {"lead_worker_id": old_worker_id, "team_id": old_team_id},
                       "new": {"lead_worker_id": new_worker_id, "team_id": new_team_id}, **backdated(at)})
    return forget_grants(case)


def lock_for_move(case: Case | int, actor_membership: Membership, target: str,
                  expected: transitions.Transition) -> tuple[Case, bool]:
    """Lock ``case`` for the move ``expected`` to ``target``: not visible is DoesNotExist (404); a move the table
    does not allow, or makes another way (a case in review returns to support by recording the review), is
    InvalidTransition (409); a user who may not make it is PermissionDenied (403). Returns the case and whether it
    is in ``target`` already (the caller then changes nothing)."""
    case = lock_case(case, actor_membership, A.VIEW)
    already = case.status == target
    if not already and transitions.transition_for(case.status, target) is not expected:
        raise InvalidTransition(f"This case is {transitions.status_phrase(case.status)}: record the review to move "
                                "it on.")
    permissions.require(actor_membership, expected.action, case)
    return case, already


@transaction.atomic
def case_start_assessment(*, case: Case, actor_membership: Membership, at: datetime | None = None) -> Case:
    """Move an open case to assessment. Already in assessment: returned unchanged."""
    case, already = lock_for_move(case, actor_membership, S.ASSESSMENT, transitions.START_ASSESSMENT)
    if not already:
        transitions.case_move(case=case, to_status=S.ASSESSMENT, actor_membership=actor_membership, at=moment(at),
                              backdated_at=at)
    return case


@transaction.atomic
def case_start_support(*, case: Case, actor_membership: Membership, at: datetime | None = None) -> Case:
    """Move a case in assessment to support. It needs an assessment. The first review is scheduled (today plus the
    agreement's review interval) unless one is already waiting. Already in support: returned unchanged."""
    case, already = lock_for_move(case, actor_membership, S.SUPPORT, transitions.START_SUPPORT)
    if already:
        return case
    if not Assessment.objects.filter(case=case).exists():
        raise InvalidTransition("Record an assessment before starting the support plan.")
    when = moment(at)
    transitions.case_move(case=case, to_status=S.SUPPORT, actor_membership=actor_membership, at=when,
                          backdated_at=at)
    schedule_first_review(case=case, actor_membership=actor_membership, when=when, at=at)
    return case


@transaction.atomic
def case_start_review(*, case: Case, actor_membership: Membership, at: datetime | None = None) -> Case:
    """Move a case in support to review (a review is due or being held). When no scheduled review is waiting to be
    recorded, one due today is added, so there is a review to record. Already in review: returned unchanged."""
    case, already = lock_for_move(case, actor_membership, S.REVIEW, transitions.START_REVIEW)
    if already:
        return case
    when = moment(at)
    transitions.case_move(case=case, to_status=S.REVIEW, actor_membership=actor_membership, at=when,
                          backdated_at=at)
    if not reviews_waiting(case, [ReviewKind.SCHEDULED]).exists():
        review = review_schedule(case=case, actor_membership=actor_membership, kind=ReviewKind.SCHEDULED,
                                 due_on=local_date(when), at=at)
        set_next_review(case, review.due_on)
    return case


def reopen_locked(*, case: Case, actor_membership: Membership, when: datetime, reason: str,
                  at: datetime | None = None, data: dict | None = None) -> Case:
    """Reopen ``case`` (locked and checked by the caller): closed -> open, one more reopening, the closure date and
    reason cleared, a new assessment due date from the agreement in force, and the reviews after closure still
    waiting cancelled."""
    days = version_in_force(case.authority_id).timescales.assessment_working_days
    case.closed_at, case.closure_reason = None, ""
    case.times_reopened += 1
    case.assessment_due_on = local_date(add_working_days(when, days))
    case.next_review_on = None
    transitions.case_move(case=case, to_status=S.OPEN, actor_membership=actor_membership, at=when, reason=reason,
                          backdated_at=at, data={"times_reopened": case.times_reopened, **(data or {})},
                          also_save=("closed_at", "closure_reason", "times_reopened", "assessment_due_on",
                                     "next_review_on"))
    cancel_pending_reviews(case=case, actor_membership=actor_membership, why="The case was reopened.", at=at)
    return case


@transaction.atomic
def case_reopen(*, case: Case, actor_membership: Membership, reason: str, at: datetime | None = None) -> Case:
    """Reopen a closed case (a lead or manager), with a reason."""
    case, _ = lock_for_move(case, actor_membership, S.OPEN, transitions.REOPEN)
    if case.status == S.OPEN:
        raise InvalidTransition("This case is open already.")
    errors = {}
    reason = clean_reason(errors, reason, missing="Say why the case needs to reopen")
    if errors:
        raise FieldErrors(errors)
    return reopen_locked(case=case, actor_membership=actor_membership, when=moment(at), reason=reason, at=at)
