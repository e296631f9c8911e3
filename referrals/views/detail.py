"""A referral's page, and the screening actions taken from it: assign, start screening, add a note.

Every time the page is shown, the view is recorded in the audit trail (``referral_record_view``). Practitioners see
the status and outcome of the referrals they made or were given; screening notes and the duplicate check are for
safeguarding leads and managers.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import Capability
from cases import permissions as case_permissions
from core.access import member_required
from core.exceptions import DomainError, InvalidTransition
from core.forms import apply_domain_error
from referrals import permissions
from referrals.forms import AssignForm, NoteForm
from referrals.selectors import (
    referral_assignable_members,
    referral_duplicate_matches,
    referral_get_for_user,
    referral_history,
)
from referrals.services import (
    referral_assign,
    referral_record_view,
    referral_screening_note_add,
    referral_start_screening,
)
from referrals.views import display
from referrals.views.access import conflict_message, not_available, with_referral

A = permissions.ReferralAction


def _case(referral, membership):
    """The case the decision opened, and whether this person may open its page."""
    try:
        case = referral.case
    except ObjectDoesNotExist:
        return None, False
    return case, case_permissions.can(membership, case_permissions.CaseAction.VIEW, case)


def _action_forms(membership, referral, actions, assign_form, note_form) -> dict:
    if assign_form is None and A.ASSIGN in actions:
        assign_form = AssignForm(prefix="assign", members=referral_assignable_members(membership),
                                 current=referral.assigned_to_id)
    if note_form is None and A.SCREEN in actions:
        note_form = NoteForm(prefix="note")
    return {"assign_form": assign_form, "note_form": note_form}


def render_referral_page(request, referral, *, assign_form=None, note_form=None, conflict="", status=200):
    """The referral page, recorded as viewed. Action views render it again to show a refusal next to its field."""
    membership = request.membership
    referral_record_view(referral=referral, actor_membership=membership)
    actions = permissions.get_actions(membership, referral)
    screener = permissions.can(membership, A.VIEW_SCREENING, referral)
    case, case_visible = _case(referral, membership)
    matches = referral_duplicate_matches(membership, referral) if screener else None
    return render(request, "referrals/referral_detail.html", {
        "referral": referral, "actions": actions, "screener": screener, "conflict": conflict,
        "sections": display.answers(referral, today=timezone.localdate()), "now": timezone.now(),
        "history": referral_history(membership, referral), "transition_words": display.TRANSITION_WORDS,
        "matches": matches, "duplicate_words": display.duplicate_words(matches),
        "case": case, "case_visible": case_visible,
        **_action_forms(membership, referral, actions, assign_form, note_form),
    }, status=status)


def render_conflict(request, referral, error: InvalidTransition):
    """Someone changed the referral first: show it as it is now, with what happened, as a 409."""
    referral = referral_get_for_user(request.membership, referral.pk)
    return render_referral_page(request, referral, conflict=conflict_message(request, referral, error), status=409)


@require_GET
@member_required(Capability.SUBMIT_REFERRAL)
@with_referral
def referral_detail(request, referral):
    if referral.is_draft:
        return redirect("referrals:check", referral.pk)
    return render_referral_page(request, referral)


@require_POST
@member_required(Capability.DECIDE_REFERRAL)
@with_referral
def referral_assign_view(request, referral):
    if (response := not_available(request, referral, A.ASSIGN)) is not None:
        return response
    form = AssignForm(request.POST, prefix="assign", members=referral_assignable_members(request.membership))
    form.is_valid()
    try:
        updated = referral_assign(referral=referral, assignee_user_id=form.assignee_user_id(),
                                  actor_membership=request.membership)
    except InvalidTransition as error:
        return render_conflict(request, referral, error)
    except DomainError as error:
        apply_domain_error(form, error)
        return render_referral_page(request, referral, assign_form=form, status=400)
    who = updated.assigned_to
    messages.success(request, f"{referral.reference} is now assigned to {who}." if who
                     else f"{referral.reference} is no longer assigned to anyone.")
    return redirect("referrals:detail", referral.pk)


@require_POST
@member_required(Capability.DECIDE_REFERRAL)
@with_referral
def referral_start_screening_view(request, referral):
    if (response := not_available(request, referral, A.SCREEN)) is not None:
        return response
    try:
        referral_start_screening(referral=referral, actor_membership=request.membership)
    except InvalidTransition as error:
        return render_conflict(request, referral, error)
    messages.success(request, f"You have started screening {referral.reference}.")
    return redirect("referrals:detail", referral.pk)


@require_POST
@member_required(Capability.DECIDE_REFERRAL)
@with_referral
def referral_note_add(request, referral):
    if (response := not_available(request, referral, A.SCREEN)) is not None:
        return response
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            referral_screening_note_add(referral=referral, actor_membership=request.membership,
                                        kind=form.cleaned_data["kind"], text=form.cleaned_data["text"])
        except InvalidTransition as error:
            return render_conflict(request, referral, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Your screening note has been added.")
            return redirect("referrals:detail", referral.pk)
    return render_referral_page(request, referral, note_form=form, status=400)
