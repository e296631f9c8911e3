"""Reads of cases, always starting from the policy's queryset (permissions.case_visible_to).

Missing and not visible are the same: ``DoesNotExist`` (a 404). Every list runs a fixed number of queries however
many rows it has: what each row needs is annotated or joined, never fetched row by row.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Capability
from cases import permissions
from cases.lapsing import lapse_weeks_in_force, lapsed_q
from cases.models import (
    SEE_RESTRICTED_CASE,
    WORK_ON_CASE,
    BreakGlassAccess,
    Case,
    CaseStatus,
    CaseUserObjectPermission,
    Closure,
    ClosureStatus,
    Intervention,
    Review,
)
from cases.services._common import today as london_today
from cases.services.lifecycle import CASEWORK_ROLES

_LIST_RELATED = ("subject", "team", "lead_worker")
# Statuses in which the assessment due date still matters.
_ASSESSING = (CaseStatus.OPEN, CaseStatus.ASSESSMENT)
# The value of ``lead_worker_id`` that asks for cases with no lead worker.
UNALLOCATED = 0
# The value of ``risk_level`` that asks for cases not assessed yet.
NOT_ASSESSED = "none"


def case_get_for_user(membership: Membership, case_id: int) -> Case:
    """One case with what its page shows loaded: the subject, team, lead worker and the referral it came from."""
    return (permissions.case_visible_to(membership)
            .select_related("subject", "team", "lead_worker", "opened_by", "consensus_version", "referral",
                            "referral__pathway")
            .get(pk=case_id))


def lapsed_interventions(lapse_weeks: int | None, today: date) -> QuerySet:
    """The lapsed interventions of the outer case (a subquery), by the rule of cases.lapsing."""
    return Intervention.objects.filter(lapsed_q(lapse_weeks, today), case=OuterRef("pk"))


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_due(cases: QuerySet, *, authority_id: int, today: date | None = None) -> QuerySet:
    """Annotate ``cases`` (of one authority) with what is due: ``review_due_on`` (the earliest review waiting,
    scheduled or after closure), ``lapsed_interventions`` (how many, on the lapse weeks of the authority's
    agreement in force), ``closure_pending`` (a proposal waiting for a decision); and alias ``due_sort`` (the
    earlier of the review and, while the case is open or in assessment, the assessment due date) to order by.
    One query to read the lapse weeks; the rest is in the cases' query."""
    today = today or london_today()
    waiting = (Review.objects.filter(case=OuterRef("pk"), held_on__isnull=True, cancelled=False)
               .order_by("due_on", "pk").values("due_on")[:1])
    pending = Closure.objects.filter(case=OuterRef("pk"), status=ClosureStatus.PROPOSED)
    cases = cases.annotate(
        review_due_on=Subquery(waiting, output_field=DateField()),
        lapsed_interventions=_count(lapsed_interventions(lapse_weeks_in_force(authority_id), today)),
        closure_pending=Exists(pending),
    )
    assessment_due = Choose(When(status__in=_ASSESSING, then=F("assessment_due_on")), default=None,
                           output_field=DateField())
    never = Value(date.max, output_field=DateField())
    return cases.alias(due_sort=Least(Coalesce("review_due_on", never), Coalesce(assessment_due, never),
                                      output_field=DateField()))


def caseload_for(membership: Membership, *, today: date | None = None) -> QuerySet:
    """The cases ``membership``'s user leads (holds ``work_on_case`` on), not closed or with a review after
    closure still waiting, soonest due first, each with ``assessment_due_on``, ``review_due_on``,
    ``lapsed_interventions`` and ``closure_pending`` (see ``with_due``). Two queries (the lapse weeks, the cases)."""
    leads = CaseUserObjectPermission.objects.filter(content_object=OuterRef("pk"), user_id=membership.user_id,
                                                    permission__codename=WORK_ON_CASE)
    cases = with_due(permissions.case_visible_to(membership).filter(Exists(leads)),
                     authority_id=membership.authority_id, today=today)
    cases = cases.filter(~Q(status=CaseStatus.CLOSED) | Q(review_due_on__isnull=False))
    return cases.select_related(*_LIST_RELATED).order_by("due_sort", "opened_at", "pk")


