"""Deciding a referral (a pathway of the agreement in force, a rationale, the definitions relied on) and
withdrawing one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from accounts.roles import Capability
from consensus.selectors import consensus_current_for
from core.access import member_required
from core.exceptions import DomainError, InvalidTransition
from core.forms import apply_domain_error
from referrals import permissions
from referrals.forms import DecideForm, WithdrawForm
from referrals.services import referral_decide, referral_record_view, referral_withdraw
from referrals.views.access import not_available, with_referral
from referrals.views.detail import render_conflict

A = permissions.ReferralAction


def _decided_message(referral):
    """The success banner: the response chosen and, when it opened one, a link to the case."""
    case = getattr(referral, "case", None) if referral.pathway.opens_case else None
    if case is None:
        return f"Decision recorded: {referral.pathway.label}."
    return format_html('Decision recorded: {}. Case <a class="govuk-notification-banner__link" href="{}">{}</a> '
                       "has been opened.", referral.pathway.label, reverse("cases:detail", args=[case.pk]),
                       case.reference)


@require_http_methods(["GET", "POST"])
@member_required(Capability.DECIDE_REFERRAL)
@with_referral
def referral_decide_page(request, referral):
    if (response := not_available(request, referral, A.DECIDE)) is not None:
        return response
    version = consensus_current_for(request.membership.authority_id)
    form = DecideForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            decided = referral_decide(referral=referral, actor_membership=request.membership,
                                      pathway_code=form.cleaned_data["pathway"],
                                      rationale=form.cleaned_data["rationale"],
                                      definition_codes=form.cleaned_data["definitions"])
        except InvalidTransition as error:
            return render_conflict(request, referral, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _decided_message(decided))
            return redirect("referrals:detail", referral.pk)
    referral_record_view(referral=referral, actor_membership=request.membership)
    return render(request, "referrals/referral_decide.html", {"referral": referral, "form": form, "version": version},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(Capability.SUBMIT_REFERRAL)
@with_referral
def referral_withdraw_page(request, referral):
    if (response := not_available(request, referral, A.WITHDRAW)) is not None:
        return response
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral_withdraw(referral=referral, actor_membership=request.membership,
                              reason=form.cleaned_data["reason"])
        except InvalidTransition as error:
            return render_conflict(request, referral, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if referral.is_draft:
                messages.success(request, "Your draft referral has been withdrawn.")
                return redirect("referrals:drafts")
            messages.success(request, f"Referral {referral.reference} has been withdrawn.")
            return redirect("referrals:detail", referral.pk)
    return render(request, "referrals/referral_withdraw.html", {"referral": referral, "form": form},
                  status=400 if form.errors else 200)
