"""Moving a version on: send for sign-off, sign off, return to draft, publish, discard.

Each is a POST from the sign-off panel of the version's page. A refusal from the service (the draft is incomplete,
someone else acted first, one person trying to give both sign-offs) shows that page again with the reasons.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from consensus import services
from consensus.forms import ReturnToDraftForm, SignOffForm
from consensus.models import SignOffKind, VersionStatus
from consensus.permissions import ConsensusAction as A
from consensus.views.access import allowed, with_version
from consensus.views.versions import render_version_page
from core.exceptions import DomainError
from core.forms import error_messages


def _act(request, version, service, success: str, **kwargs):
    try:
        service(version=version, actor_membership=request.membership, **kwargs)
    except DomainError as error:
        return render_version_page(request, version, errors=error_messages(error), status=error.status_code)
    messages.success(request, success)
    return redirect("consensus:version", version.pk)


@require_POST
@allowed(A.SUBMIT)
@with_version()
def version_submit(request, version):
    return _act(request, version, services.consensus_version_submit_for_review,
                f"Version {version.number} has been sent for sign-off. It cannot be changed while it waits.")


@require_POST
@allowed(A.SIGN_OFF_STRATEGIC, A.SIGN_OFF_FRONTLINE)
@with_version()
def version_sign_off(request, version):
    form = SignOffForm(request.POST)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    words = {SignOffKind.STRATEGIC: "strategic", SignOffKind.FRONTLINE: "frontline"}.get(kind, "")
    return _act(request, version, services.consensus_version_sign_off, kind=kind,
                success=f"You have given the {words} sign-off for version {version.number}.")


@require_http_methods(["GET", "POST"])
@allowed(A.RETURN_TO_DRAFT)
@with_version()
def version_return(request, version):
    if version.status != VersionStatus.IN_REVIEW:
        messages.error(request, f"Version {version.number} is not waiting for sign-off, so it cannot be returned to "
                                "draft.")
        return redirect("consensus:version", version.pk)
    form = ReturnToDraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _act(request, version, services.consensus_version_return_to_draft, reason=form.cleaned_data["reason"],
                    success=f"Version {version.number} is a draft again. Any sign-offs given have been withdrawn.")
    return render(request, "consensus/version_return.html", {"form": form, "version": version},
                  status=400 if form.errors else 200)


@require_POST
@allowed(A.PUBLISH)
@with_version()
def version_publish(request, version):
    try:
        services.consensus_version_publish(version=version, actor_membership=request.membership)
    except DomainError as error:
        return render_version_page(request, version, errors=error_messages(error), status=error.status_code)
    messages.success(request, f"Version {version.number} has been published. It is now the agreement everyone in "
                              f"{request.membership.authority.name} works to.")
    return redirect("consensus:agreement")


@require_http_methods(["GET", "POST"])
@allowed(A.DISCARD)
@with_version(editable=True)
def version_discard(request, version):
    errors = []
    if request.method == "POST":
        try:
            services.consensus_draft_discard(version=version, actor_membership=request.membership)
        except DomainError as error:
            errors = error_messages(error)
        else:
            messages.success(request, f"The draft of version {version.number} has been discarded.")
            return redirect("consensus:versions")
    return render(request, "consensus/version_discard.html", {"version": version, "errors": errors},
                  status=400 if errors else 200)
