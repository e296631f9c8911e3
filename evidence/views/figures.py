"""The figures pages: the authority's own (exact, for its leads and managers) and the pooled figures of the
sharing authorities (after disclosure control)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.services._common import today
from evidence import permissions
from evidence.figures import authority_figures, pooled_figures
from evidence.services import opted_in_authority_ids, sharing_for
from evidence.views._common import allowed

A = permissions.EvidenceAction


@require_GET
@allowed(A.SEE_FIGURES)
def overview(request):
    figures = authority_figures(request.membership.authority, today())
    peak = max([month.referrals for month in figures.trend] + [1])
    return render(request, "evidence/overview.html", {"figures": figures, "peak": peak, "section": "overview"})


@require_GET
@allowed(A.SEE_FIGURES)
def pooled(request):
    figures = pooled_figures(request.membership.authority_id, opted_in_authority_ids())
    return render(request, "evidence/pooled.html", {"pooled": figures, "section": "pooled",
                                                    "sharing": sharing_for(request.membership.authority_id)})
