"""Our agreement: the version in force, for everyone in the authority."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from consensus import permissions, selectors
from consensus.permissions import ConsensusAction as A
from consensus.views import display
from core.access import member_required


@require_GET
@member_required()
def agreement(request):
    version = selectors.consensus_current_for(request.membership.authority_id)
    context = {"version": version, "works_on_agreement": permissions.can(request.membership, A.VIEW_DRAFTS)}
    if version is not None:
        table = selectors.consensus_responsibility_table(version)
        context |= {
            "responsibilities": table,
            "pathway_exceptions": display.in_process_order(row for stage in table for row in stage["by_pathway"]),
            "indicator_groups": display.indicator_groups(version),
            "framework": display.framework(version),
            "sign_offs": display.sign_offs(version),
        }
    return render(request, "consensus/agreement_detail.html", context)
