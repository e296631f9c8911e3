"""The authority dashboard (/dashboard/) for safeguarding leads and managers, and its own lists of the reviews and
interventions behind its numbers. Practitioners' own dashboard is on the home page (reports.home).

The dashboard shows counts, never a person's details, so viewing it is not recorded in the audit trail (as with
the referral and case lists); opening a record from a list is.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import Capability
from accounts.selectors import team_list
from consensus.models import ConcernType, VersionStatus
from core.access import member_required
from reports.figures import dashboard_figures
from reports.forms import (
    INTERVENTION_STATES,
    REVIEW_STATES,
    DashboardFilterForm,
    InterventionListFilters,
    ReviewListFilters,
)
from reports.page import dashboard_page
from reports.periods import report_filters
from reports.selectors import intervention_list_for, review_list_for

PAGE_SIZE = 50
# Each chart's name in the download address, and the part of the page it belongs to.
CHARTS = {"decisions-by-response": "pathways", "concern-types": "concern_types", "referrer-sectors": "sectors",
          "age-bands": "age_bands", "genders": "genders", "open-cases-by-risk": "risk",
          "open-cases-by-stage": "stages", "interventions-achieved": "interventions", "monthly-trends": "trends"}


def current_concern_codes(authority_id: int) -> set[str]:
    """The concern type codes of the agreement in force: the referral list's filter offers only those."""
    return set(ConcernType.objects.filter(version__authority_id=authority_id,
                                          version__status=VersionStatus.PUBLISHED).values_list("code", flat=True))


def _dashboard(request) -> dict:
    """The filter form, the filters it gives (None when a date needs correcting) and, with them, the page."""
    membership, now = request.membership, timezone.now()
    form = DashboardFilterForm(request.GET, teams=list(team_list(membership)), today=timezone.localdate(now))
    filters = form.report_filters(at=now)
    context = {"form": form, "filters": filters}
    if filters is not None:
        figures = dashboard_figures(membership, filters)
        context.update(dashboard_page(figures, filters, current_concern_codes(membership.authority_id)))
    return context


@require_GET
@member_required(Capability.AUTHORITY_DASHBOARD)
def dashboard(request):
    context = _dashboard(request)
    if context["filters"] is not None:
        context["download_query"] = request.GET.urlencode()
    return render(request, "reports/dashboard.html", context)


@require_GET
@member_required(Capability.AUTHORITY_DASHBOARD)
def chart_download(request, name: str):
    """One chart of the dashboard, for the same filters, as an SVG file to keep or put in a report. The file name
    says what it shows and when, never who."""
    if name not in CHARTS:
        raise Http404("No such chart")
    context = _dashboard(request)
    if context["filters"] is None:
        raise Http404("Correct the filters on the dashboard first")
    period = context["filters"].period
    response = HttpResponse(context[CHARTS[name]]["chart"], content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="threshold-{name}-{period.start:%Y%m%d}-'
                                       f'{period.end:%Y%m%d}.svg"')
    return response


def _list_filters(request, form_class):
    """The list's own filters, the dashboard's team (one of the authority's teams, else every team) and the way
    back to the dashboard for that team."""
    values = form_class(request.GET).values()
    team = next((team for team in team_list(request.membership) if team.pk == values.get("team")), None)
    back = reverse("reports:dashboard") + (f"?team={team.pk}" if team else "")
    return values, report_filters(team=team), back


@require_GET
@member_required(Capability.AUTHORITY_DASHBOARD)
def review_list(request):
    values, filters, back = _list_filters(request, ReviewListFilters)
    state = values.get("state", "overdue")
    reviews = review_list_for(request.membership, filters, state=state)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/review_list.html", {
        "page": page, "filters": filters, "state": state, "state_label": dict(REVIEW_STATES)[state],
        "back_href": back})


@require_GET
@member_required(Capability.AUTHORITY_DASHBOARD)
def intervention_list(request):
    values, filters, back = _list_filters(request, InterventionListFilters)
    state = values.pop("state", "active")
    values.pop("team", None)
    interventions, lapse_weeks = intervention_list_for(request.membership, filters, state=state, **values)
    page = Paginator(interventions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/intervention_list.html", {
        "page": page, "filters": filters, "state": state, "state_label": dict(INTERVENTION_STATES)[state],
        "values": values, "lapse_weeks": lapse_weeks, "today": filters.today, "back_href": back,
        "kind_label": dict(InterventionListFilters.base_fields["kind"].choices).get(values.get("kind")),
        "outcome_label": dict(InterventionListFilters.base_fields["outcome"].choices).get(values.get("outcome"))})
