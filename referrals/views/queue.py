"""The referrals list: the screening queue for safeguarding leads and managers (immediate risk first, then the
earliest due, with filters), and for practitioners the referrals they made or were given, with their status."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import Capability
from accounts.selectors import team_list
from consensus.selectors import consensus_current_for
from core.access import member_required
from referrals.forms import QueueFilterForm
from referrals.models import ReferralStatus
from referrals.selectors import referral_list_visible_to

PAGE_SIZE = 25
NOT_DRAFT = [status for status in ReferralStatus.values if status != ReferralStatus.DRAFT]


@require_GET
@member_required(Capability.SUBMIT_REFERRAL)
def referral_list(request):
    membership = request.membership
    screener = membership.can(Capability.SEE_ALL_REFERRALS)
    form = None
    if screener:
        form = QueueFilterForm(request.GET or None, teams=team_list(membership),
                               version=consensus_current_for(membership.authority_id))
    filters = form.filters() if form is not None else {"status": NOT_DRAFT}
    page = Paginator(referral_list_visible_to(membership, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/referral_list.html",
                  {"form": form, "page": page, "screener": screener, "now": timezone.now()})
