"""The lifecycle actions taken from a case's page: choose the lead worker and team, start a stage, restrict the
case and say who has access, record a review, propose a closure, approve or decline it, and reopen a case.

Each view finds the case through the policy (``with_case``), checks the person's role may act (``not_available``),
calls one service, then redirects to the case with a success banner. A service's field errors go next to the
fields (400, nothing saved); a case that changed under the person (``InvalidTransition``) shows the case page as
it is now, with what happened (409)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import Capability
from accounts.selectors import team_list
from cases import permissions
from cases.forms.lifecycle import (
    AccessGrantForm,
    AccessRemoveForm,
    CaseAssignForm,
    CaseStatusForm,
    ClosureDecideForm,
    ClosureProposeForm,
    ReopenForm,
    RestrictForm,
    ReviewForm,
    apply_service_errors,
)
from cases.models import (
    OPEN_INTERVENTION_STATUSES,
    POST_CLOSURE_KINDS,
    Case,
    CaseStatus,
    Closure,
    ClosureStatus,
    Review,
    ReviewOutcome,
)
from cases.selectors import (
    case_assignable_members,
    case_get_for_user,
    case_named_access,
    closure_get_for_user,
    review_get_for_user,
)
from cases.services import (
    case_assign,
    case_grant_access,
    case_record_view,
    case_remove_access,
    case_reopen,
    case_set_restricted,
    case_start_assessment,
    case_start_review,
    case_start_support,
    closure_decide,
    closure_propose,
    review_record,
)
from cases.views.case import not_available, render_case_page, with_case
from core.access import member_required
from core.exceptions import DomainError, InvalidTransition, PermissionDenied
from core.forms import apply_domain_error, error_messages, posted

A = permissions.CaseAction
STAGE_SERVICES = {CaseStatus.ASSESSMENT: case_start_assessment, CaseStatus.SUPPORT: case_start_support,
                  CaseStatus.REVIEW: case_start_review}
REVIEW_DONE = {
    ReviewOutcome.CONTINUE: "The review has been recorded. The support plan continues and the next review is booked.",
    ReviewOutcome.REASSESS: "The review has been recorded. The case is back in assessment.",
    ReviewOutcome.READY_TO_CLOSE: "The review has been recorded. You can now propose closing the case.",
    ReviewOutcome.REOPEN: "The review has been recorded and the case has been reopened.",
}
STAGE_DONE = {CaseStatus.ASSESSMENT: "The assessment has started.",
              CaseStatus.SUPPORT: "The support plan has started. The first review has been booked.",
              CaseStatus.REVIEW: "The review has started. Record it below when it has been held."}


def _conflict(request, case, error: InvalidTransition):
    """Someone changed the case first, or its status does not allow this: the case as it is now, with why."""
    try:
        case = case_get_for_user(request.membership, case.pk)
    except Case.DoesNotExist:
        raise Http404 from None
    return render_case_page(request, case, problem=error.message, status=409)


def _page(request, template, case, status=200, **context):
    """One of these pages, recorded as a view of the case: each shows the person's name and some of the case."""
    case_record_view(case=case, actor_membership=request.membership)
    return render(request, f"cases/{template}", {"case": case, "today": timezone.localdate(), **context},
                  status=status)


def _open_interventions(case) -> list:
    """The interventions still planned or running, which stop the case closing (read from a visible case)."""
    return list(case.interventions.filter(status__in=OPEN_INTERVENTION_STATUSES).order_by("start_on", "pk"))


