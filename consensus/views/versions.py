"""The versions of the agreement: the list, starting a draft, a version's page and its summary of change."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from consensus import permissions, selectors, services
from consensus.forms import ReturnToDraftForm, SummaryForm
from consensus.models import OPEN_STATUSES, VersionStatus
from consensus.permissions import ConsensusAction as A
from consensus.views import display
from consensus.views.access import allowed, with_version
from core.exceptions import DomainError
from core.forms import apply_domain_error


def render_version_page(request, version, *, errors=(), return_form=None, status=200):
    """A version's page: what it contains, what it changes from the version it was based on, and its sign-off
    panel with the actions this person may take now. Lifecycle views render it again to show a refusal."""
    comparison = None
    if version.based_on_id is not None:
        result = selectors.consensus_version_compare(version.based_on, version)
        comparison = display.comparison(result, display.Lookups.of(version))
    return render(request, "consensus/version_detail.html", {
        "version": version, "actions": permissions.get_actions(version, request.membership),
        "parts": display.part_overview(version), "timescales": display.timescale_rows(version),
        "comparison": comparison, "sign_offs": display.sign_offs(version), "errors": errors,
        "return_form": return_form or ReturnToDraftForm(),
    }, status=status)


@require_GET
@allowed(A.VIEW_DRAFTS)
def version_list(request):
    versions = list(selectors.consensus_version_list_visible_to(request.membership))
    for version in versions:
        version.actions = permissions.get_actions(version, request.membership)
    open_version = next((version for version in versions if version.status in OPEN_STATUSES), None)
    return render(request, "consensus/version_list.html", {
        "versions": versions, "open_version": open_version,
        "current": next((version for version in versions if version.status == VersionStatus.PUBLISHED), None),
        "can_start": open_version is None and permissions.can(request.membership, A.CREATE_DRAFT),
    })


@require_http_methods(["GET", "POST"])
@allowed(A.CREATE_DRAFT)
def version_start(request):
    current = selectors.consensus_version_list_visible_to(request.membership).filter(
        status=VersionStatus.PUBLISHED).first()
    form = SummaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.consensus_draft_create(actor_membership=request.membership,
                                                    summary=form.cleaned_data["summary"])
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Version {draft.number} has been started as a draft.")
            return redirect("consensus:version", draft.pk)
    return render(request, "consensus/version_start.html", {"form": form, "current": current},
                  status=400 if form.errors else 200)


@require_GET
@allowed(A.VIEW_DRAFTS)
@with_version()
def version_detail(request, version):
    return render_version_page(request, version)


@require_http_methods(["GET", "POST"])
@allowed(A.EDIT)
@with_version(editable=True)
def version_summary(request, version):
    form = SummaryForm(request.POST or None, initial={"summary": version.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.consensus_version_update(version=version, summary=form.cleaned_data["summary"],
                                              actor_membership=request.membership)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The summary of what this version changes has been saved.")
            return redirect("consensus:version", version.pk)
    return render(request, "consensus/version_summary.html", {"form": form, "version": version},
                  status=400 if form.errors else 200)
