"""Reads for the dashboard's own lists: the reviews and the interventions behind its numbers, chosen exactly as the
figures count them (reports.figures) and starting from the same policies, so each list has as many rows as the
number that links to it. Each list is two queries (the count and the page) plus, for interventions, the
agreement's lapse weeks."""

from datetime import date, timedelta

from django.db.models import QuerySet

from accounts.models import Membership
from cases.lapsing import lapse_weeks_in_force, lapsed_q
from cases.models import InterventionStatus
from reports import figures
from reports.periods import ReportFilters


def review_list_for(membership: Membership, filters: ReportFilters, *, state: str) -> QuerySet:
    """Reviews waiting on the cases ``membership`` may see (of the team, when one is chosen): ``overdue`` or
    ``due_soon`` as the dashboard counts them; the most overdue first."""
    figures.require_dashboard(membership)
    today = filters.today
    reviews = figures.reviews_waiting(figures.cases_for(membership, filters))
    if state == "overdue":
        reviews = reviews.filter(due_on__lt=today)
    else:
        reviews = reviews.filter(due_on__gte=today, due_on__lt=today + timedelta(days=figures.REVIEWS_DUE_DAYS))
    return reviews.select_related("case", "case__team", "case__lead_worker").order_by("due_on", "pk")


def intervention_list_for(membership: Membership, filters: ReportFilters, *, state: str, kind: str = "",
                          outcome: str = "", ended_from: date | None = None,
                          ended_to: date | None = None) -> tuple[QuerySet, int | None]:
    """Interventions on the cases ``membership`` may see, as the dashboard counts them: ``active``, ``lapsed`` (on
    the agreement's lapse weeks, returned too) or ``ended`` between ``ended_from`` and ``ended_to`` with
    ``outcome``; of one ``kind`` when given."""
    figures.require_dashboard(membership)
    interventions = figures.interventions_of(figures.cases_for(membership, filters))
    weeks = lapse_weeks_in_force(membership.authority_id)
    if state == "lapsed":
        interventions = interventions.filter(lapsed_q(weeks, filters.today))
    elif state == "ended":
        interventions = interventions.filter(status=InterventionStatus.ENDED)
        if ended_from:
            interventions = interventions.filter(end_on__gte=ended_from)
        if ended_to:
            interventions = interventions.filter(end_on__lte=ended_to)
        if outcome:
            interventions = interventions.filter(outcome=outcome)
    else:
        interventions = interventions.filter(status=InterventionStatus.ACTIVE)
    if kind:
        interventions = interventions.filter(kind=kind)
    return (interventions.select_related("case", "case__team", "case__lead_worker")
            .order_by("last_or_start", "start_on", "pk"), weeks)
