"""The list of cases: "My caseload" for a practitioner (the cases they lead, with what is due, the most urgent
first), and for safeguarding leads and managers every case they may see, with filters, the closures waiting for
their approval and recent break-glass access to restricted cases.

The list is not recorded in the audit trail: it shows each case's reference, the person's name and what is due,
not what is in the case, and opening a case from it is recorded (``case_record_view``). The referrals queue works
the same way."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import Capability
from accounts.selectors import team_list
from cases.forms.lifecycle import CaseFilterForm
from cases.selectors import (
    break_glass_recent,
    case_assignable_members,
    case_list_for,
    caseload_for,
    closures_awaiting,
)
from core.access import member_required

PAGE_SIZE = 25
BREAK_GLASS_LISTED_DAYS = 7


@require_GET
@member_required(Capability.RECORD_CASEWORK)
def caseload(request):
    membership = request.membership
    if membership.can(Capability.SEE_ALL_CASES):
        return _case_list(request, membership)
    return render(request, "cases/caseload.html",
                  {"cases": list(caseload_for(membership)), "today": timezone.localdate()})


def _case_list(request, membership):
    form = CaseFilterForm(request.GET or None, teams=team_list(membership),
                          members=case_assignable_members(membership))
    page = Paginator(case_list_for(membership, **form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {
        "form": form, "page": page, "today": timezone.localdate(), "closures": list(closures_awaiting(membership)),
        "break_glass": list(break_glass_recent(membership, BREAK_GLASS_LISTED_DAYS)),
        "break_glass_days": BREAK_GLASS_LISTED_DAYS,
    })
