"""The case page: read-only for now (reference, person, team, lead worker, status, the referral it came from).
Every view is recorded in the audit trail (``case_record_view``)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import Capability
from cases.models import Case
from cases.selectors import case_get_for_user
from cases.services import case_record_view
from core.access import member_required
from referrals import permissions as referral_permissions


@require_GET
@member_required(Capability.RECORD_CASEWORK)
def case_detail(request, case_id):
    try:
        case = case_get_for_user(request.membership, case_id)
    except Case.DoesNotExist:
        raise Http404 from None
    case_record_view(case=case, actor_membership=request.membership)
    referral_visible = referral_permissions.can(request.membership, referral_permissions.ReferralAction.VIEW,
                                                case.referral)
    return render(request, "cases/case_detail.html", {"case": case, "referral_visible": referral_visible})
