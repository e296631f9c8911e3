"""The case page, and the break-glass page a safeguarding lead or manager sees instead when a case of their
authority is restricted and they have no access to it.

Every time the case page is shown, the view is recorded in the audit trail (``case_record_view``). A case the
person may not see is "not found" (404), whatever the reason, with one exception: a lead or manager asking for a
restricted case of their own authority gets the break-glass page, which names the case's reference and nothing
else about it (not the person, the team, the lead worker or the status), and asks for their reason."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Capability
from cases import permissions
from cases.forms.lifecycle import STAGES, BreakGlassForm
from cases.models import POST_CLOSURE_KINDS, Case, CaseStatus, ClosureStatus
from cases.models.choices import BREAK_GLASS_MINUTES
from cases.selectors import break_glass_recent, break_glass_reference, case_get_for_user
from cases.services import case_break_glass, case_record_view
from cases.views.records import records_context
from core.access import member_required
from core.exceptions import DomainError, InvalidTransition, PermissionDenied
from core.forms import apply_domain_error
from referrals import permissions as referral_permissions
from referrals.templatetags.referral_display import clock

A = permissions.CaseAction
# The next stage a case's page offers, from each status (the services check the move is allowed).
NEXT_STAGE = {CaseStatus.OPEN: CaseStatus.ASSESSMENT, CaseStatus.ASSESSMENT: CaseStatus.SUPPORT,
              CaseStatus.SUPPORT: CaseStatus.REVIEW}
BREAK_GLASS_SHOWN_DAYS = 30
# The actions the box beside the case offers a link or button for (the records pages add their own).
LIFECYCLE_LINKS = {A.ASSIGN, A.RESTRICT, A.PROPOSE_CLOSURE, A.APPROVE_CLOSURE, A.REOPEN}


def _history(membership, case: Case) -> dict:
    """The case page's reviews, closures and (for leads and managers) recent break-glass access: three queries,
    whatever their number. Reviews and closures are read from a case the policy has already let this person see."""
    reviews = list(case.reviews.select_related("held_by").order_by("due_on", "pk"))
    closures = list(case.closures.select_related("proposed_by", "decided_by").order_by("-proposed_at", "-pk"))
    glass = list(break_glass_recent(membership, BREAK_GLASS_SHOWN_DAYS, case_id=case.pk))
    return {"reviews": reviews, "closures": closures, "break_glass": glass, "break_glass_days": BREAK_GLASS_SHOWN_DAYS,
            "pending_closure": next((row for row in closures if row.status == ClosureStatus.PROPOSED), None),
            "due_review": next((row for row in reviews if _recordable(case, row)), None)}


def _recordable(case: Case, review) -> bool:
    """Whether ``review`` can be recorded now: waiting, and a scheduled one while the case is in support or review,
    or one after closure while it is closed (the service's rule, to offer the link only when it will work)."""
    if review.held_on or review.cancelled:
        return False
    if review.kind in POST_CLOSURE_KINDS:
        return case.is_closed
    return case.status in (CaseStatus.SUPPORT, CaseStatus.REVIEW)


def with_case(view):
    """Decorate a view taking ``case_id``: pass it the case instead, with what its pages show loaded. Missing,
    another authority's, or not visible to this person: 404. A service's PermissionDenied: the 403 page."""

    @wraps(view)
    def wrapped(request, case_id, *args, **kwargs):
        try:
            case = case_get_for_user(request.membership, case_id)
        except Case.DoesNotExist:
            raise Http404 from None
        try:
            return view(request, case, *args, **kwargs)
        except PermissionDenied:
            return render(request, "403.html", status=403)

    return wrapped


def not_available(request, case: Case, action: A):
    """None when the person may take ``action`` on ``case`` now. Someone whose role never allows it: the 403 page.
    Someone who works on the case when only its closure stands in the way: a GET goes back to the case page with
    the reason; a POST goes on to the service, whose InvalidTransition shows the case page as a conflict (409)."""
    membership = request.membership
    if permissions.can(membership, action, case):
        return None
    closed_only = action in (A.RECORD, A.PROPOSE_CLOSURE) and case.is_closed and permissions.can(membership, A.REVIEW,
                                                                                               case)
    if not closed_only:
        return render(request, "403.html", status=403)
    if request.method == "POST":
        return None
    messages.info(request, "This case is closed, so that can no longer be done.")
    return redirect("cases:detail", case.pk)


def render_case_page(request, case: Case, *, status_form=None, problem: str = "", status: int = 200):
    """The case page, recorded as viewed. Action views render it again to show a refusal (``problem``, or the
    stage form's errors) above the case."""
    membership = request.membership
    case_record_view(case=case, actor_membership=membership)
    actions = permissions.get_actions(membership, case)
    history = _history(membership, case)
    next_stage = NEXT_STAGE.get(case.status) if A.RECORD in actions else None
    if next_stage == CaseStatus.REVIEW and history["due_review"] is not None:
        next_stage = None  # recording the review that is due moves the case through review itself
    can_export = (membership.can(Capability.EXPORT_CASE_PDF)
                  and not permissions.through_break_glass_only(membership, case))
    context = {
        "case": case, "actions": actions, "problem": problem, "status_form": status_form, "can_export": can_export,
        "next_stage": next_stage, "next_stage_label": STAGES.get(next_stage, ""), "today": timezone.localdate(),
        "show_actions": bool(can_export or next_stage or set(actions) & LIFECYCLE_LINKS
                             or (history["due_review"] and A.REVIEW in actions)),
        "referral_visible": referral_permissions.can(membership, referral_permissions.ReferralAction.VIEW,
                                                     case.referral),
        **history,
        **records_context(request, case),  # the assessments, interventions, legal actions, challenges and notes
    }
    return render(request, "cases/case_detail.html", context, status=status)


@require_GET
@member_required(Capability.RECORD_CASEWORK)
def case_detail(request, case_id):
    try:
        case = case_get_for_user(request.membership, case_id)
    except Case.DoesNotExist:
        return break_glass_or_404(request, case_id)
    return render_case_page(request, case)


def break_glass_or_404(request, case_id, *, form=None):
    """For a lead or manager and a restricted case of their authority they cannot see: the break-glass page
    (403: not allowed yet, and why). Anyone else, any other case: 404."""
    reference = break_glass_reference(request.membership, case_id)
    if reference is None:
        raise Http404
    form = form or BreakGlassForm()
    return render(request, "cases/break_glass.html", {"case_id": case_id, "reference": reference, "form": form,
                                                      "minutes": BREAK_GLASS_MINUTES},
                  status=400 if form.errors else 403)


@require_http_methods(["GET", "POST"])
@member_required(Capability.SEE_ALL_CASES)
def case_break_glass_page(request, case_id):
    """GET: the break-glass page (or the case, if the person can already see it). POST: the reason; the case
    opens for an hour and the other leads and managers are told."""
    try:
        case_get_for_user(request.membership, case_id)
    except Case.DoesNotExist:
        pass
    else:
        return redirect("cases:detail", case_id)
    if request.method == "GET":
        return break_glass_or_404(request, case_id)
    form = BreakGlassForm(request.POST)
    form.is_valid()
    try:
        access = case_break_glass(case_id=case_id, actor_membership=request.membership,
                                  reason=form.cleaned_data["reason"])
    except Case.DoesNotExist:
        raise Http404 from None
    except PermissionDenied:
        return render(request, "403.html", status=403)
    except InvalidTransition:  # no longer restricted, or access given meanwhile: the case page says which
        return redirect("cases:detail", case_id)
    except DomainError as error:
        apply_domain_error(form, error)
        return break_glass_or_404(request, case_id, form=form)
    messages.success(request, f"You can see this case until {clock(access.expires_at)}. The other safeguarding "
                              "leads and managers have been told, with your reason.")
    return redirect("cases:detail", case_id)