@require_http_methods(["GET", "POST"])
@member_required(Capability.SEE_ALL_CASES)
@with_case
def case_assign_page(request, case):
    if (response := not_available(request, case, A.ASSIGN)) is not None:
        return response
    form = CaseAssignForm(posted(request), case=case, members=case_assignable_members(request.membership),
                          teams=team_list(request.membership))
    if request.method == "POST" and form.is_valid():
        try:
            updated = case_assign(case=case, actor_membership=request.membership,
                                  lead_worker_id=form.lead_worker_id(), team_id=form.team_id())
        except InvalidTransition as error:
            return _conflict(request, case, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            who = updated.lead_worker
            messages.success(request, f"{who} is now the lead worker." if who else "The case has no lead worker now.")
            return redirect("cases:detail", case.pk)
    return _page(request, "assign.html", case, form=form, status=400 if form.errors else 200)


@require_POST
@member_required(Capability.RECORD_CASEWORK)
@with_case
def case_status_view(request, case):
    if (response := not_available(request, case, A.RECORD)) is not None:
        return response
    form = CaseStatusForm(request.POST)
    if not form.is_valid():
        return render_case_page(request, case, status_form=form, status=400)
    stage = form.cleaned_data["to"]
    try:
        STAGE_SERVICES[stage](case=case, actor_membership=request.membership)
    except InvalidTransition as error:
        return _conflict(request, case, error)
    except DomainError as error:
        return render_case_page(request, case, problem=" ".join(error_messages(error)), status=400)
    messages.success(request, STAGE_DONE[stage])
    return redirect("cases:detail", case.pk)


@require_http_methods(["GET", "POST"])
@member_required(Capability.SEE_ALL_CASES)
@with_case
def case_restrict_page(request, case):
    if (response := not_available(request, case, A.RESTRICT)) is not None:
        return response
    form = RestrictForm(posted(request), case=case)
    if request.method == "POST" and form.is_valid():
        restricted = form.cleaned_data["restricted"]
        try:
            case_set_restricted(case=case, actor_membership=request.membership, restricted=restricted,
                                reason=form.cleaned_data["reason"])
        except InvalidTransition as error:
            return _conflict(request, case, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The case is now restricted. You have been given access to it by name."
                             if restricted else "The case is no longer restricted.")
            return redirect("cases:access" if restricted else "cases:detail", case.pk)
    return _page(request, "restrict.html", case, form=form, status=400 if form.errors else 200)


def _access_context(request, case) -> dict:
    """Who has been given access by name, and who else could be (active practitioners, leads and managers)."""
    holders = [row.user for row in case_named_access(request.membership, case)]
    holder_ids = {user.pk for user in holders}
    members = [member for member in case_assignable_members(request.membership) if member.user_id not in holder_ids]
    return {"holders": holders, "members": members}


@require_http_methods(["GET", "POST"])
@member_required(Capability.SEE_ALL_CASES)
@with_case
def case_access_page(request, case):
    """Named access to a restricted case: give it (the form) or remove it (a button per person)."""
    if (response := not_available(request, case, A.RESTRICT)) is not None:
        return response
    people = _access_context(request, case)
    grant_form = AccessGrantForm(members=people["members"])
    if request.method == "POST" and "remove" in request.POST:
        remove_form = AccessRemoveForm({"user": request.POST["remove"]})
        if remove_form.is_valid():
            try:
                case_remove_access(case=case, actor_membership=request.membership,
                                   user_id=remove_form.cleaned_data["user"])
            except InvalidTransition as error:
                return _conflict(request, case, error)
            except DomainError as error:
                apply_domain_error(grant_form, error)
            else:
                messages.success(request, "Their access has been removed.")
                return redirect("cases:access", case.pk)
        else:
            grant_form.add_error(None, remove_form.errors["user"][0])
    elif request.method == "POST":
        grant_form = AccessGrantForm(request.POST, members=people["members"])
        if grant_form.is_valid():
            try:
                case_grant_access(case=case, actor_membership=request.membership, user_id=grant_form.user_id())
            except InvalidTransition as error:
                return _conflict(request, case, error)
            except DomainError as error:
                apply_domain_error(grant_form, error)
            else:
                messages.success(request, "They can now see this case.")
                return redirect("cases:access", case.pk)
    return _page(request, "restrict_access.html", case, form=grant_form, **people,
                 status=400 if grant_form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(Capability.RECORD_CASEWORK)
@with_case
def case_review_page(request, case, review_id):
    """Record a review that is due: a scheduled one while the case is open, or one of the two after closure."""
    try:
        review = review_get_for_user(request.membership, case.pk, review_id)
    except Review.DoesNotExist:
        raise Http404 from None
    if (response := not_available(request, case, A.REVIEW)) is not None:
        return response
    if review.held_on or review.cancelled:
        messages.info(request, "This review has already been recorded." if review.held_on
                      else "This review was cancelled, so it cannot be recorded.")
        return redirect("cases:detail", case.pk)
    form = ReviewForm(posted(request), review=review)
    if request.method == "POST":
        form.is_valid()  # a date that is not a real date is the form's error; the service then reports the rest
        data = form.cleaned_data
        try:
            review_record(review=review, actor_membership=request.membership, held_on=data.get("held_on"),
                          summary=data.get("summary", ""), outcome=data.get("outcome", ""))
        except InvalidTransition as error:
            return _conflict(request, case, error)
        except DomainError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, REVIEW_DONE.get(data["outcome"], "The review has been recorded."))
            return redirect("cases:detail", case.pk)
    return _page(request, "review_form.html", case, form=form, review=review,
                 after_closure=review.kind in POST_CLOSURE_KINDS, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(Capability.PROPOSE_CLOSURE)
@with_case
def case_close_page(request, case):
    """Propose closing the case; a safeguarding lead or manager other than the proposer approves it."""
    if (response := not_available(request, case, A.PROPOSE_CLOSURE)) is not None:
        return response
    pending = case.closures.filter(status=ClosureStatus.PROPOSED).first()
    if pending is not None:
        messages.info(request, "Closing this case has already been proposed. It is waiting for approval.")
        return redirect("cases:detail", case.pk)
    form = ClosureProposeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            closure_propose(case=case, actor_membership=request.membership, reason=form.cleaned_data["reason"],
                            summary=form.cleaned_data["summary"])
        except InvalidTransition as error:
            return _conflict(request, case, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Closing the case has been proposed. A safeguarding lead or manager will "
                                      "approve it or say what still needs doing.")
            return redirect("cases:detail", case.pk)
    return _page(request, "closure_propose.html", case, form=form, open_interventions=_open_interventions(case),
                 status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(Capability.APPROVE_CLOSURE)
@with_case
def case_closure_decide_page(request, case, closure_id):
    try:
        closure = closure_get_for_user(request.membership, case.pk, closure_id)
    except Closure.DoesNotExist:
        raise Http404 from None
    if (response := not_available(request, case, A.APPROVE_CLOSURE)) is not None:
        return response
    if closure.status != ClosureStatus.PROPOSED:
        messages.info(request, "This closure has already been decided.")
        return redirect("cases:detail", case.pk)
    own = closure.proposed_by_id == request.user.pk  # someone else must decide: the page says so, with no form
    form = ClosureDecideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            decided = closure_decide(closure=closure, actor_membership=request.membership, approve=form.approve(),
                                     note=form.cleaned_data["note"])
        except InvalidTransition as error:
            return _conflict(request, case, error)
        except PermissionDenied:
            own = True
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The case is closed. The reviews after closure have been booked."
                             if decided.status == ClosureStatus.APPROVED
                             else "The closure was not approved. The case stays open.")
            return redirect("cases:detail", case.pk)
    return _page(request, "closure_decide.html", case, form=form, closure=closure, own=own,
                 open_interventions=_open_interventions(case),
                 status=(403 if own and request.method == "POST" else 400 if form.errors and not own else 200))


@require_http_methods(["GET", "POST"])
@member_required(Capability.SEE_ALL_CASES)
@with_case
def case_reopen_page(request, case):
    if (response := not_available(request, case, A.REOPEN)) is not None:
        return response
    if not case.is_closed:
        messages.info(request, "This case is not closed, so it cannot be reopened.")
        return redirect("cases:detail", case.pk)
    form = ReopenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            case_reopen(case=case, actor_membership=request.membership, reason=form.cleaned_data["reason"])
        except InvalidTransition as error:
            return _conflict(request, case, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Case {case.reference} has been reopened.")
            return redirect("cases:detail", case.pk)
    return _page(request, "reopen.html", case, form=form, status=400 if form.errors else 200)

