"""People and teams, for authority administrators."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import MembershipForm, PersonForm, TeamForm
from accounts.roles import Capability
from accounts.selectors import membership_list_visible_to, team_list
from core.access import member_required
from core.exceptions import DomainError
from core.forms import apply_domain_error


@member_required(Capability.MANAGE_USERS)
def people_list(request):
    memberships = membership_list_visible_to(request.membership)
    return render(request, "accounts/people_list.html",
                  {"memberships": memberships, "teams": team_list(request.membership)})


@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_USERS)
def person_add(request):
    form = PersonForm(request.POST or None, teams=team_list(request.membership), initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.user_create(
                username=data["username"], first_name=data["first_name"], last_name=data["last_name"],
                email=data["email"], password=data["password"], authority=request.membership.authority,
                role=data["role"], team=data["team"], actor_membership=request.membership,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"{membership.user} has been added. They set up their authenticator app "
                                      "the first time they sign in.")
            return redirect("accounts:people")
    return render(request, "accounts/person_add.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_USERS)
def person_edit(request, membership_id):
    membership = get_object_or_404(membership_list_visible_to(request.membership), pk=membership_id)
    initial = {"role": membership.role, "team": membership.team_id, "is_active": membership.is_active}
    form = MembershipForm(request.POST or None, teams=team_list(request.membership), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                membership=membership, role=form.cleaned_data["role"], team=form.cleaned_data["team"],
                is_active=form.cleaned_data["is_active"], actor_membership=request.membership,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Changes to {membership.user} have been saved.")
            return redirect("accounts:people")
    return render(request, "accounts/person_edit.html", {"form": form, "person": membership},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_USERS)
def team_add(request):
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(authority=request.membership.authority, name=form.cleaned_data["name"],
                                        actor_membership=request.membership)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"The team ‘{team.name}’ has been added.")
            return redirect("accounts:people")
    return render(request, "accounts/team_add.html", {"form": form}, status=400 if form.errors else 200)
