"""Making a referral: the start page, one page per step (each saves the draft), check your answers, submission and
the confirmation, and the list of drafts to come back to. Works without JavaScript."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Capability
from consensus.selectors import consensus_current_for
from core.access import member_required
from core.exceptions import DomainError
from core.forms import apply_domain_error
from referrals import forms
from referrals.models import ReferralStatus
from referrals.selectors import referral_draft_missing, referral_list_visible_to
from referrals.services import referral_draft_create, referral_draft_update, referral_submit
from referrals.validation import STEPS
from referrals.views import display
from referrals.views.access import unless_draft, with_referral


@dataclass(frozen=True)
class StepPage:
    name: str
    slug: str
    title: str
    form: type
    number: int

    @property
    def template(self) -> str:
        return f"referrals/referral_step_{self.name}.html"


_FORMS = {"subject": forms.SubjectForm, "concern": forms.ConcernForm, "referrer": forms.ReferrerForm,
          "consent": forms.ConsentForm}
STEP_PAGES = [StepPage(name, slug, title, _FORMS[name], number)
              for number, (name, slug, title) in enumerate(display.STEP_PAGES, start=1)]
STEP_BY_SLUG = {page.slug: page for page in STEP_PAGES}
assert [page.name for page in STEP_PAGES] == list(STEPS), "every step of validation.STEPS needs a page"


class StepConverter:
    """A step's URL segment (``about-the-person``) to its StepPage; any other segment is not a match (404)."""

    regex = "|".join(STEP_BY_SLUG)

    def to_python(self, value: str) -> StepPage:
        return STEP_BY_SLUG[value]

    def to_url(self, value) -> str:
        return value.slug if isinstance(value, StepPage) else value


def _after(page: StepPage, referral, from_check: bool):
    if from_check or page.number == len(STEP_PAGES):
        return redirect("referrals:check", referral.pk)
    return redirect("referrals:step", referral.pk, STEP_PAGES[page.number].slug)


def _back(page: StepPage, referral, from_check: bool) -> str:
    if from_check:
        return reverse("referrals:check", args=[referral.pk])
    if page.number == 1:
        return reverse("referrals:drafts")
    return display.step_url(referral, STEP_PAGES[page.number - 2].name)


@require_http_methods(["GET", "POST"])
@member_required(Capability.SUBMIT_REFERRAL)
def referral_start(request):
    if request.method == "POST":
        referral = referral_draft_create(actor_membership=request.membership)
        return redirect("referrals:step", referral.pk, STEP_PAGES[0].slug)
    return render(request, "referrals/referral_start.html", {
        "version": consensus_current_for(request.membership.authority_id),
        "draft_count": referral_list_visible_to(request.membership, status=ReferralStatus.DRAFT).count()})


@require_http_methods(["GET", "POST"])
@member_required(Capability.SUBMIT_REFERRAL)
@with_referral
def referral_step(request, referral, page: StepPage):
    if (response := unless_draft(request, referral)) is not None:
        return response
    from_check = request.GET.get("from") == "check"
    version = consensus_current_for(referral.authority_id) if page.name == "concern" else None
    form = page.form(request.POST or None, initial=page.form.initial_from(referral, request.membership),
                     referral=referral, membership=request.membership, version=version)
    if request.method == "POST" and form.is_valid():
        saving_for_later = "save_for_later" in request.POST
        try:
            if not saving_for_later:  # "Save and continue" needs the step complete; "come back later" does not
                form.check_complete(form.service_data(), today=timezone.localdate())
            referral_draft_update(referral=referral, actor_membership=request.membership, data=form.service_data())
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if saving_for_later:
                messages.success(request, "Your draft referral has been saved. You can carry on with it here.")
                return redirect("referrals:drafts")
            return _after(page, referral, from_check)
    return render(request, page.template, {
        "form": form, "referral": referral, "page": page, "steps": len(STEP_PAGES), "version": version,
        "back_href": _back(page, referral, from_check)}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(Capability.SUBMIT_REFERRAL)
@with_referral
def referral_check(request, referral):
    if not referral.is_draft and referral.submitted_by_id == request.user.pk:
        return redirect("referrals:submitted", referral.pk)  # a second click on "Submit referral"
    if (response := unless_draft(request, referral)) is not None:
        return response
    errors = {}
    if request.method == "POST":
        try:
            referral_submit(referral=referral, actor_membership=request.membership)
        except DomainError as error:
            errors = error.as_errors()
        else:
            return redirect("referrals:submitted", referral.pk)
    missing = errors or referral_draft_missing(request.membership, referral)
    return render(request, "referrals/referral_check.html", {
        "referral": referral, "sections": display.answers(referral, today=timezone.localdate(), missing=missing),
        "missing": display.missing_links(referral, missing), "submit_failed": bool(errors),
        "withdraw_form": forms.WithdrawForm()}, status=400 if errors else 200)


@require_GET
@member_required(Capability.SUBMIT_REFERRAL)
@with_referral
def referral_submitted(request, referral):
    if referral.is_draft:
        return redirect("referrals:check", referral.pk)
    if referral.submitted_by_id != request.user.pk:
        return redirect("referrals:detail", referral.pk)
    return render(request, "referrals/referral_submitted.html", {"referral": referral})


@require_GET
@member_required(Capability.SUBMIT_REFERRAL)
def referral_drafts(request):
    drafts = referral_list_visible_to(request.membership, status=ReferralStatus.DRAFT).order_by("-updated_at")
    return render(request, "referrals/referral_drafts.html", {"drafts": drafts})
