from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit import selectors, services
from audit.actions import registered_actions
from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from core.access import member_required

READ_ALL = "audit.read_all"
EXPORT = "audit.export"


@member_required(READ_ALL)
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {key: value for key, value in filters.items() if value}
    events = selectors.audit_event_list_visible_to(request.membership, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read before the view itself is recorded
    services.audit_trail_record_view(authority_id=request.membership.authority_id, actor=request.user,
                                     filters=filters)
    return render(request, "audit/event_list.html",
                  {"form": form, "page": page, "labels": registered_actions(),
                   "can_export": request.membership.can(EXPORT)})


@member_required(READ_ALL)
def event_detail(request, event_id):
    try:
        event = selectors.audit_event_get_for_user(request.membership, event_id)
    except AuditEvent.DoesNotExist:
        raise Http404 from None
    services.audit_event_record_view(event=event, actor=request.user)
    return render(request, "audit/event_detail.html", {"event": event, "labels": registered_actions(),
                                                       "can_export": request.membership.can(EXPORT)})


@require_POST
@member_required(READ_ALL)
def verify(request):
    report = services.audit_trail_verify(authority_id=request.membership.authority_id, actor=request.user)
    if report.ok:
        messages.success(request, f"The audit trail is intact: all {report.checked} events check out.")
    else:
        messages.error(request, f"The audit trail is broken at event number {report.broken_sequence}: "
                                f"{report.reason}. Tell your data protection officer and IT team now.")
    return redirect("audit:events")
