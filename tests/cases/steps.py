"""Steps the lifecycle tests share: acting as someone (inside their authority's scope, as a request would), moving
a case along through the services, and rows the other cases services write (assessments, interventions), made
directly so these tests depend only on the lifecycle services."""

import datetime as dt

from django_scopes import scopes_disabled

from cases.models import (
    Assessment,
    Case,
    CaseUserObjectPermission,
    Closure,
    Intervention,
    InterventionStatus,
    Review,
)
from cases.services import (
    case_assign,
    case_start_assessment,
    case_start_support,
    closure_decide,
    closure_propose,
)
from cases.services._common import today
from consensus.models import Timescales
from core.tenancy import authority_scope
from tests.cases.conftest import fresh_case


def act(membership, service, **kwargs):
    """Call ``service`` as ``membership``, in its authority's scope."""
    with authority_scope(membership.authority_id):
        return service(actor_membership=membership, **kwargs)


def assign(case, lead, worker) -> Case:
    act(lead, case_assign, case=case, lead_worker_id=worker.user_id)
    return fresh_case(case)


def add_assessment(case, by, *, risk="medium") -> Assessment:
    with scopes_disabled():
        return Assessment.objects.create(
            authority_id=case.authority_id, case_id=case.pk, consensus_version_id=case.consensus_version_id,
            assessed_on=today(), assessed_by=by.user, summary="Engaging well at school.", plan="Mentoring.",
            overall_risk=risk)


def in_support(case, lead, worker=None) -> Case:
    """Assign ``worker`` (when given), start the assessment, record one and start the support plan."""
    if worker is not None:
        assign(case, lead, worker)
    act(lead, case_start_assessment, case=case)
    add_assessment(case, lead)
    act(lead, case_start_support, case=case)
    return fresh_case(case)


def add_intervention(case, by, *, status=InterventionStatus.ACTIVE, start_on=None, last_session_on=None,
                     provider="Example Mentoring Ltd", kind="mentoring", outcome="") -> Intervention:
    with scopes_disabled():
        return Intervention.objects.create(
            authority_id=case.authority_id, case_id=case.pk, kind=kind, provider=provider, planned_sessions=6,
            start_on=start_on or today(), last_session_on=last_session_on, status=status, outcome=outcome,
            end_on=(start_on or today()) if status == InterventionStatus.ENDED else None, created_by=by.user)


def propose(case, proposer, *, reason="vulnerability_reduced", at=None) -> Closure:
    return act(proposer, closure_propose, case=case, reason=reason,
               summary="Mentoring completed; the school reports no further concerns.", at=at)


def close(case, proposer, approver, *, at=None) -> Case:
    """Propose and approve the closure of ``case``."""
    closure = propose(case, proposer, at=at)
    act(approver, closure_decide, closure=closure, approve=True, at=at)
    return fresh_case(case)


def reviews_of(case) -> list[tuple[str, dt.date, bool, str]]:
    """(kind, due_on, cancelled, outcome) of every review of ``case``, earliest due first."""
    with scopes_disabled():
        return list(Review.objects.filter(case_id=case.pk).order_by("due_on", "pk")
                    .values_list("kind", "due_on", "cancelled", "outcome"))


def waiting_review(case, kind="scheduled") -> Review:
    with scopes_disabled():
        return Review.objects.get(case_id=case.pk, kind=kind, held_on__isnull=True, cancelled=False)


def grants_on(case) -> set[tuple[str, str]]:
    """(username, codename) of every object grant on ``case``."""
    with scopes_disabled():
        return set(CaseUserObjectPermission.objects.filter(content_object_id=case.pk)
                   .values_list("user__username", "permission__codename"))


def timescales_of(case) -> Timescales:
    with scopes_disabled():
        return Timescales.objects.get(version_id=case.consensus_version_id)