def case_list_for(membership: Membership, *, status: str | Iterable[str] | None = None, team_id: int | None = None,
                  risk_level: str | Iterable[str] | None = None, lead_worker_id: int | None = None,
                  today: date | None = None) -> QuerySet:
    """The cases ``membership`` may see (for a lead or manager, every case of the authority that is not
    restricted, or that they may see), newest first, annotated as ``with_due`` does. One query.

    ``status``: one status or several. ``team_id``: the case's team. ``risk_level``: one level or several, or
    NOT_ASSESSED ("none") for cases with no assessment yet. ``lead_worker_id``: a user id, or UNALLOCATED (0)
    for cases with no lead worker. Two queries (the lapse weeks, the cases)."""
    cases = permissions.case_visible_to(membership)
    if status:
        cases = cases.filter(status__in=[status] if isinstance(status, str) else list(status))
    if team_id is not None:
        cases = cases.filter(team_id=team_id)
    if risk_level:
        levels = [risk_level] if isinstance(risk_level, str) else list(risk_level)
        cases = cases.filter(risk_level__in=["" if level == NOT_ASSESSED else level for level in levels])
    if lead_worker_id == UNALLOCATED:
        cases = cases.filter(lead_worker__isnull=True)
    elif lead_worker_id is not None:
        cases = cases.filter(lead_worker_id=lead_worker_id)
    cases = with_due(cases, authority_id=membership.authority_id, today=today)
    return cases.select_related(*_LIST_RELATED).order_by("-opened_at", "pk")


def closures_awaiting(membership: Membership) -> QuerySet:
    """Closure proposals waiting for a decision that ``membership`` may make: on cases they may see, proposed by
    someone else; oldest first. Empty for anyone who cannot approve closures. One query."""
    if not membership.can(Capability.APPROVE_CLOSURE):
        return Closure.objects.none()
    return (Closure.objects.filter(status=ClosureStatus.PROPOSED,
                                   case__in=permissions.case_visible_to(membership))
            .exclude(proposed_by_id=membership.user_id)
            .select_related("case", "case__subject", "case__lead_worker", "proposed_by")
            .order_by("proposed_at", "pk"))


def break_glass_recent(membership: Membership, days: int = 7, *, case_id: int | None = None) -> QuerySet:
    """Break-glass accesses to the authority's cases that started in the last ``days`` days (of one case, when
    ``case_id`` is given), newest first, each with its ``user``, its ``case`` (show the reference only: the
    reader may not see a restricted case) and ``is_active`` (not expired yet). Leads and managers see every one,
    their own included, so that each break-glass is seen by the others; anyone else sees none. One query."""
    if not membership.is_active or not membership.can(Capability.SEE_ALL_CASES):
        return BreakGlassAccess.objects.none()
    now = timezone.now()
    accesses = BreakGlassAccess.objects.filter(authority_id=membership.authority_id,
                                               started_at__gte=now - timedelta(days=days))
    if case_id is not None:
        accesses = accesses.filter(case_id=case_id)
    return (accesses.annotate(is_active=ExpressionWrapper(Q(expires_at__gt=now), output_field=BooleanField()))
            .select_related("user", "case").order_by("-started_at", "-pk"))


def case_assignable_members(membership: Membership) -> QuerySet:
    """The people who can lead a case or be given named access: active practitioners, leads and managers of the
    authority (the choices of the assignment and access forms)."""
    return (Membership.objects.filter(authority_id=membership.authority_id, is_active=True, role__in=CASEWORK_ROLES)
            .select_related("user", "team").order_by("user__last_name", "user__first_name", "user__username"))


def case_named_access(membership: Membership, case: Case) -> QuerySet:
    """The users given named access to ``case`` (``see_restricted_case``), for whoever may manage it."""
    permissions.require(membership, permissions.CaseAction.RESTRICT, case)
    return (CaseUserObjectPermission.objects.filter(content_object=case, permission__codename=SEE_RESTRICTED_CASE)
            .select_related("user").order_by("user__last_name", "user__first_name", "user__username"))


def review_get_for_user(membership: Membership, case_id: int, review_id: int) -> Review:
    """One review of a case ``membership`` may see (DoesNotExist otherwise), with its case."""
    return (Review.objects.filter(case__in=permissions.case_visible_to(membership), case_id=case_id)
            .select_related("case", "held_by").get(pk=review_id))


def closure_get_for_user(membership: Membership, case_id: int, closure_id: int) -> Closure:
    """One closure proposal of a case ``membership`` may see (DoesNotExist otherwise), with its case."""
    return (Closure.objects.filter(case__in=permissions.case_visible_to(membership), case_id=case_id)
            .select_related("case", "proposed_by", "decided_by").get(pk=closure_id))


def break_glass_reference(membership: Membership, case_id: int) -> str | None:
    """The reference of a restricted case of ``membership``'s authority that they may break glass into, else None.
    Only the reference: the break-glass page must tell them nothing else about the case."""
    if not membership.can(Capability.SEE_ALL_CASES):
        return None
    return (Case.objects.filter(authority_id=membership.authority_id, pk=case_id, restricted=True)
            .values_list("reference", flat=True).first())
