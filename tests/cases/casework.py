"""Helpers for the casework tests (assessments, interventions, court applications, challenges, notes, chronology).

``assign``, ``restrict_for``, ``start_support``, ``start_review`` and ``close`` reach a state through the lifecycle
services. ``grant``, ``set_status`` and ``opened_days_ago`` set state directly, with scopes disabled: for a state
the services cannot reach (an older opening date), or where a test needs no more than the state."""

import datetime as dt

from django.utils import timezone
from django_scopes import scopes_disabled
from guardian.shortcuts import assign_perm

from audit.models import AuditEvent
from cases.models import WORK_ON_CASE, Case, CaseStatus
from cases.services import (
    assessment_record,
    case_assign,
    case_grant_access,
    case_set_restricted,
    case_start_review,
    case_start_support,
    closure_decide,
    closure_propose,
    intervention_add,
)
from cases.services._common import today
from core.tenancy import authority_scope

# The starter agreement's framework (consensus/starter.py), rated on a 0 to 3 scale.
FACTORS = ("grievance_and_belonging", "exposure", "justification", "stated_intent", "means", "skills")


def days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def grant(case: Case, membership, codename: str = WORK_ON_CASE, *, lead: bool = True) -> None:
    """Give ``membership`` an object grant on ``case`` (and make them its lead worker, for work_on_case)."""
    with scopes_disabled():
        assign_perm(codename, membership.user, Case.objects.get(pk=case.pk))
        if codename == WORK_ON_CASE and lead:
            Case.objects.filter(pk=case.pk).update(lead_worker=membership.user)


def assign(case: Case, membership, by) -> None:
    """Make ``membership`` the case's lead worker (``by``, a lead or manager, assigns them)."""
    with authority_scope(by.authority_id):
        case_assign(case=case, actor_membership=by, lead_worker_id=membership.user_id)


def restrict_for(case: Case, membership, by) -> None:
    """Restrict ``case`` (``by`` keeps named access) and give ``membership`` named access: they see the case but
    do not work on it."""
    with authority_scope(by.authority_id):
        case_set_restricted(case=case, actor_membership=by, restricted=True, reason="A relative works here.")
        case_grant_access(case=case, actor_membership=by, user_id=membership.user_id)


def start_support(case: Case, lead) -> Case:
    """``case`` in support (assessed first when it is open)."""
    if fresh_status(case) == CaseStatus.OPEN:
        assess(case, lead)
    with authority_scope(lead.authority_id):
        return case_start_support(case=case, actor_membership=lead)


def start_review(case: Case, lead) -> Case:
    start_support(case, lead)
    with authority_scope(lead.authority_id):
        return case_start_review(case=case, actor_membership=lead)


def close(case: Case, lead, manager) -> None:
    """Close ``case``: ``lead`` proposes and ``manager`` approves (every intervention must have ended)."""
    with authority_scope(lead.authority_id):
        closure = closure_propose(case=case, actor_membership=lead, reason="vulnerability_reduced",
                                  summary="The support plan achieved its aims.")
        closure_decide(closure=closure, actor_membership=manager, approve=True)


def fresh_status(case: Case) -> str:
    with scopes_disabled():
        return Case.objects.values_list("status", flat=True).get(pk=case.pk)


def set_status(case: Case, status: str) -> None:
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(
            status=status, closed_at=timezone.now() if status == CaseStatus.CLOSED else None)


def opened_days_ago(case: Case, days: int) -> None:
    """Pretend the case was opened ``days`` days ago, so records can be dated before today."""
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - dt.timedelta(days=days))


def scores(level: int = 1, **overrides) -> dict[str, int]:
    return {**dict.fromkeys(FACTORS, level), **overrides}


def assess(case, membership, *, on: dt.date | None = None, risk: str = "medium", level: int = 1, **overrides):
    with authority_scope(membership.authority_id):
        return assessment_record(case=case, actor_membership=membership, assessed_on=on or today(),
                                 ratings=scores(level, **overrides), summary="Engaging with the mentor.",
                                 plan="Weekly mentoring and a family meeting.", overall_risk=risk)


def add_intervention(case, membership, **overrides):
    values = {"kind": "mentoring", "provider": "Example Mentoring Ltd", "planned_sessions": 6,
              "start_on": days_ago(14)}
    values.update(overrides)
    with authority_scope(membership.authority_id):
        return intervention_add(case=case, actor_membership=membership, **values)


def assessed_case(case, membership):
    """``case`` in assessment, through a first assessment by ``membership``."""
    assess(case, membership)
    return case


def counts(*models) -> tuple[int, ...]:
    """Rows of each model and audit events (to show a refused call wrote nothing)."""
    with scopes_disabled():
        return (*(model.objects.count() for model in models), AuditEvent.objects.count())


def last_audit(action: str) -> AuditEvent:
    with scopes_disabled():
        return AuditEvent.objects.filter(action=action).latest("id")
