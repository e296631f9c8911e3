"""The community engagement log (its list and the form to record or correct a session) and the authority's
setting for sharing its evidence base."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.exceptions import DomainError
from core.forms import apply_domain_error
from evidence import permissions, selectors
from evidence.forms import EngagementForm, SharingForm
from evidence.models import CommunityEngagement
from evidence.services import engagement_record, engagement_update, evidence_sharing_set, sharing_for
from evidence.views._common import allowed, posted, status_for

A = permissions.EvidenceAction
SESSIONS_PER_PAGE = 25


@require_GET
@allowed(A.RECORD_ENGAGEMENT)
def engagement_list(request):
    page = Paginator(selectors.engagement_list(request.membership), SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "evidence/engagement_list.html", {
        "page": page, "section": "engagement",
        "sees_figures": permissions.role_can(request.membership, A.SEE_FIGURES)})


@require_http_methods(["GET", "POST"])
@allowed(A.RECORD_ENGAGEMENT)
def engagement_new(request):
    form = EngagementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            engagement_record(actor_membership=request.membership, data=form.service_data())
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The session has been added to the log.")
            return redirect("evidence:engagement")
    return render(request, "evidence/engagement_form.html", {"form": form, "section": "engagement"},
                  status=status_for(form))


@require_http_methods(["GET", "POST"])
@allowed(A.RECORD_ENGAGEMENT)
def engagement_edit(request, engagement_id):
    try:
        session = selectors.engagement_get_for_user(request.membership, engagement_id)
    except CommunityEngagement.DoesNotExist:
        raise Http404 from None
    initial = {field: getattr(session, field) for field in ("held_on", "audience", "topic", "partners", "notes")}
    form = EngagementForm(posted(request), initial={**initial, "attendance": session.attendance})
    if request.method == "POST" and form.is_valid():
        try:
            engagement_update(engagement=session, actor_membership=request.membership, data=form.service_data())
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The session has been changed.")
            return redirect("evidence:engagement")
    return render(request, "evidence/engagement_form.html", {"form": form, "session": session,
                                                             "section": "engagement"}, status=status_for(form))


@require_http_methods(["GET", "POST"])
@allowed(A.MANAGE_SHARING)
def sharing(request):
    current = sharing_for(request.membership.authority_id)
    shares = bool(current and current.opted_in)
    form = SharingForm(posted(request), initial={"opted_in": "yes" if shares else "no"})
    if request.method == "POST" and form.is_valid():
        try:
            row = evidence_sharing_set(actor_membership=request.membership, opted_in=form.cleaned_choice())
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Your authority now shares its evidence base." if row.opted_in
                             else "Your authority does not share its evidence base now.")
            return redirect("evidence:sharing")
    return render(request, "evidence/sharing.html", {"form": form, "current": current, "shares": shares,
                                                     "section": "sharing"}, status=status_for(form))
